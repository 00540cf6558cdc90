"""Rome Statute of the International Criminal Court (1998): may the Court exercise jurisdiction?

Art. 11(1): The Court has jurisdiction only with respect to crimes committed after the
entry into force of this Statute [1 July 2002]. Art. 11(2): for a State that becomes a
Party later, only crimes committed after the Statute's entry into force for that State,
unless it made a declaration under art. 12(3).
Art. 12(2): the Court may exercise jurisdiction if (a) the State on the territory of
which the conduct occurred or (b) the State of which the person accused is a national
is a Party, or has accepted jurisdiction under art. 12(3).
Art. 13(b): or a situation is referred to the Prosecutor by the Security Council acting
under Chapter VII.
Art. 124: a State may declare, on becoming a party, that for seven years it does not
accept the Court's jurisdiction over war crimes (art. 8) committed by its nationals or
on its territory.
Art. 127(2): a withdrawal does not discharge a State of obligations arising while it
was a Party — conduct while a party stays within reach (the date of the conduct counts).

Letter of December 2020: "Onderzoek door het Internationaal Strafhof behoort niet tot
de voor de hand liggende mogelijkheden, aangezien Armenië noch Azerbeidzjan partij is
bij het Statuut van Rome."

Each basis of jurisdiction is a route; one open route suffices (rules/verdicts.py).
"""

from whatapplies.rulebook import c, m

from ._patterns import instrument, party, scenario, status_of

ROUTE = {"subject": "rome-statute", "tier": "regime"}


def _route(route, value):
    return lambda b: {**ROUTE, "value": value, "route": route, "state": ""}


def _territory_or_nationality():
    return (m.kind == "party") & ((m.role == "territory") | (m.role == "nationality"))


def declare(book):
    # -- art. 12(2): territory or nationality state is a party on the date
    for role, letter in (("territory", "a"), ("nationality", "b")):
        for value, status, reason in (
            ("met", "bound", "{who.state:state} ({who.role:role}) is a party to the Rome Statute on {sc.date:date}, in force for it since {st.since:date}."),
            ("unmet", "not-bound", "{who.state:state} ({who.role:role}) is not a party to the Rome Statute on {sc.date:date}."),
            ("unknown", "unknown", "Whether {who.state:state} ({who.role:role}) is a party to the Rome Statute on {sc.date:date} is not known: {st.basis:unknown_basis}."),
        ):
            book.derive(
                f"rome-statute.{role}-state-{status}", produces="route",
                when=[c.sc << scenario(), c.who << party(role, "state"),
                      c.st << status_of(c.who, "rome-statute", status)],
                make=_route(f"art-12-2-{letter}", value),
                article=f"Rome Statute art. 12(2)({letter}), 11(2)",
                reason=reason, message=f"rome-party-{status}",
            )
    book.derive(
        "rome-statute.nationality-not-given", produces="route",
        when=[c.sc << scenario(actor_type="group", nationality=""), c.a << party("actor", "group")],
        make=_route("art-12-2-b", "unknown"),
        article="Rome Statute art. 12(2)(b)",
        reason="The nationality of the members of {a.state:state} is not given, so art. 12(2)(b) cannot be assessed.",
    )
    # -- art. 12(3): acceptance by a non-party, for the period it covers
    book.derive(
        "rome-statute.art-12-3-declaration", produces="route",
        when=[c.sc << scenario(), c.who << _territory_or_nationality(),
              c.d << (m.kind == "declared") & (m.type == "rome-12-3") & (m.state == c.who.state)],
        make=_route("art-12-3", "met"),
        article="Rome Statute art. 12(3)",
        law="If the acceptance of a State which is not a Party to this Statute is required under paragraph 2, that State may, by declaration lodged with the Registrar, accept the exercise of jurisdiction by the Court with respect to the crime in question.",
        reason="{who.state:state} ({who.role:role}) accepted the Court's jurisdiction under art. 12(3) for crimes from {d.since:date}{d.until:until_clause}, which covers {sc.date:date}.",
        compares_parties=True,
    )
    book.derive(
        "rome-statute.art-12-3-declaration-contested", produces="route",
        when=[c.sc << scenario(), c.who << _territory_or_nationality(),
              c.d << (m.kind == "declaration") & (m.type == "rome-12-3") & (m.effect == "contested")
              & (m.state == c.who.state) & (m.start <= c.sc.day) & (m.end > c.sc.day)],
        make=_route("art-12-3", "unknown"),
        article="Rome Statute art. 12(3)",
        reason="A declaration under art. 12(3) for {who.state:state} covers {sc.date:date}, but whether it was validly made is contested.",
        compares_parties=True,
    )
    # -- art. 13(b): Security Council referral of the situation
    book.derive(
        "rome-statute.security-council-referral", produces="route",
        when=[c.sc << scenario(),
              c.ref << (m.kind == "referral") & (m.territory == c.sc.territory) & (m.start <= c.sc.day) & (m.end > c.sc.day)],
        make=_route("art-13-b", "met"),
        article="Rome Statute art. 13(b)",
        law="A situation in which one or more of such crimes appears to have been committed is referred to the Prosecutor by the Security Council acting under Chapter VII of the Charter of the United Nations.",
        reason="The Security Council referred the situation in {sc.territory:state} since {ref.since:date} to the Prosecutor ({ref.resolution:text}).",
    )
    # -- art. 11(1): nothing before 1 July 2002
    book.requirement(
        "rome-statute.before-entry-into-force", **ROUTE, value="unmet", rank=5,
        when=[c.sc << scenario(), c.i << instrument("rome-statute") & (m.in_force > c.sc.day)],
        article="Rome Statute art. 11(1), 126(1)",
        law="The Court has jurisdiction only with respect to crimes committed after the entry into force of this Statute.",
        reason="{sc.date:date} is before the Rome Statute entered into force ({i.since:date}); the Court has no jurisdiction over earlier conduct.",
    )
    # -- art. 124: war crimes excluded for the declaration's period (the verdict stands; the
    #    scope narrows), for crimes by the declaring state's nationals and/or on its territory
    #    as its declaration says; a declaration that says neither ("") has the article's reach
    for role, scopes, whose in (("nationality", ("nationals", "nationals-and-territory", ""), "by its nationals"),
                                ("territory", ("territory", "nationals-and-territory", ""), "on its territory")):
        book.requirement(
            f"rome-statute.art-124-war-crimes-excluded.{role}", **ROUTE, value="met", rank=90,
            when=[c.sc << scenario(), c.who << party(role),
                  c.d << (m.kind == "declared") & (m.type == "rome-124") & (m.state == c.who.state)
                  & ((m.scope == scopes[0]) | (m.scope == scopes[1]) | (m.scope == scopes[2]))],
            article="Rome Statute art. 124",
            law="A State, on becoming a party to this Statute, may declare that, for a period of seven years after the entry into force of this Statute for the State concerned, it does not accept the jurisdiction of the Court with respect to the category of crimes referred to in article 8 when a crime is alleged to have been committed by its nationals or on its territory.",
            reason=f"But {{who.state:state}} declared under art. 124 that it does not accept jurisdiction over war crimes (art. 8) committed {whose} from {{d.since:date}} to {{d.until:date_before}}; on that basis war crimes are excluded.",
        )
