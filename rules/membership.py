"""When a treaty binds a state.

Vienna Convention on the Law of Treaties art. 24(3): when consent to be bound is
established after the treaty has come into force, the treaty enters into force for that
state on that date unless the treaty otherwise provides; art. 26: every treaty in force
is binding upon the parties. Each treaty's own clause (seeds/treaties.yaml) puts the
date; a withdrawal ends it. The engine cuts each state's time line at those dates; these
rules read the segment that contains the date of the conduct.
"""

from whatapplies.rulebook import c, m

from ._patterns import scenario


def _segment(standing):
    return (m.kind == "standing") & (m.standing == standing) & (m.start <= c.sc.day) & (m.end > c.sc.day)


def _status(value):
    def make(b):
        return {"state": b.seg.state, "instrument": b.seg.instrument, "value": value,
                "since": b.seg.since, "until": b.seg.until, "basis": b.seg.basis}
    return make


def declare(book):
    book.derive(
        "membership.bound",
        produces="status",
        when=[c.sc << scenario(), c.seg << _segment("party")],
        make=_status("bound"),
        article="VCLT arts. 24(3), 26",
        law="Every treaty in force is binding upon the parties to it and must be performed by them in good faith.",
        reason="{seg.state:state} is bound by {seg.instrument:instrument} on {sc.date:date}.",
        cite=False,
    )
    book.derive(
        "membership.not-bound",
        produces="status",
        when=[c.sc << scenario(), c.seg << _segment("non-party")],
        make=_status("not-bound"),
        article="VCLT arts. 24, 34",
        law="A treaty does not create either obligations or rights for a third State without its consent.",
        reason="{seg.state:state} is not bound by {seg.instrument:instrument} on {sc.date:date}.",
        cite=False,
    )
    book.derive(
        "membership.unknown",
        produces="status",
        when=[c.sc << scenario(), c.seg << _segment("unknown")],
        make=_status("unknown"),
        article="(no data)",
        reason="Whether {seg.state:state} is bound by {seg.instrument:instrument} on {sc.date:date} is not known: {seg.basis:unknown_basis}.",
        cite=False,
    )
    book.derive(
        "membership.declaration-in-force",
        produces="declared",
        when=[c.sc << scenario(),
              c.d << (m.kind == "declaration") & (m.effect == "accepted") & (m.start <= c.sc.day) & (m.end > c.sc.day)],
        make=lambda b: {"state": b.d.state, "type": b.d.type, "scope": b.d.scope, "since": b.d.since, "until": b.d.until},
        article="(declaration period)",
        reason="{d.state:state}'s {d.type:declaration} declaration covers {sc.date:date} (from {d.since:date}).",
        cite=False,
    )
