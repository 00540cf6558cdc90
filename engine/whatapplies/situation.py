"""A legal situation: a batch row without its date, and where its date falls among the facts.

The rules see the date twice in the scenario fact: `date` (text, only ever shown) and
`day` (an ordinal). Every rule compares `day` only with an integer field of another fact
(`start`, `end`, `in_force`; tests/test_situation_cache.py fails if a rule compares it
with anything else, or if a rule's `make` reads the scenario). So for the base facts of
a query, let P be {B-1, B, B+1} for every integer B in any base fact other than the
scenario. Two days with the same `bisect_right(P, day)` have no point of P between
them, hence lie on the same side of every B (for <, <=, > and >=): every rule fires
with the same bindings, and the facts the query ends with differ only in the scenario's
`date`/`day` and in the reason arguments copied from them (`args["sc.date"]`). The key
is (language, the resolved scenario fields except the date — territory, actor,
opponents in order, nationality, conflict and whether it was derived, weapon, use —, the
knowledge the facts come from, the position): base facts are a function of the
knowledge and those fields. The points are memoised per set of states and territory
(facts.dates_key: all the dates those facts hold depend on) and kept with each distinct
raw row (without its date), so a hit costs a dict lookup and one bisect. The points B-1
and B+1 make every date that equals or neighbours a fact's date an interval of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .models import NormalisedScenario, Scenario

SCENARIO_ONLY = ("date", "day")  # the scenario fields that carry the date
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def boundary_points(facts: list[dict[str, Any]]) -> list[int]:
    """{B-1, B, B+1} for every integer field B of a base fact other than the scenario, sorted."""
    values = {value for fact in facts if fact["kind"] != "scenario" for value in fact.values() if type(value) is int}
    return sorted({value + step for value in values for step in (-1, 0, 1)})


@dataclass(frozen=True)
class Situation:
    """A resolved row without its date: the key's fixed part and the day boundaries."""

    fixed: tuple[Any, ...]
    points: list[int]
    normalised: NormalisedScenario  # with the date of the first row seen


class Dated:
    """A situation on one day: its date at once, its resolved scenario only when the rules must run
    (a cache hit needs the key and the date alone)."""

    __slots__ = ("_normalised", "date", "situation")

    def __init__(self, situation: Situation, day: dt.date):
        self.situation = situation
        self.date = day
        self._normalised: NormalisedScenario | None = None

    @property
    def normalised(self) -> NormalisedScenario:
        if self._normalised is None:
            first = self.situation.normalised
            self._normalised = first if first.date == self.date else first.model_copy(update={"date": self.date})
        return self._normalised


_FIELDS = tuple(name for name in Scenario.model_fields if name != "date")
_ABSENT = ("absent",)


def raw_key(row: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The row without its date as a tuple of plain values; None for anything else (then pydantic decides)."""
    values: list[Any] = []
    unknown = len(row) - ("date" in row)
    for name in _FIELDS:
        value = row.get(name, _ABSENT)
        if value is _ABSENT or value is None or type(value) is str:
            pass
        elif type(value) is list and all(type(item) is str for item in value):
            value = ("list", *value)
        else:
            return None
        unknown -= value is not _ABSENT
        values.append(value)
    return tuple(values) if not unknown else None


def fast_date(value: Any) -> dt.date | None:
    """A plain ISO date as pydantic would parse it; None sends the row through validation."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None
