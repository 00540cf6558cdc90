"""Chemical Weapons Convention (1993).

Art. I(1)(b): Each State Party to this Convention undertakes never under any
circumstances to use chemical weapons.
Art. I(5): Each State Party undertakes not to use riot control agents as a method of
warfare.
Art. II(1)(a): "Chemical Weapons" means toxic chemicals and their precursors, except
where intended for purposes not prohibited under this Convention ...
Art. II(2): "Toxic Chemical" means any chemical which through its chemical action on
life processes can cause death, temporary incapacitation or permanent harm ...

The CWC binds its States Parties "under any circumstances": no armed conflict is needed.
"""

from whatapplies.rulebook import c

from ._patterns import conduct, obligor, scenario
from ._shapes import must_be_bound

CWC = {"subject": "cwc", "tier": "regime"}


def declare(book):
    # -- what the conduct is (derived once, used by cwc, opcw and unsgm)
    book.derive(
        "cwc.use-of-chemical-weapon", produces="conduct",
        when=[c.w << conduct("chemical-weapon", "yes")],
        make=lambda b: {"category": "cwc-prohibited-use", "value": "yes"},
        article="CWC art. I(1)(b)",
        law="Each State Party to this Convention undertakes never under any circumstances to use chemical weapons.",
        reason="Using a chemical weapon is prohibited by CWC art. I(1)(b).",
    )
    book.derive(
        "cwc.riot-control-agent-as-method-of-warfare", produces="conduct",
        when=[c.w << conduct("riot-control-warfare", "yes")],
        make=lambda b: {"category": "cwc-prohibited-use", "value": "yes"},
        article="CWC art. I(5)",
        law="Each State Party undertakes not to use riot control agents as a method of warfare.",
        reason="Using riot control agents as a method of warfare is prohibited by CWC art. I(5).",
    )
    book.derive(
        "cwc.neither-chemical-weapon-nor-riot-control-warfare", produces="conduct",
        when=[c.w << conduct("chemical-weapon", "no"), c.r << conduct("riot-control-warfare", "no")],
        make=lambda b: {"category": "cwc-prohibited-use", "value": "no"},
        article="CWC art. II(1)-(2), I(5)",
        reason="The weapon as used is neither a chemical weapon nor a riot control agent used as a method of warfare.",
    )

    # -- requirement 1: the conduct is what the CWC prohibits
    book.requirement(
        "cwc.prohibited-use", **CWC, value="met", rank=10,
        when=[c.sc << scenario(), c.w << conduct("cwc-prohibited-use", "yes")],
        article="CWC art. I(1)(b), I(5), II(1)",
        reason="{sc.weapon:weapon} {sc.use:use_clause} is use of a chemical weapon or of riot control agents as a method of warfare, which the CWC prohibits.",
    )
    book.requirement(
        "cwc.incendiary-not-chemical", **CWC, value="unmet", rank=10,
        when=[c.sc << scenario(), c.w << conduct("cwc-prohibited-use", "no"),
              c.i << conduct("incendiary-weapon", "yes")],
        article="CWC art. II(1)-(2); CCW Protocol III art. 1(1)",
        reason="{sc.weapon:weapon} {sc.use:use_clause} is an incendiary weapon, not a chemical weapon: it falls under CCW Protocol III, not the CWC.",
        refs=("letter:L2.incendiaries-under-ccw-p3-not-cwc",),
    )
    book.requirement(
        "cwc.not-chemical-weapon", **CWC, value="unmet", rank=10,
        when=[c.sc << scenario(), c.w << conduct("cwc-prohibited-use", "no"),
              c.i << conduct("incendiary-weapon", "no")],
        article="CWC art. II(1)-(2), I(5)",
        reason="{sc.weapon:weapon} {sc.use:use_clause} is neither a chemical weapon nor riot control agents used as a method of warfare.",
    )
    book.requirement(
        "cwc.conduct-unknown", **CWC, value="unknown", stage=1, rank=10,
        when=[c.sc << scenario(), _no_cwc_classification()],
        article="CWC art. II(1)",
        reason="Whether the conduct is use of a chemical weapon is not known: give the weapon (and its use).",
    )

    # -- requirement 2: the state whose obligations govern the conduct is bound
    must_be_bound(
        book, "cwc", **CWC, instrument="cwc", who=obligor(), article="CWC art. I(1), XXI(2)",
    )


def _no_cwc_classification():
    from whatapplies.rulebook import m, none

    return none((m.kind == "conduct") & (m.category == "cwc-prohibited-use"))
