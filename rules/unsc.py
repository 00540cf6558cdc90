"""UN Security Council.

UN Charter art. 24(1): primary responsibility for the maintenance of international peace
and security; art. 34: it may investigate any dispute or situation; arts. 39–42: it
decides measures under Chapter VII (a no-fly zone, a referral to the ICC, a commission of
inquiry). Art. 27(3): decisions on non-procedural matters need nine votes including the
concurring votes of the permanent members — each permanent member can veto.

Letter of 4 November 2020: "Een militaire no-fly-zone kan door middel van een besluit
van de VN Veiligheidsraad worden ingesteld."
"""

from whatapplies.rulebook import c, m

from ._patterns import scenario, status_of

UNSC = {"subject": "unsc", "tier": "body"}


def declare(book):
    book.requirement(
        "unsc.decision-needed", **UNSC, value="conditional", rank=10,
        when=[c.sc << scenario()],
        article="UN Charter arts. 24, 34, 39-42",
        reason="The Security Council can investigate or act (a commission of inquiry, a no-fly zone, a referral to the ICC) only by a decision of the Council.",
        refs=("letter:L1.no-fly-zone-needs-security-council",),
    )
    book.requirement(
        "unsc.resolution-without-veto", **UNSC, value="conditional", rank=80, route="unsc-resolution",
        when=[c.sc << scenario(),
              c.p5 << (m.kind == "standing") & (m.instrument == "unsc-permanent") & (m.standing == "party")
              & (m.start <= c.sc.day) & (m.end > c.sc.day)],
        states=lambda b: [b.p5.state],
        article="UN Charter art. 27(3)",
        reason="A resolution with nine votes and no veto by a permanent member ({states:states}).",
    )
    book.requirement(
        "unsc.permanent-member-vetoed-before", **UNSC, value="conditional", rank=30, route="unsc-earlier-veto",
        when=[c.sc << scenario(),
              c.v << (m.kind == "veto") & (m.territory == c.sc.territory) & (m.day <= c.sc.day)],
        states=lambda b: [b.v.state],
        article="UN Charter art. 27(3)",
        reason="A veto is likely: {states:states} vetoed draft resolutions on the situation in {sc.territory:state} before.",
    )
    book.requirement(
        "unsc.permanent-member-is-a-party", **UNSC, value="conditional", rank=20,
        when=[c.sc << scenario(), c.p << (m.kind == "party") & (m.role == "involved"),
              c.st << status_of(c.p, "unsc-permanent", "bound")],
        article="UN Charter art. 27(3)",
        reason="{p.state:state}, a state involved in the situation, is a permanent member and can veto any decision (art. 27(3) obliges a party to a dispute to abstain only in decisions under Chapter VI and art. 52(3)).",
    )
