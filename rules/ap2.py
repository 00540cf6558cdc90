"""Additional Protocol II (1977): non-international armed conflicts.

Art. 1(1): This Protocol ... shall apply to all armed conflicts which are not covered by
Article 1 of [Protocol I] and which take place in the territory of a High Contracting
Party between its armed forces and dissident armed forces or other organized armed
groups which, under responsible command, exercise such control over a part of its
territory as to enable them to carry out sustained and concerted military operations
and to implement this Protocol.
"""

from whatapplies.rulebook import c, m

from ._patterns import party, scenario
from ._shapes import must_be_bound

AP2 = {"subject": "ap2", "tier": "regime"}


def declare(book):
    book.requirement(
        "ap2.not-non-international", **AP2, value="unmet", rank=10,
        when=[c.sc << (m.kind == "scenario") & (m.conflict != "non-international")],
        article="AP II art. 1(1)",
        reason="AP II applies only in non-international armed conflict (art. 1(1)); the situation is {sc.conflict:conflict}.",
    )
    book.requirement(
        "ap2.non-international-armed-conflict", **AP2, value="met", rank=10,
        when=[c.sc << scenario(conflict="non-international")],
        article="AP II art. 1(1)",
        # The scenario does not say who fights beside whom: art. 1(1)'s further conditions are assumed, and said.
        reason="There is a non-international armed conflict; AP II also requires that it be fought between the territorial state's armed forces and organised armed groups under responsible command controlling part of its territory (art. 1(1)), which the scenario is taken to meet.",
    )
    must_be_bound(
        book, "ap2.territorial-state", **AP2, instrument="ap2", who=party("territory"),
        situation=scenario(conflict="non-international"), article="AP II art. 1(1), 23(2)", rank=20,
    )
