"""Geneva Conventions I–IV (1949).

Common art. 2(1): the Conventions apply to all cases of declared war or of any other
armed conflict which may arise between two or more of the High Contracting Parties.
Common art. 2(3): although one of the Powers in conflict may not be a party, the Powers
who are parties remain bound by it in their mutual relations.
Common art. 3: in the case of armed conflict not of an international character
occurring in the territory of one of the High Contracting Parties, each Party to the
conflict shall be bound to apply, as a minimum, the following provisions ...
"""

from whatapplies.rulebook import c

from ._patterns import obligor, party, scenario
from ._shapes import must_be_bound

GC = {"subject": "geneva-conventions", "tier": "regime"}


def declare(book):
    book.requirement(
        "geneva-conventions.no-armed-conflict", **GC, value="unmet", rank=10,
        when=[c.sc << scenario(conflict="none")],
        article="Geneva Conventions common arts. 2, 3",
        reason="There is no armed conflict; the Geneva Conventions apply in armed conflict and occupation.",
    )
    book.requirement(
        "geneva-conventions.international-armed-conflict", **GC, value="met", rank=10,
        when=[c.sc << scenario(conflict="international")],
        article="Geneva Conventions common art. 2",
        reason="There is an international armed conflict (common art. 2).",
    )
    must_be_bound(
        book, "geneva-conventions.acting-state", **GC, instrument="geneva-conventions", who=obligor(),
        situation=scenario(conflict="international"), article="Geneva Conventions common art. 2(1)", rank=20,
    )
    must_be_bound(
        book, "geneva-conventions.opponent", **GC, instrument="geneva-conventions",
        who=party("opponent", "state"), situation=scenario(conflict="international"),
        article="Geneva Conventions common art. 2(3)", rank=30,
    )
    book.requirement(
        "geneva-conventions.non-international-armed-conflict", **GC, value="met", rank=10,
        when=[c.sc << scenario(conflict="non-international")],
        article="Geneva Conventions common art. 3",
        reason="There is an armed conflict not of an international character (common art. 3); every party to it, armed groups included, is bound by common art. 3.",
    )
    must_be_bound(
        book, "geneva-conventions.territorial-state", **GC, instrument="geneva-conventions",
        who=party("territory"), situation=scenario(conflict="non-international"),
        article="Geneva Conventions common art. 3", rank=20,
    )
