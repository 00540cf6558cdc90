"""What the weapon, as used, is in law: a chemical weapon? an incendiary weapon? ...

The classifications are facts with their sources (seeds/weapons.yaml): white phosphorus
used as an incendiary is an incendiary weapon, used for smoke or illumination it is not
(letter of 4 November 2020; CCW Protocol III art. 1(1)(b)(i)). These rules pick the
classification that matches the scenario's weapon and use.
"""

from whatapplies.rulebook import c, m

from ._patterns import scenario


def _conduct(b):
    return {"category": b.cl.category, "value": b.cl.value}


def declare(book):
    book.derive(
        "weapons.classified-for-this-use",
        produces="conduct",
        when=[c.sc << scenario(),
              c.cl << (m.kind == "classification") & (m.weapon == c.sc.weapon) & (m.use == c.sc.use)],
        make=_conduct,
        article="(weapon classification)",
        reason="{sc.weapon:weapon} used {sc.use:use}: {cl.category:category} — {cl.value:yesno}.",
        cite=False,
    )
    book.derive(
        "weapons.classified-for-any-use",
        produces="conduct",
        when=[c.sc << scenario(),
              c.cl << (m.kind == "classification") & (m.weapon == c.sc.weapon) & (m.use == "any")],
        make=_conduct,
        article="(weapon classification)",
        reason="{sc.weapon:weapon}: {cl.category:category} — {cl.value:yesno}, whatever its use.",
        cite=False,
    )
