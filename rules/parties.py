"""Whose obligations govern the conduct.

A state acting is bound by the treaties it is party to. An armed group is not a party
to these treaties; its conduct engages the obligations of the state on whose territory
it acts (e.g. CCW amended art. 1(3), APMBC art. 9, CCM art. 9, CWC art. VII(1)), which
is how DESIGN.md §3 reads `cwc`, `apmbc` and the weapons treaties for armed groups.
"""

from whatapplies.rulebook import c

from ._patterns import party


def declare(book):
    book.derive(
        "parties.acting-state",
        produces="obligor",
        when=[c.a << party("actor", "state")],
        make=lambda b: {"state": b.a.state, "role": "acting-state"},
        article="VCLT art. 26",
        reason="{a.state:state} acts, and is bound by its own treaty obligations.",
        cite=False,
    )
    book.derive(
        "parties.territorial-state-for-group",
        produces="obligor",
        when=[c.a << party("actor", "group"), c.t << party("territory")],
        make=lambda b: {"state": b.t.state, "role": "territorial-state"},
        article="CWC art. VII(1); APMBC art. 9; CCM art. 9; CCW amended art. 1(3)",
        law="Each State Party shall ... prohibit natural and legal persons anywhere on its territory ... from undertaking any activity prohibited to a State Party (CWC art. VII(1)(a)).",
        reason="{a.state:state} is an armed group; the treaty obligations in play are those of the territorial state, {t.state:state}.",
    )
