"""Organisation for the Prohibition of Chemical Weapons: may it investigate?

CWC art. IX(8): each State Party may request an on-site challenge inspection of any
facility or location in the territory or under the jurisdiction of any other State Party.
CWC art. X(8) and Verification Annex Part XI: investigations in cases of alleged use of
chemical weapons, at the request of a State Party.
The Technical Secretariat's Fact-Finding Mission (2014) establishes facts on alleged use
in States Parties. The OPCW's mandate is the CWC: it does not extend to weapons outside it.

Letter of December 2020: "Het gebruik van brandwapens valt niet onder de Chemical
Weapons Convention (CWC), maar onder Protocol III van de Convention on Certain
Conventional Weapons (CCW). De OPCW heeft als zodanig geen bevoegdheid hier onderzoek
naar te verrichten."
"""

from whatapplies.rulebook import c, m, none

from ._patterns import conduct, party, scenario, status_of

OPCW = {"subject": "opcw", "tier": "body"}


def _route(value):
    return lambda b: {**OPCW, "value": value, "route": "cwc-state-party", "state": b.who.state}


def declare(book):
    # -- the alleged conduct is within the CWC
    book.requirement(
        "opcw.alleged-chemical-weapons-use", **OPCW, value="met", rank=10,
        when=[c.sc << scenario(), c.w << conduct("cwc-prohibited-use", "yes")],
        article="CWC art. IX(8), X(8); Verification Annex Part XI",
        reason="Alleged use of a chemical weapon (or of riot control agents as a method of warfare) is within the OPCW's mandate.",
    )
    book.requirement(
        "opcw.incendiary-outside-mandate", **OPCW, value="unmet", rank=10,
        when=[c.sc << scenario(), c.w << conduct("cwc-prohibited-use", "no"), c.i << conduct("incendiary-weapon", "yes")],
        article="CWC art. II, VIII(1)",
        reason="{sc.weapon:weapon} {sc.use:use_clause} is an incendiary weapon, not a chemical weapon: its use falls under CCW Protocol III, not the CWC, and the OPCW has no mandate to investigate it.",
        refs=("letter:L2.incendiaries-under-ccw-p3-not-cwc", "letter:L2.opcw-no-mandate"),
    )
    book.requirement(
        "opcw.not-chemical-weapons-use", **OPCW, value="unmet", rank=10,
        when=[c.sc << scenario(), c.w << conduct("cwc-prohibited-use", "no"), c.i << conduct("incendiary-weapon", "no")],
        article="CWC art. II, VIII(1)",
        reason="{sc.weapon:weapon} {sc.use:use_clause} is not a chemical weapon, so an OPCW investigation is not in order.",
        refs=("letter:L1.no-opcw-investigation",),
    )
    book.requirement(
        "opcw.conduct-unknown", **OPCW, value="unknown", stage=1, rank=10,
        when=[c.sc << scenario(), none((m.kind == "conduct") & (m.category == "cwc-prohibited-use"))],
        article="CWC art. II(1)",
        reason="Whether chemical weapons were used is not known: give the weapon (and its use).",
    )
    # -- a State Party is involved: the territorial state or the acting state (one suffices)
    for role in ("territory", "actor"):
        for value, status, reason in (
            ("met", "bound", "{who.state:state} ({who.role:role}) is a CWC State Party on {sc.date:date}."),
            ("unmet", "not-bound", "{who.state:state} ({who.role:role}) is not a CWC State Party on {sc.date:date}."),
            ("unknown", "unknown", "Whether {who.state:state} ({who.role:role}) is a CWC State Party on {sc.date:date} is not known: {st.basis:unknown_basis}."),
        ):
            book.derive(
                f"opcw.{role}-state-{status}", produces="route",
                when=[c.sc << scenario(), c.who << party(role, "state"), c.st << status_of(c.who, "cwc", status)],
                make=_route(value),
                article="CWC art. IX(8), X(8); Verification Annex Part XI",
                reason=reason, message=f"cwc-party-{status}",
            )
    # -- how it can act, when it can
    book.requirement(
        "opcw.fact-finding-mission", **OPCW, value="met", rank=80, route="opcw-ffm",
        when=[c.sc << scenario(), c.w << conduct("cwc-prohibited-use", "yes")],
        article="CWC art. VIII(37)-(40); OPCW Note S/1255/2015",
        reason="Fact-Finding Mission of the Technical Secretariat, on information from any State Party or on the Director-General's initiative.",
    )
    book.requirement(
        "opcw.investigation-of-alleged-use", **OPCW, value="met", rank=80, route="opcw-alleged-use",
        when=[c.sc << scenario(), c.w << conduct("cwc-prohibited-use", "yes")],
        article="CWC art. X(8); Verification Annex Part XI",
        reason="Investigation of alleged use at the request of any State Party (Verification Annex Part XI).",
    )
    book.requirement(
        "opcw.challenge-inspection", **OPCW, value="met", rank=80, route="opcw-challenge",
        when=[c.sc << scenario(), c.w << conduct("cwc-prohibited-use", "yes"), c.t << party("territory", "state"),
              c.st << status_of(c.t, "cwc", "bound")],
        article="CWC art. IX(8)",
        reason="Challenge inspection in {t.state:state}, at the request of any State Party (art. IX(8)).",
    )
