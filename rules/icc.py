"""The International Criminal Court: can it investigate, and if not, what would open the way?

Rome Statute art. 13: the Court may exercise jurisdiction if (a) a State Party refers a
situation (art. 14), (b) the Security Council refers a situation acting under Chapter
VII, or (c) the Prosecutor opens an investigation proprio motu, with the authorisation
of the Pre-Trial Chamber (art. 15). Without jurisdiction under art. 12, the way is an
art. 12(3) declaration by the territorial or nationality state, or an art. 13(b)
referral; nothing reaches back before 1 July 2002 (art. 11(1)).
"""

from whatapplies.rulebook import c, m

from ._patterns import instrument, scenario

ICC = {"subject": "icc", "tier": "body"}


def _rome(verdict):
    return (m.kind == "regime-finding") & (m.subject == "rome-statute") & (m.verdict == verdict)


def _after_2002():
    return instrument("rome-statute") & (m.in_force <= c.sc.day)


def declare(book):
    book.requirement(
        "icc.jurisdiction", **ICC, value="met", stage=3, rank=10,
        when=[c.sc << scenario(), c.rs << _rome("applies")],
        article="Rome Statute arts. 12, 13",
        reason="The Court may exercise jurisdiction over the conduct (see rome-statute).",
    )
    for route, article, reason in (
        ("icc-state-referral", "Rome Statute arts. 13(a), 14", "Referral of the situation by any State Party (arts. 13(a), 14)."),
        ("icc-proprio-motu", "Rome Statute arts. 13(c), 15", "The Prosecutor's own investigation, with authorisation of the Pre-Trial Chamber (arts. 13(c), 15)."),
    ):
        book.requirement(
            f"icc.trigger-{route.removeprefix('icc-')}", **ICC, value="met", stage=3, rank=80, route=route,
            when=[c.sc << scenario(), c.rs << _rome("applies")],
            article=article, reason=reason,
        )
    # -- no jurisdiction now: say so, and name the routes that would create it
    book.requirement(
        "icc.no-jurisdiction-now", **ICC, value="conditional", stage=3, rank=10,
        when=[c.sc << scenario(), c.rs << _rome("does_not_apply"), c.i << _after_2002()],
        article="Rome Statute arts. 12(2), 13",
        reason="The Court cannot exercise jurisdiction now (see rome-statute); it could only after one of the steps below.",
    )
    book.requirement(
        "icc.route-security-council-referral", **ICC, value="conditional", stage=3, rank=80,
        route="icc-unsc-referral",
        when=[c.sc << scenario(), c.rs << _rome("does_not_apply"), c.i << _after_2002()],
        article="Rome Statute art. 13(b); UN Charter ch. VII, art. 27(3)",
        reason="A Security Council referral under Chapter VII (art. 13(b)), which any permanent member can veto.",
    )
    book.requirement(
        "icc.route-art-12-3-declaration", **ICC, value="conditional", stage=3, rank=80,
        route="icc-art-12-3",
        when=[c.sc << scenario(), c.rs << _rome("does_not_apply"), c.i << _after_2002(),
              c.who << (m.kind == "party") & ((m.role == "territory") | (m.role == "nationality")) & (m.type == "state")],
        states=lambda b: [b.who.state],
        article="Rome Statute art. 12(3)",
        # Art. 12(2): the territorial state's or the nationality state's acceptance suffices, either one.
        reason="A declaration under art. 12(3) accepting the Court's jurisdiction, lodged by {states:states_or}.",
    )
    book.requirement(
        "icc.before-2002", **ICC, value="unmet", stage=3, rank=10,
        when=[c.sc << scenario(), c.rs << _rome("does_not_apply"),
              c.i << instrument("rome-statute") & (m.in_force > c.sc.day)],
        article="Rome Statute art. 11(1)",
        reason="The conduct predates 1 July 2002; no referral or declaration can bring it within the Court's jurisdiction (art. 11(1)).",
    )
    book.requirement(
        "icc.jurisdiction-unknown", **ICC, value="unknown", stage=3, rank=10,
        when=[c.sc << scenario(), c.rs << _rome("unknown")],
        article="Rome Statute art. 12",
        reason="Whether the Court has jurisdiction is not known (see rome-statute).",
    )
