"""Calendar arithmetic that the treaties' own clauses declare.

Each treaty's data names its entry-into-force and withdrawal clause (seeds/treaties.yaml);
this module only turns a deposit or a notification into the date that clause gives.
Whether a state is bound on the date of the conduct is decided by rules/membership.py
from the timeline built here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .knowledge_models import EntryIntoForceClause, Membership, Treaty, WithdrawalClause

FOREVER = dt.date.max
BEGINNING = dt.date.min


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month, `months` later (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_month_after(day: dt.date) -> dt.date:
    return add_months(day.replace(day=1), 1)


def entry_into_force(treaty: Treaty, deposit: dt.date, in_armed_conflict: bool = False) -> dt.date:
    """The date the treaty enters into force for a state that deposited on `deposit`."""
    clause: EntryIntoForceClause = treaty.entry_into_force
    if deposit <= clause.later_deposits_after:
        return treaty.in_force
    if in_armed_conflict and clause.immediate_in_armed_conflict:
        return deposit
    if clause.rule == "days_after_deposit":
        computed = deposit + dt.timedelta(days=clause.n)
    elif clause.rule == "months_after_deposit":
        computed = add_months(deposit, clause.n)
    elif clause.rule == "first_day_of_month_after_days":
        computed = first_of_month_after(deposit + dt.timedelta(days=clause.n))
    elif clause.rule == "first_day_of_nth_month_after_deposit":
        computed = add_months(deposit.replace(day=1), clause.n)
    else:  # pragma: no cover - the model's Literal forbids it
        raise ValueError(clause.rule)
    return computed


def withdrawal_effective(clause: WithdrawalClause, notified: dt.date) -> dt.date | None:
    """The date a withdrawal notified on `notified` takes effect (None: the treaty has no clause)."""
    if clause.rule == "days_after_notice":
        return notified + dt.timedelta(days=clause.n)
    if clause.rule == "months_after_notice":
        return add_months(notified, clause.n)
    if clause.rule == "years_after_notice":
        return add_months(notified, 12 * clause.n)
    return None


@dataclass(frozen=True)
class Segment:
    """A stretch of time [start, end) in which a state's standing under a treaty is one thing."""

    start: dt.date
    end: dt.date  # exclusive
    standing: str  # party | non-party | unknown
    why: str  # plain-language account of the dates (`whatapplies treaties` shows it)
    basis: str = ""  # for `unknown`: which fact is missing, a code the answer's reason words (render.py)


@dataclass(frozen=True)
class Timeline:
    segments: tuple[Segment, ...]
    entry_into_force: dt.date | None
    entry_into_force_recorded: bool
    withdrawal_effective: dt.date | None


def _eif_window(treaty: Treaty, membership: Membership) -> tuple[dt.date, dt.date, bool]:
    """Earliest and latest possible entry into force, and whether the date is recorded."""
    if membership.entry_into_force is not None:
        return membership.entry_into_force, membership.entry_into_force, True
    assert membership.deposit is not None
    in_conflict = bool(membership.in_armed_conflict_at_deposit)
    return (
        entry_into_force(treaty, membership.deposit.earliest, in_conflict),
        entry_into_force(treaty, membership.deposit.latest, in_conflict),
        False,
    )


def timeline(treaty: Treaty, membership: Membership | None) -> Timeline:
    """Cut all time into segments of party / non-party / unknown for one state and treaty."""
    before = Segment(BEGINNING, treaty.in_force, "non-party", f"before {treaty.short} entered into force ({treaty.in_force})")
    if membership is None or membership.status == "unknown":
        why, basis = ("no membership data", "no-data") if membership is None else ("membership status not known", "status-unknown")
        return Timeline((before, Segment(treaty.in_force, FOREVER, "unknown", why, basis)), None, False, None)
    if membership.status in ("non-party", "signatory"):
        why = "signatory, not bound" if membership.status == "signatory" else "not a party"
        return Timeline(_not_bound(treaty, membership, why), None, False, None)
    if membership.deposit is None and membership.entry_into_force is None:
        why = "a party, but the date it became bound is not known"
        return Timeline((before, Segment(treaty.in_force, FOREVER, "unknown", why, "date-unknown")), None, False, None)

    earliest, latest, recorded = _eif_window(treaty, membership)
    clause = treaty.entry_into_force.article
    segments: list[Segment] = [Segment(BEGINNING, earliest, "non-party", "before entry into force")]
    if latest > earliest:
        segments.append(
            Segment(earliest, latest, "unknown", f"deposit known only as {membership.deposit}; entry into force between {earliest} and {latest} ({clause})",
                    "deposit-imprecise")
        )
    how = "recorded" if recorded else f"computed under {clause}"
    party = f"in force from {latest} ({how})"
    effective, after = _withdrawal(treaty, membership)
    end = effective or (after[0].start if after else FOREVER)
    segments.append(Segment(latest, end, "party", party))
    segments.extend(after)
    return Timeline(tuple(s for s in segments if s.start < s.end), latest, recorded, effective)


def _not_bound(treaty: Treaty, membership: Membership, why: str) -> tuple[Segment, ...]:
    """A non-party's or signatory's standing: for all time, or, when the status is dated
    (`as_of`), until the earliest day an instrument deposited on that date could have put the
    treaty in force for it under the treaty's own clause (immediately, if the clause allows
    that to a party to an armed conflict); not known after."""
    if membership.as_of is None:
        return (Segment(BEGINNING, FOREVER, "non-party", why),)
    read = membership.as_of.earliest
    clause = treaty.entry_into_force
    earliest = entry_into_force(treaty, read, in_armed_conflict=True)
    immediate = f", or at once under {clause.immediate_in_armed_conflict}" if clause.immediate_in_armed_conflict else ""
    dated = f"as read in a source of {membership.as_of}"
    return tuple(s for s in (
        Segment(BEGINNING, earliest, "non-party", f"{why} ({dated})"),
        Segment(earliest, FOREVER, "unknown",
                f"{why} {dated}, and no later source is on record: an instrument deposited on {read} would "
                f"have bound it from {earliest} ({clause.article}{immediate})", "status-as-of"),
    ) if s.start < s.end)


def _withdrawal(treaty: Treaty, membership: Membership) -> tuple[dt.date | None, list[Segment]]:
    """When a withdrawal takes effect (None: not, or not known), and the segments after the party segment."""
    withdrawal, clause = membership.withdrawal, treaty.withdrawal
    if withdrawal is None:
        return None, []
    if withdrawal.effective is not None:
        return withdrawal.effective, [Segment(withdrawal.effective, FOREVER, "non-party",
                                              f"withdrawal effective {withdrawal.effective} (recorded; {clause.article})")]
    expiry = withdrawal_effective(clause, withdrawal.notified or withdrawal.announced)  # type: ignore[arg-type]
    if expiry is None:
        return None, []
    if withdrawal.notified is None:  # announced only: the notice cannot predate it; bound until then, not known after
        proviso = ", and then only if the state is not engaged in an armed conflict" if clause.suspended_in_armed_conflict else ""
        return None, [Segment(expiry, FOREVER, "unknown",
                              f"withdrawal announced {withdrawal.announced}, its notification to the depositary not on "
                              f"record; notified that day, it would take effect {expiry} ({clause.article}){proviso}, "
                              "so whether the state is bound after then is not known", "withdrawal-announced")]
    notice = f"withdrawal notified {withdrawal.notified}, notice period ends {expiry} ({clause.article})"
    if not clause.suspended_in_armed_conflict or withdrawal.armed_conflict_at_expiry is False:
        engaged = "" if not clause.suspended_in_armed_conflict else "; not then engaged in an armed conflict"
        return expiry, [Segment(expiry, FOREVER, "non-party", f"{notice}{engaged}")]
    if withdrawal.armed_conflict_at_expiry is None:
        return None, [Segment(expiry, FOREVER, "unknown",
                              f"{notice}; it takes effect then only if the state is not engaged in an armed conflict, which is not known",
                              "withdrawal-in-armed-conflict")]
    ended = withdrawal.armed_conflict_ended
    held = f"{notice}; engaged in an armed conflict then, so it takes no effect before that conflict ends"
    if ended is None:
        return None, [Segment(expiry, FOREVER, "party", held)]
    effective = max(expiry, ended)
    return effective, [Segment(expiry, effective, "party", held),
                       Segment(effective, FOREVER, "non-party", f"{notice}; effective {effective}, when the armed conflict ended")]
