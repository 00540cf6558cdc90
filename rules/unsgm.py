"""The UN Secretary-General's Mechanism for investigation of alleged use of chemical and
biological weapons.

UN General Assembly resolution 42/37 C (1987), para. 4: requests the Secretary-General
to carry out investigations in response to reports that may be brought to his attention
by any Member State concerning the possible use of chemical and bacteriological
(biological) or toxin weapons. Security Council resolution 620 (1988) endorsed it.
The Mechanism is available whatever the CWC status of the states involved.
"""

from whatapplies.rulebook import c, m, none

from ._patterns import conduct, scenario

UNSGM = {"subject": "unsgm", "tier": "body"}


def declare(book):
    # The mandate is chemical (and biological or toxin) weapons: it reads what the weapon is,
    # not everything the CWC prohibits. Riot control agents used as a method of warfare are
    # prohibited by CWC art. I(5); whether they are also chemical weapons is their
    # classification's to say (seeds/weapons.yaml), with its source and doubt.
    book.requirement(
        "unsgm.alleged-chemical-weapons-use", **UNSGM, value="met", route="unsgm-request",
        when=[c.sc << scenario(), c.w << conduct("chemical-weapon", "yes")],
        article="UNGA res. 42/37 C (1987) para. 4; UNSC res. 620 (1988)",
        reason="Any UN Member State may ask the Secretary-General to investigate the alleged use of chemical weapons, whatever the CWC status of the states involved.",
    )
    book.requirement(
        "unsgm.not-chemical-or-biological", **UNSGM, value="unmet",
        when=[c.sc << scenario(), c.w << conduct("chemical-weapon", "no")],
        article="UNGA res. 42/37 C (1987) para. 4",
        reason="{sc.weapon:weapon} {sc.use:use_clause} is not a chemical, biological or toxin weapon: outside the Mechanism's mandate.",
    )
    book.requirement(
        "unsgm.conduct-unknown", **UNSGM, value="unknown", stage=1,
        when=[c.sc << scenario(), none((m.kind == "conduct") & (m.category == "chemical-weapon"))],
        article="UNGA res. 42/37 C (1987) para. 4",
        reason="Whether chemical or biological weapons were used is not known: give the weapon.",
    )
