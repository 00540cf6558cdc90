"""Shapes of the data files in seeds/ (see seeds/README.md). Validation only; no law here."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .accounts import Localised

# A deposit known to the day, or only to the month ("1993-06") or year (1993).
Precision = Literal["day", "month", "year"]


class Strict(BaseModel):
    # defer_build: a Knowledge read from the disk cache never validates, so it need not pay for
    # building every schema at import (~45 ms of a cold `whatapplies ask`)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class FuzzyDate(Strict):
    """A date known to a precision; `earliest`..`latest` is the range it may fall in."""

    earliest: dt.date
    latest: dt.date
    precision: Precision

    @classmethod
    def parse(cls, value: object) -> "FuzzyDate":
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(earliest=value, latest=value, precision="day")
        if isinstance(value, int) and 1800 <= value <= 2200:
            return cls(earliest=dt.date(value, 1, 1), latest=dt.date(value, 12, 31), precision="year")
        if isinstance(value, str):
            text = value.strip()
            if len(text) == 4 and text.isdigit():
                return cls.parse(int(text))
            if len(text) == 7 and text[4] == "-":
                year, month = int(text[:4]), int(text[5:])
                first = dt.date(year, month, 1)
                last = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
                return cls(earliest=first, latest=last, precision="month")
            return cls.parse(dt.date.fromisoformat(text))
        raise ValueError(f"not a date, month (YYYY-MM) or year: {value!r}")

    def __str__(self) -> str:
        if self.precision == "day":
            return self.earliest.isoformat()
        if self.precision == "month":
            return self.earliest.isoformat()[:7]
        return str(self.earliest.year)


class Sourced(Strict):
    verified: bool
    sources: list[str] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _verified_needs_source(self) -> "Sourced":
        if self.verified and not self.sources:
            raise ValueError("verified: true needs at least one source URL")
        return self


# ---------------------------------------------------------------- treaties

class Cited(Strict):
    """A clause cited by its article; `article_nl` only where the citation has words ("58(2) and 61")."""

    article: str
    article_nl: str | None = None

    @property
    def cited(self) -> Localised:
        return Localised(self.article, self.article_nl or self.article)


class EntryIntoForceClause(Cited):
    """How a treaty's own clause puts it into force for a state after its deposit."""

    rule: Literal[
        "days_after_deposit",  # the Nth day after deposit (CWC art. XXI(2): 30)
        "months_after_deposit",  # N months after deposit, same day of month (CCW art. 5(2): 6)
        "first_day_of_month_after_days",  # 1st of the month after the Nth day (Rome art. 126(2): 60)
        "first_day_of_nth_month_after_deposit",  # 1st of the Nth month after deposit (CCM art. 17(2): 6)
    ]
    n: int = Field(gt=0)
    # Deposits up to this date (the one that brought the treaty into force, or for the CWC
    # the day before its entry into force) take effect on the treaty's own `in_force`
    # date; the clause above governs later deposits.
    later_deposits_after: dt.date
    # The clause that put the treaty itself into force: the one deposits up to `later_deposits_after`
    # took effect under (Rome Statute art. 126(1), where later ones take effect under 126(2)).
    initial_article: str
    initial_article_nl: str | None = None
    # Geneva Conventions (GC I art. 62, II art. 61, III art. 141, IV art. 157): ratifications
    # and accessions by parties to an ongoing conflict take effect immediately.
    immediate_in_armed_conflict: str | None = None  # the article, when the treaty has the clause
    text: str

    def cited_for(self, deposit: FuzzyDate | None) -> Localised:
        """The article a deposit took effect under: the treaty's own entry into force for one made by
        `later_deposits_after` at the latest, this clause for any other (or one that may be either)."""
        if deposit is not None and deposit.latest <= self.later_deposits_after:
            return Localised(self.initial_article, self.initial_article_nl or self.initial_article)
        return self.cited


class WithdrawalClause(Cited):
    rule: Literal["days_after_notice", "months_after_notice", "years_after_notice", "none"]
    n: int = Field(default=0, ge=0)
    text: str
    suspended_in_armed_conflict: bool = False


class Treaty(Sourced):
    id: str
    name: str
    name_nl: str
    short: str
    in_text: str  # how a sentence names it: "the CWC", "CCW Protocol III"
    in_text_nl: str
    kind: Literal["treaty", "protocol", "amendment"] = "treaty"
    part_of: str | None = None
    adopted: dt.date
    in_force: dt.date
    entry_into_force: EntryIntoForceClause
    withdrawal: WithdrawalClause


# ---------------------------------------------------------------- states

class Withdrawal(Strict):
    notified: dt.date | None = None
    effective: dt.date | None = None  # recorded by the depositary: wins over any computation
    # Announced, with no notification to the depositary on record: the notice cannot have been
    # given before this day, so the state is bound until the notice period counted from it ends,
    # and whether it is bound after that is not known.
    announced: dt.date | None = None
    # With `announced`: a depositary record of this day holds no notification, so the notice cannot
    # have been received before it either; the later of the two days counts.
    not_notified_as_of: dt.date | None = None
    # For treaties whose withdrawal clause is suspended in armed conflict (CCW art. 9(2),
    # CCM/APMBC art. 20(3), AP I art. 99(1), AP II art. 25(1)): was the state engaged in an
    # armed conflict when the notice period expired? None: not known, so unknown after then.
    armed_conflict_at_expiry: bool | None = None
    armed_conflict_ended: dt.date | None = None  # when true above: the day that conflict ended, if it has

    @model_validator(mode="after")
    def _some_date(self) -> "Withdrawal":
        if self.announced is not None and (self.notified or self.effective):
            raise ValueError("a withdrawal with `notified` or `effective` needs no `announced` date")
        if self.notified is None and self.effective is None and self.announced is None:
            raise ValueError("a withdrawal needs `notified`, `effective` or (when neither is known) `announced`")
        if self.notified and self.effective and self.effective < self.notified:
            raise ValueError("withdrawal `effective` is before `notified`")
        if self.not_notified_as_of is not None and self.announced is None:
            raise ValueError("`not_notified_as_of` needs the day the withdrawal was `announced`")
        if self.announced is not None and self.armed_conflict_at_expiry is not None:
            raise ValueError("`armed_conflict_at_expiry` needs the date the withdrawal was `notified`")
        if self.armed_conflict_ended and self.armed_conflict_at_expiry is not True:
            raise ValueError("`armed_conflict_ended` needs `armed_conflict_at_expiry: true`")
        return self


MembershipStatus = Literal["party", "non-party", "signatory", "unknown"]
DepositType = Literal["ratification", "accession", "succession", "acceptance", "approval", "definitive signature"]


class Membership(Sourced):
    status: MembershipStatus
    signature: dt.date | None = None
    deposit: FuzzyDate | None = None
    deposit_type: DepositType | None = None
    entry_into_force: dt.date | None = None
    withdrawal: Withdrawal | None = None
    letter_facts: list[str] = Field(default_factory=list)  # letter statements about this membership
    # Why a recorded entry into force differs from the treaty clause (e.g. GC art. 62).
    entry_into_force_basis: str | None = None
    # With a treaty whose clause gives immediate effect to a party to a conflict (GC art. 62):
    # was the state a party to an armed conflict when it deposited? None: not known / no.
    in_armed_conflict_at_deposit: bool | None = None
    # A non-party or signatory status read from a source of this date (or, to a month or
    # year, from some day in it): nothing is known of the state's instruments after it.
    as_of: FuzzyDate | None = None

    @field_validator("deposit", "as_of", mode="before")
    @classmethod
    def _fuzzy(cls, value: object) -> object:
        return None if value is None else FuzzyDate.parse(value)

    @model_validator(mode="after")
    def _coherent(self) -> "Membership":
        if self.status != "party" and (self.deposit or self.entry_into_force or self.withdrawal):
            raise ValueError(f"status {self.status} cannot have a deposit, entry_into_force or withdrawal")
        if self.as_of is not None and self.status not in ("non-party", "signatory"):
            raise ValueError(f"`as_of` dates a non-party or signatory status, not status {self.status}")
        if self.withdrawal and self.deposit:
            if self.withdrawal.notified and self.withdrawal.notified < self.deposit.earliest:
                raise ValueError("withdrawal notified before the deposit")
            if self.withdrawal.effective and self.withdrawal.effective <= self.deposit.earliest:
                raise ValueError("withdrawal took effect before the deposit")
            if self.withdrawal.announced and self.withdrawal.announced < self.deposit.earliest:
                raise ValueError("withdrawal announced before the deposit")
        if self.entry_into_force and self.deposit and self.entry_into_force < self.deposit.earliest:
            raise ValueError("entry_into_force is before the deposit")
        return self


DeclarationType = Literal["rome-12-3", "rome-124", "api-90"]


class Declaration(Sourced):
    id: str
    type: DeclarationType
    lodged: FuzzyDate | None = None
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    effect: Literal["accepted", "rejected", "contested"] = "accepted"
    # Art. 124 reaches crimes "by its nationals or on its territory"; a state may declare
    # less (Ukraine 2024: nationals only). Only art. 124 declarations have a scope; none
    # given means the article's own reach (rules/rome_statute.py reads it so).
    scope: Literal["nationals", "territory", "nationals-and-territory"] | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @field_validator("lodged", mode="before")
    @classmethod
    def _fuzzy(cls, value: object) -> object:
        return None if value is None else FuzzyDate.parse(value)

    @model_validator(mode="after")
    def _period(self) -> "Declaration":
        if self.until is not None and self.until < self.from_:
            raise ValueError("`until` is before `from`")
        if self.scope is not None and self.type != "rome-124":
            raise ValueError("only an art. 124 declaration has a `scope`")
        return self


class DeclarationsComplete(Sourced):
    """A complete list of one type of declaration, read: the state's declarations of that type in its file
    are all it had made by `as_of` (the list's date, or the earliest it can be). Without one, a state's
    missing declaration is not known to be missing."""

    as_of: dt.date


class StateFile(Strict):
    state: str
    name: str
    memberships: dict[str, Membership] = Field(default_factory=dict)
    declarations: list[Declaration] = Field(default_factory=list)
    declarations_complete: dict[DeclarationType, DeclarationsComplete] = Field(default_factory=dict)


# ---------------------------------------------------------------- referrals, organisations

class Referral(Sourced):
    id: str
    resolution: str
    adopted: dt.date
    territory: str
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class VetoedDraft(Sourced):
    """A draft resolution on a situation that a permanent member vetoed: it confers nothing,
    but names who may veto again (rules/unsc.py)."""

    id: str
    draft: str
    date: dt.date
    territory: str
    vetoed_by: list[str] = Field(min_length=1)
    vote: str | None = None


class OrgMember(Strict):
    since: dt.date
    until: dt.date | None = None
    note: str | None = None
    # A member's date read in a source of its own: its fact is then as verified as that source,
    # whatever the organisation's list as a whole is (None: the organisation's flag and sources).
    verified: bool | None = None
    sources: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _verified_needs_source(self) -> "OrgMember":
        if self.verified is not None and not self.sources:
            raise ValueError("a member's own `verified` needs its own sources")
        return self


class CompleteList(Sourced):
    """The organisation's own current list of members, read whole: a state not on it (nor in `members` with an
    `until`) is not a member, as verified as that list, up to `as_of` (the list's date, or the latest day a
    dated source confirms it); after that day it may have joined, so its membership is not known."""

    as_of: dt.date | None = None


class Organisation(Sourced):
    name: str
    in_text: str  # how a reason names it, like a treaty's `in_text`: "the OSCE"
    in_text_nl: str
    member_nl: str  # what a member is, as a Dutch fact says it: "permanent lid van de VN-Veiligheidsraad"
    basis: str
    members: dict[str, OrgMember]
    complete_list: CompleteList | None = None


# ---------------------------------------------------------------- weapons

class Named(Strict):
    name: str
    name_nl: str
    aliases: list[str] = Field(default_factory=list)

    def spellings(self) -> list[tuple[str, str]]:
        """What users may type for it besides its id (names.id_spellings), each with the field it comes from:
        its aliases and the names answers show it by."""
        return [*(("aliases", alias) for alias in self.aliases), ("name", self.name), ("name_nl", self.name_nl)]


class Weapon(Named):
    uses: list[str] = Field(default_factory=list)


class Classification(Strict):
    """Whether a weapon, as used, falls in a treaty category — with the source that says so."""

    weapon: str
    use: str  # a use id, or "any"
    category: Literal[
        "chemical-weapon", "riot-control-warfare", "incendiary-weapon", "cluster-munition", "anti-personnel-mine"
    ]
    value: bool
    article: str
    letter_fact: str | None = None
    url: str | None = None
    verified: bool
    note: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> "Classification":
        if not (self.letter_fact or self.url):
            raise ValueError("a classification needs `letter_fact` or `url`")
        return self


class WeaponsFile(Strict):
    weapons: dict[str, Weapon]
    uses: dict[str, Named]
    categories: dict[str, Named]
    classifications: list[Classification]


# ---------------------------------------------------------------- letters

class Letter(Strict):
    id: str
    file: str
    title: str
    date: dt.date | None = None
    as_of: dt.date | None = None  # for an undated letter: a date by which it was written
    reference: str
    url: str | None = None


class LetterFact(Strict):
    id: str
    letter: str
    quote: str
    statement: str
    statement_nl: str | None = None


class LettersFile(Strict):
    letters: list[Letter]
    facts: list[LetterFact]


AnyEntry = Union[Treaty, Membership, Declaration, Referral, Organisation, Classification, LetterFact]
