"""Customary international humanitarian law (ICRC Customary IHL Study, 2005).

Rule 1: the parties to the conflict must at all times distinguish between civilians and
combatants. Rule 15: in the conduct of military operations, constant care must be taken
to spare the civilian population; all feasible precautions must be taken. Rules 84–85:
incendiary weapons — particular care to avoid civilian harm; no anti-personnel use
unless not feasible otherwise. These bind every party to any armed conflict, states and
armed groups alike, whatever treaties they joined.

Letter of 4 November 2020: "Wel gelden de algemene regels van het humanitair
oorlogsrecht voor het voeren van vijandelijkheden, zoals de beginselen van onderscheid
en voorzorgsmaatregelen, die dienen om de burgerbevolking te beschermen."
"""

from whatapplies.rulebook import c, m

from ._patterns import scenario

IHL = {"subject": "customary-ihl", "tier": "regime"}


def declare(book):
    book.requirement(
        "customary-ihl.armed-conflict", **IHL, value="met",
        when=[c.sc << (m.kind == "scenario") & (m.conflict != "none")],
        article="ICRC Customary IHL rules 1, 15, 84, 85",
        reason="There is an armed conflict ({sc.conflict:conflict}): the customary rules on the conduct of hostilities, such as distinction and precautions, bind every party to it, whatever treaties it joined.",
        refs=("letter:L1.general-ihl-applies",),
    )
    book.requirement(
        "customary-ihl.no-armed-conflict", **IHL, value="unmet",
        when=[c.sc << scenario(conflict="none")],
        article="ICRC Customary IHL rules 1, 15",
        reason="There is no armed conflict, so international humanitarian law does not govern the conduct (human rights law does).",
    )
