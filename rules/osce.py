"""Organization for Security and Co-operation in Europe: investigative activity.

OSCE Rules of Procedure (2006) II(A)(1): decisions of the decision-making bodies are
taken by consensus — no participating state objects. A new activity outside existing
mandates needs a Permanent Council (or Ministerial Council) decision.
Moscow Mechanism (Moscow Document 1991, para. 12, as amended at Rome 1993): a mission
of experts can be set up without consensus, on the request of ten participating states
(or six, with the requested state's own request).
The OSCE acts only within its area: the participating states.

Letter of December 2020: "eventuele onderzoeksactiviteiten die niet binnen de reeds
bestaande OVSE-mandaten vallen door alle OVSE-deelnemende landen (waaronder dus ook
Armenië en Azerbeidzjan) moeten worden geaccordeerd."
"""

from whatapplies.rulebook import c, m

from ._patterns import party, scenario, status_of

OSCE = {"subject": "osce", "tier": "body"}


def declare(book):
    book.requirement(
        "osce.territory-in-osce-area", **OSCE, value="conditional", rank=10,
        when=[c.sc << scenario(), c.t << party("territory"), c.st << status_of(c.t, "osce", "bound")],
        article="OSCE Rules of Procedure II(A)(1)",
        reason="{t.state:state} is an OSCE participating state; an investigative activity outside existing mandates needs a consensus decision of all participating states.",
        refs=("letter:L2.osce-needs-all-participating-states",),
    )
    book.requirement(
        "osce.consensus-of-all-participating-states", **OSCE, value="conditional", rank=80,
        route="osce-consensus",
        when=[c.sc << scenario(), c.t << party("territory"), c.tst << status_of(c.t, "osce", "bound"),
              c.p << (m.kind == "party") & (m.role == "involved"), c.st << status_of(c.p, "osce", "bound")],
        states=lambda b: [b.p.state],
        article="OSCE Rules of Procedure II(A)(1); Helsinki Final Act (1975)",
        reason="A Permanent Council or Ministerial Council decision by consensus of all participating states, including {states:states}.",
        compares_parties=True,
    )
    book.requirement(
        "osce.moscow-mechanism", **OSCE, value="conditional", rank=85, route="osce-moscow-mechanism",
        when=[c.sc << scenario(), c.t << party("territory"), c.st << status_of(c.t, "osce", "bound")],
        article="Moscow Document (1991) paras. 12-13, as amended (Rome, 1993)",
        reason="The Moscow Mechanism: a mission of experts on the request of ten participating states, without consensus.",
    )
    book.requirement(
        "osce.outside-osce-area", **OSCE, value="unmet", rank=10,
        when=[c.sc << scenario(), c.t << party("territory"), c.st << status_of(c.t, "osce", "not-bound")],
        article="Helsinki Final Act (1975); OSCE participating states",
        reason="{t.state:state} is not an OSCE participating state: outside the OSCE area.",
    )
    book.requirement(
        "osce.participation-unknown", **OSCE, value="unknown", rank=10,
        when=[c.sc << scenario(), c.t << party("territory"), c.st << status_of(c.t, "osce", "unknown")],
        article="OSCE participating states",
        reason="Whether {t.state:state} is an OSCE participating state is not known.",
    )
