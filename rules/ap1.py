"""Additional Protocol I (1977): international armed conflicts.

Art. 1(3): This Protocol ... shall apply in the situations referred to in Article 2
common to those Conventions.
Art. 96(2): When one of the Parties to the conflict is not bound by this Protocol, the
Parties to the Protocol shall remain bound by it in their mutual relations. They shall
furthermore be bound by this Protocol in relation to each of the Parties which are not
bound by it, if the latter accepts and applies the provisions thereof.
"""

from whatapplies.rulebook import c, m

from ._patterns import obligor, party, scenario
from ._shapes import must_be_bound

AP1 = {"subject": "ap1", "tier": "regime"}


def declare(book):
    book.requirement(
        "ap1.not-international", **AP1, value="unmet", rank=10,
        when=[c.sc << (m.kind == "scenario") & (m.conflict != "international")],
        article="AP I art. 1(3)",
        reason="AP I applies only in international armed conflict (art. 1(3)); the situation is {sc.conflict:conflict}.",
    )
    book.requirement(
        "ap1.international-armed-conflict", **AP1, value="met", rank=10,
        when=[c.sc << scenario(conflict="international")],
        article="AP I art. 1(3)",
        reason="There is an international armed conflict (AP I art. 1(3)).",
    )
    must_be_bound(
        book, "ap1.acting-state", **AP1, instrument="ap1", who=obligor(),
        situation=scenario(conflict="international"), article="AP I art. 1(3), 95(2)", rank=20,
    )
    must_be_bound(
        book, "ap1.opponent", **AP1, instrument="ap1", who=party("opponent", "state"),
        situation=scenario(conflict="international"), article="AP I art. 96(2)", rank=30,
        unmet_reason="{who.state:state} ({who.role:role}) is not bound by AP I on {sc.date:date}; the Parties to the Protocol are bound only in their mutual relations, or towards a non-party that accepts and applies it (art. 96(2)).",
    )
