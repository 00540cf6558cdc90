"""Provisions that come in threes: a requirement met, unmet, or unknown for lack of data.

"Unknown is not no": wherever a requirement turns on a state's participation in a
treaty, the status fact is bound, not bound, or unknown (rules/membership.py), and each
of the three gives its own rule here, so missing data can only ever give `unknown`.
"""

from whatapplies.rulebook import c, m, none

from ._patterns import conduct, scenario, status_of

BOUND_REASON = "{who.state:state} ({who.role:role}) is bound by {st.instrument:instrument} on {sc.date:date}, in force for it since {st.since:date}."
NOT_BOUND_REASON = "{who.state:state} ({who.role:role}) is not bound by {st.instrument:instrument} on {sc.date:date}."
UNKNOWN_REASON = "Whether {who.state:state} ({who.role:role}) is bound by {st.instrument:instrument} on {sc.date:date} is not known: {st.basis:unknown_basis}."


def must_be_bound(book, prefix, *, subject, tier, instrument, who, article, situation=None, law=None, refs=(),
                  unmet="unmet", unmet_reason=NOT_BOUND_REASON, rank=50,
                  compares_parties=False):
    """Three rules: `who` bound by `instrument` on the date (met), not bound (unmet), unknown.

    `situation` narrows the scenario (e.g. only in an international armed conflict).
    """
    for outcome, value, reason, message in (
        ("bound", "met", BOUND_REASON, "bound"),
        # a rule with its own wording keeps its own message key (its id)
        ("not-bound", unmet, unmet_reason, "not-bound" if unmet_reason == NOT_BOUND_REASON else None),
        ("bound-unknown", "unknown", UNKNOWN_REASON, "bound-unknown"),
    ):
        status = {"bound": "bound", "not-bound": "not-bound", "bound-unknown": "unknown"}[outcome]
        book.requirement(
            f"{prefix}.{outcome}", subject=subject, tier=tier, value=value,
            when=[c.sc << (situation if situation is not None else scenario()), c.who << who,
                  c.st << status_of(c.who, instrument, status)],
            article=article, reason=reason, law=law, refs=refs, message=message, rank=rank,
            compares_parties=compares_parties,
        )


def conduct_must_be(book, prefix, *, subject, tier, category, article, met_reason, unmet_reason,
                    unknown_reason, law=None, refs=(), rank=10):
    """Three rules: the weapon as used is in `category` (met), is not (unmet), not known."""
    book.requirement(
        f"{prefix}", subject=subject, tier=tier, value="met",
        when=[c.sc << scenario(), c.w << conduct(category, "yes")],
        article=article, reason=met_reason, law=law, refs=refs, rank=rank,
    )
    book.requirement(
        f"{prefix}.not", subject=subject, tier=tier, value="unmet",
        when=[c.sc << scenario(), c.w << conduct(category, "no")],
        article=article, reason=unmet_reason, law=law, refs=refs, rank=rank,
    )
    book.requirement(
        f"{prefix}.unknown", subject=subject, tier=tier, value="unknown", stage=1,
        when=[c.sc << scenario(), none((m.kind == "conduct") & (m.category == category))],
        article=article, reason=unknown_reason, rank=rank,
    )
