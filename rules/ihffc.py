"""International Humanitarian Fact-Finding Commission (AP I art. 90).

Art. 90(2)(a): High Contracting Parties may declare that they recognise ipso facto and
without special agreement, in relation to any other High Contracting Party accepting the
same obligation, the competence of the Commission to inquire into allegations.
Art. 90(2)(c): the Commission is competent to inquire into any facts alleged to be a
grave breach or other serious violation of the Conventions or the Protocol.
Art. 90(2)(d): in other situations, the Commission shall institute an inquiry at the
request of a Party to the conflict only with the consent of the other Party or Parties
concerned. The Commission has declared itself ready to act in non-international
conflicts with the consent of the parties.

A declaration missing from the seeds is not taken for "no declaration": only a complete
list of a state's declarations, read for the date of the conduct, says that.
"""

from whatapplies.rulebook import c, m, none

from ._patterns import party, scenario, status_of

IHFFC = {"subject": "ihffc", "tier": "body"}


def _side():
    """A state party to the conflict: the acting state or an opposing state."""
    return (m.kind == "party") & ((m.role == "actor") | (m.role == "opponent")) & (m.type == "state")


def _declared(who):
    """`who`'s art. 90(2) declaration, in force on the date (rules/membership.py)."""
    return (m.kind == "declared") & (m.type == "api-90") & (m.state == who.state)


def _lack(b):
    """The "lacks" fact a side known to have no declaration gets."""
    return {"state": b.who.state, "type": "api-90"}


def _lacks(who=None):
    """A side known to have no art. 90(2) declaration in force: `who`, or any side."""
    lacking = (m.kind == "lacks") & (m.type == "api-90")
    return lacking if who is None else lacking & (m.state == who.state)


def declare(book):
    book.requirement(
        "ihffc.no-armed-conflict", **IHFFC, value="unmet", rank=10,
        when=[c.sc << scenario(conflict="none")],
        article="AP I art. 90(2)(c)",
        reason="There is no armed conflict; the Commission inquires only into violations of international humanitarian law.",
    )
    book.requirement(
        "ihffc.art-90-declaration", **IHFFC, value="met", rank=20,
        when=[c.sc << scenario(conflict="international"), c.who << _side(),
              c.d << _declared(c.who)],
        article="AP I art. 90(2)(a)",
        reason="{who.state:state} ({who.role:role}) recognises the Commission's competence under art. 90(2) (declaration in force since {d.since:date}).",
    )
    # A side is known to lack a declaration in two ways: it is not bound by AP I on the day
    # (a declaration lodged with a ratification operates only once the Protocol binds); or its
    # declarations were read from a complete list that covers the date (whatever is known of
    # its AP I standing), and none is in force. Then "every party declared" is false, whatever
    # another side's data says.
    book.derive(
        "ihffc.side-not-bound-by-ap1", produces="lacks", stage=1,
        when=[c.sc << scenario(conflict="international"), c.who << _side(),
              c.st << status_of(c.who, "ap1", "not-bound")],
        make=_lack,
        article="AP I art. 90(2)(a)",
        reason="{who.state:state} ({who.role:role}) is not bound by AP I on {sc.date:date}, so no art. 90(2) declaration of it is in force: the Commission's competence under art. 90(2)(a) runs only between parties bound by the Protocol.",
    )
    book.derive(
        "ihffc.side-without-declaration", produces="lacks", stage=1,
        when=[c.sc << scenario(conflict="international"), c.who << _side(),
              c.r << (m.kind == "register") & (m.type == "api-90") & (m.state == c.who.state)
              & (m.start <= c.sc.day) & (m.end > c.sc.day),
              none(_declared(c.who))],
        make=_lack,
        article="AP I art. 90(2)(a)",
        reason="{who.state:state} ({who.role:role}) has no art. 90(2) declaration in force on {sc.date:date} (a complete list of the declarations up to {r.until:date} was read).",
    )
    book.requirement(
        "ihffc.no-art-90-declaration", **IHFFC, value="conditional", stage=2, rank=20, route="ihffc-ad-hoc-consent",
        when=[c.sc << scenario(conflict="international"), c.who << _side(),
              c.lack << _lacks(c.who)],
        states=lambda b: [b.who.state],
        article="AP I art. 90(2)(d)",
        reason="An inquiry with the ad hoc consent of the parties concerned: no art. 90(2) declaration in force for {states:states}.",
    )
    # Unknown only while no side is known to lack a declaration: otherwise the answer is
    # the ad hoc route above, whether or not the unknown side declared. Bound by AP I with no
    # declaration on record is not "no declaration" either: only a complete list read for
    # the date says that (ihffc.side-without-declaration).
    for rule, standing, reason in (
        ("ihffc.declaration-data-unknown", "unknown",
         "Whether {who.state:state} ({who.role:role}) recognises the Commission's competence is not known."),
        ("ihffc.declarations-not-read", "bound",
         "{who.state:state} ({who.role:role}) is bound by AP I on {sc.date:date}, but whether it has made an art. 90(2) declaration is not known: no complete list of the declarations read covers that day."),
    ):
        book.requirement(
            rule, **IHFFC, value="unknown", stage=2, rank=20,
            when=[c.sc << scenario(conflict="international"), c.who << _side(),
                  c.st << status_of(c.who, "ap1", standing),
                  none(_declared(c.who)), none(_lacks())],
            article="AP I art. 90(2)",
            reason=reason,
        )
    book.requirement(
        "ihffc.non-international-with-consent", **IHFFC, value="conditional", rank=20, route="ihffc-ad-hoc-consent",
        when=[c.sc << scenario(conflict="non-international"), c.t << party("territory")],
        states=lambda b: [b.t.state],
        article="AP I art. 90(2)(d); IHFFC declaration on non-international conflicts",
        reason="An inquiry with the consent of the parties to the conflict and of the state on whose territory it takes place ({states:states}); the Commission has declared itself ready to act in non-international conflicts.",
    )
