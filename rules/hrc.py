"""UN Human Rights Council: commissions of inquiry and fact-finding missions.

UN General Assembly resolution 60/251 (2006), para. 5(f) and 3: the Council may address
situations of violations of human rights and make recommendations; it establishes
commissions of inquiry and fact-finding missions by resolution. Para. 11: the Council
applies the rules of procedure of the General Assembly's committees, so a resolution is
adopted by a majority of the members present and voting (rule 125); 47 members, no veto.
"""

from whatapplies.rulebook import c

from ._patterns import scenario

HRC = {"subject": "hrc", "tier": "body"}


def declare(book):
    book.requirement(
        "hrc.resolution-needed", **HRC, value="conditional", rank=10,
        when=[c.sc << scenario()],
        article="UNGA res. 60/251 (2006) paras. 3, 5",
        reason="The Human Rights Council can set up a commission of inquiry or fact-finding mission only by a resolution.",
    )
    book.requirement(
        "hrc.commission-of-inquiry", **HRC, value="conditional", rank=80, route="hrc-resolution",
        when=[c.sc << scenario()],
        article="UNGA res. 60/251 (2006) para. 5; HRC res. 5/1",
        reason="A Council resolution establishing a commission of inquiry, adopted by a majority of the members present and voting (47 members; no veto).",
    )
