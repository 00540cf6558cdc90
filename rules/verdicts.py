"""From requirements to verdicts — the same logic for every regime and every body.

A regime applies (a body is competent) when at least one of its requirements is met and
none is unmet, unknown or conditional. One unmet requirement is enough for
`does_not_apply` / `not_competent`, whatever else is unknown. Otherwise an unknown
requirement makes the verdict `unknown` ("unknown is not no"); otherwise a conditional
one makes it `conditional`.
"""

from whatapplies.rulebook import c, m, none

TIERS = {
    # tier: (requirement kind, finding kind, stage, verdict words for met/unmet/unknown/conditional)
    "regime": ("regime-req", "regime-finding", 2,
               {"met": "applies", "unmet": "does_not_apply", "unknown": "unknown", "conditional": "conditional"}),
    "body": ("body-req", "body-finding", 4,
             {"met": "competent", "unmet": "not_competent", "unknown": "unknown", "conditional": "conditional"}),
}


def _other(req_kind, value):
    return none((m.kind == req_kind) & (m.subject == c.r.subject) & (m.value == value))


def declare(book):
    for tier, (req_kind, finding_kind, stage, words) in TIERS.items():
        def finding(value, words=words):
            return lambda b: {"subject": b.r.subject, "verdict": words[value]}

        def req(value, req_kind=req_kind):
            return c.r << (m.kind == req_kind) & (m.value == value)

        book.derive(
            f"verdict.{tier}.unmet", produces=finding_kind, stage=stage, cite=False,
            when=[req("unmet")], make=finding("unmet"),
            article="(all requirements must be met)",
            reason="A requirement of {r.subject:subject} is not met.",
        )
        book.derive(
            f"verdict.{tier}.unknown", produces=finding_kind, stage=stage, cite=False,
            when=[req("unknown"), _other(req_kind, "unmet")], make=finding("unknown"),
            article="(unknown is not no)",
            reason="A requirement of {r.subject:subject} turns on a fact that is not known.",
        )
        book.derive(
            f"verdict.{tier}.conditional", produces=finding_kind, stage=stage, cite=False,
            when=[req("conditional"), _other(req_kind, "unmet"), _other(req_kind, "unknown")],
            make=finding("conditional"),
            article="(a decision or consent is needed first)",
            reason="A further decision or consent is needed for {r.subject:subject}.",
        )
        book.derive(
            f"verdict.{tier}.met", produces=finding_kind, stage=stage, cite=False,
            when=[req("met"), _other(req_kind, "unmet"), _other(req_kind, "unknown"), _other(req_kind, "conditional")],
            make=finding("met"),
            article="(all requirements met)",
            reason="Every requirement of {r.subject:subject} is met.",
        )
    # Alternatives ("any one route suffices"), e.g. the Rome Statute's bases of jurisdiction.
    for tier, (req_kind, _finding, _stage, _words) in TIERS.items():
        def route(value, tier=tier):
            return c.x << (m.kind == "route") & (m.tier == tier) & (m.value == value)

        def same(value):
            return none((m.kind == "route") & (m.subject == c.x.subject) & (m.value == value))

        def req_of(value):
            return lambda b: {"subject": b.x.subject, "value": value, "route": "", "states": []}

        book.derive(
            f"alternatives.{tier}.one-met", produces=req_kind, stage=1, cite=False,
            when=[route("met")], make=req_of("met"),
            article="(one route suffices)", reason="{x.route:text}", message="transparent",
        )
        book.derive(
            f"alternatives.{tier}.none-met", produces=req_kind, stage=1, cite=False,
            when=[route("unmet"), same("met"), same("unknown")], make=req_of("unmet"),
            article="(no route is open)", reason="{x.route:text}", message="transparent",
        )
        book.derive(
            f"alternatives.{tier}.unknown", produces=req_kind, stage=1, cite=False,
            when=[route("unknown"), same("met")], make=req_of("unknown"),
            article="(a route turns on an unknown fact)", reason="{x.route:text}", message="transparent",
        )
