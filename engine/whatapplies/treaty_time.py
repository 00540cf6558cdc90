"""Calendar arithmetic that the treaties' own clauses declare.

Each treaty's data names its entry-into-force and withdrawal clause (seeds/treaties.yaml);
this module only turns a deposit or a notification into the date that clause gives.
Whether a state is bound on the date of the conduct is decided by rules/membership.py
from the timeline built here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from .accounts import Account, Localised
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
    account: Account  # why, in plain language (`whatapplies treaties` shows it; accounts.py words it)
    basis: str = ""  # for `unknown`: which fact is missing, a code the answer's reason words (render.py)

    @property
    def why(self) -> str:
        return self.account.say("en")

    @property
    def before_treaty(self) -> bool:
        """Before the treaty itself was in force: the standing rests on the treaty's date, not on the state's record."""
        return self.account.key == "before-treaty"


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
    before = _before_treaty(treaty)
    if membership is None or membership.status == "unknown":
        basis = "no-data" if membership is None else "status-unknown"
        return Timeline((before, Segment(treaty.in_force, FOREVER, "unknown", Account(basis), basis)), None, False, None)
    if membership.status in ("non-party", "signatory"):
        standing = Account("signatory" if membership.status == "signatory" else "not-a-party")
        return Timeline(_from_treaty(before, _not_bound(treaty, membership, standing)), None, False, None)
    if membership.deposit is None and membership.entry_into_force is None:
        return Timeline((before, Segment(treaty.in_force, FOREVER, "unknown", Account("date-unknown"), "date-unknown")),
                        None, False, None)

    earliest, latest, recorded = _eif_window(treaty, membership)
    article = treaty.entry_into_force.cited_for(membership.deposit)
    if membership.deposit_type == "succession" and not recorded:
        # A successor state is often a party from its independence, whatever day it notifies the succession
        # (the depositary records the day it counts from): with that day not recorded, before the computed
        # entry into force the state may or may not have been bound.
        segments = [before, Segment(treaty.in_force, earliest, "unknown", Account.of(
            "succession-unrecorded", deposit=str(membership.deposit)), "succession-unrecorded")]
    else:
        segments = [Segment(BEGINNING, earliest, "non-party", Account("before-entry-into-force"))]
    if latest > earliest:
        segments.append(Segment(earliest, latest, "unknown", Account.of(
            "deposit-imprecise", deposit=str(membership.deposit), earliest=str(earliest), latest=str(latest), article=article),
            "deposit-imprecise"))
    party = (Account.of("in-force-recorded", since=str(latest)) if recorded
             else Account.of("in-force-computed", since=str(latest), article=article))
    effective, after = _withdrawal(treaty, membership)
    end = effective or (after[0].start if after else FOREVER)
    segments.append(Segment(latest, end, "party", party))
    segments.extend(after)
    return Timeline(_from_treaty(before, tuple(s for s in segments if s.start < s.end)), latest, recorded, effective)


def _before_treaty(treaty: Treaty) -> Segment:
    return Segment(BEGINNING, treaty.in_force, "non-party", Account.of(
        "before-treaty", treaty=Localised(treaty.short, treaty.in_text_nl), in_force=str(treaty.in_force)))


def _from_treaty(before: Segment, segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """`segments` with `before` (the stretch before the treaty itself entered into force, `_before_treaty`) cut
    off the first one. No state was bound then, whatever its record says, so that stretch rests on the treaty's
    own date (a source of its own) and not on the state's entry, verified or not."""
    first, rest = segments[0], segments[1:]
    if first.start != BEGINNING or first.standing != "non-party" or first.before_treaty or first.end < before.end:
        return segments
    if first.end == before.end:  # an original party: bound from the treaty's own entry into force
        return (before, *rest)
    return (before, replace(first, start=before.end), *rest)


def _not_bound(treaty: Treaty, membership: Membership, standing: Account) -> tuple[Segment, ...]:
    """A non-party's or signatory's standing: for all time, or, when the status is dated
    (`as_of`), until the earliest day an instrument deposited on that date could have put the
    treaty in force for it under the treaty's own clause (immediately, if the clause allows
    that to a party to an armed conflict); not known after."""
    if membership.as_of is None:
        return (Segment(BEGINNING, FOREVER, "non-party", standing),)
    read = membership.as_of.earliest
    clause = treaty.entry_into_force
    earliest = entry_into_force(treaty, read, in_armed_conflict=True)
    immediate = (Account.of("or-at-once", article=clause.immediate_in_armed_conflict) if clause.immediate_in_armed_conflict
                 else Account(""))
    as_of = str(membership.as_of)
    return tuple(s for s in (
        Segment(BEGINNING, earliest, "non-party", Account.of("dated", standing=standing, as_of=as_of)),
        Segment(earliest, FOREVER, "unknown", Account.of(
            "dated-then-unknown", standing=standing, as_of=as_of, read=str(read), earliest=str(earliest),
            article=clause.cited, immediate=immediate), "status-as-of"),
    ) if s.start < s.end)


def _withdrawal(treaty: Treaty, membership: Membership) -> tuple[dt.date | None, list[Segment]]:
    """When a withdrawal takes effect (None: not, or not known), and the segments after the party segment."""
    withdrawal, clause = membership.withdrawal, treaty.withdrawal
    if withdrawal is None:
        return None, []
    if withdrawal.effective is not None:
        return withdrawal.effective, [Segment(withdrawal.effective, FOREVER, "non-party", Account.of(
            "withdrawal-recorded", effective=str(withdrawal.effective), article=clause.cited))]
    unrecorded = withdrawal.not_notified_as_of
    earliest_notice = max(withdrawal.announced, unrecorded) if withdrawal.announced and unrecorded else withdrawal.announced
    expiry = withdrawal_effective(clause, withdrawal.notified or earliest_notice)  # type: ignore[arg-type]
    if expiry is None:
        return None, []
    if withdrawal.notified is None:  # announced only: the notice cannot predate it; bound until then, not known after
        proviso = Account("then-only-if-not-engaged" if clause.suspended_in_armed_conflict else "")
        on_record = (Account.of("no-notice-as-of", as_of=str(unrecorded)) if unrecorded and unrecorded > withdrawal.announced
                     else Account.of("no-notice"))  # type: ignore[operator]
        return None, [Segment(expiry, FOREVER, "unknown", Account.of(
            "withdrawal-announced", announced=str(withdrawal.announced), on_record=on_record,
            notice_day=str(earliest_notice), expiry=str(expiry), article=clause.cited, proviso=proviso),
            "withdrawal-announced")]
    notice = Account.of("notice", notified=str(withdrawal.notified), expiry=str(expiry), article=clause.cited)
    if not clause.suspended_in_armed_conflict or withdrawal.armed_conflict_at_expiry is False:
        key = "withdrawn" if not clause.suspended_in_armed_conflict else "withdrawn-not-engaged"
        return expiry, [Segment(expiry, FOREVER, "non-party", Account.of(key, notice=notice))]
    if withdrawal.armed_conflict_at_expiry is None:
        return None, [Segment(expiry, FOREVER, "unknown", Account.of("withdrawal-engagement-unknown", notice=notice),
                              "withdrawal-in-armed-conflict")]
    ended = withdrawal.armed_conflict_ended
    held = Account.of("withdrawal-held", notice=notice)
    if ended is None:
        return None, [Segment(expiry, FOREVER, "party", held)]
    effective = max(expiry, ended)
    return effective, [Segment(expiry, effective, "party", held),
                       Segment(effective, FOREVER, "non-party",
                               Account.of("withdrawn-after-conflict", notice=notice, effective=str(effective)))]
