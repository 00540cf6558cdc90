"""The public contract: what a user asks (Scenario) and what whatapplies answers (Answer).

These shapes are fixed by DESIGN.md §3; other tools parse them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

ConflictType = Literal["international", "non-international", "none"]
RegimeVerdict = Literal["applies", "does_not_apply", "conditional", "unknown"]
BodyVerdict = Literal["competent", "conditional", "not_competent", "unknown"]

REGIME_IDS: tuple[str, ...] = (
    "cwc",
    "ccw-p3",
    "ccm",
    "apmbc",
    "rome-statute",
    "geneva-conventions",
    "ap1",
    "ap2",
    "customary-ihl",
)
BODY_IDS: tuple[str, ...] = ("opcw", "unsgm", "icc", "osce", "unsc", "hrc", "ihffc")

# Bounds on what a user may ask, so bad input fails fast with one line instead of running
# the rules on 100,000 parties or quoting a 2 MB name back: no state or weapon name comes
# near 120 characters, and no armed conflict has had 100 parties on one side.
MAX_NAME = 120
MAX_OPPONENTS = 100


class Scenario(BaseModel):
    """A situation as the user describes it (names not yet normalised)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    date: dt.date = Field(description="Date of the conduct (ISO 8601).")
    territory: str = Field(max_length=MAX_NAME, description="State where the conduct took place.")
    actor: str = Field(max_length=MAX_NAME, description="Party whose conduct is assessed: a state, or `group:NAME`.")
    opponents: list[Annotated[str, Field(max_length=MAX_NAME)]] = Field(
        default_factory=list, max_length=MAX_OPPONENTS, description="Parties on the other side."
    )
    nationality: str | None = Field(
        default=None,
        max_length=MAX_NAME,
        description="Nationality of the alleged perpetrators; defaults to the actor when it is a state.",
    )
    conflict: ConflictType | None = Field(
        default=None, description="Omitted: international between states, non-international when a group is a party."
    )
    weapon: str | None = Field(default=None, max_length=MAX_NAME, description=(
        "Weapon id or alias, e.g. white-phosphorus, WP, cluster-munition; none when no weapon was involved. "
        "An unknown one is refused with the known ids."))
    use: str | None = Field(default=None, max_length=MAX_NAME, description="Mode of use, e.g. incendiary, smokescreen.")


class NormalisedScenario(BaseModel):
    """The scenario after names are resolved: states as ISO alpha-3, conflict type derived."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    territory: str
    actor: str
    opponents: list[str]
    nationality: str | None
    conflict: ConflictType
    conflict_derived: bool = Field(description="True when the conflict type was derived, not given.")
    weapon: str | None
    use: str | None


class Source(BaseModel):
    """Where a fact comes from: a letter (with the verbatim quote) or a public URL."""

    kind: Literal["letter", "url", "treaty", "none"]
    document: str | None = None
    quote: str | None = None
    url: str | None = None
    more_urls: list[str] = Field(default_factory=list)
    verified: bool


class FactOut(BaseModel):
    id: str
    statement: str
    source: Source


class Condition(BaseModel):
    """One route by which a body could act, or a regime could come to apply."""

    route: str
    basis: str
    states: list[str] = Field(default_factory=list)


class Finding(BaseModel):
    id: str
    verdict: str
    reasons: list[str]
    citations: list[str]
    facts: list[FactOut]
    rule: str
    rules: list[str] = Field(description="Every rule that decided this verdict; `rule` is the first.")
    conditions: list[Condition] = Field(default_factory=list)
    unverified: bool = Field(description="True when the verdict rests on a fact not verified against its source.")


class Answer(BaseModel):
    scenario: NormalisedScenario
    regimes: list[Finding]
    bodies: list[Finding]

    def regime(self, regime_id: str) -> Finding:
        return next(f for f in self.regimes if f.id == regime_id)

    def body(self, body_id: str) -> Finding:
        return next(f for f in self.bodies if f.id == body_id)

    def verdicts(self) -> dict[str, dict[str, str]]:
        """The verdicts alone, in the shape of a case file's `expect:` block."""
        return {
            "regimes": {f.id: f.verdict for f in self.regimes},
            "bodies": {f.id: f.verdict for f in self.bodies},
        }
