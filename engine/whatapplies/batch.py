"""Many scenarios, fast, without giving up the rules: every answer still comes from them.

An answer depends only on the scenario fields and on the facts in force for the states
involved on that date. `answer_json_many` and `BatchAnswerer` therefore run the rules
once per *legal situation* (situation.py: the key, and why it is exact) and fill in the
date for every other event in it (date_template.py); answer_cache.py keeps the templates.
`answer_json_many` spreads the misses over worker processes (batch_workers.py) and yields
in input order; the parent holds the cache and answers every hit.

A situation the cache does not hold is put together from findings (fragments.py): each
regime's and body's rules run on the facts they can read, once per distinct slice of
them and once for all slices that differ only in names (canonical.py), so situations
that differ only where a finding cannot see share it. Costs (2 cores): a slice's rule
run ~2 ms; a whole rule run ~20 ms; a new situation ~1 ms of a worker; a hit ~30 us. The
number of distinct situations in the input decides the speed, not the number of events.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from .answer import Assembler
from .answer_cache import AnswerCache, CacheInfo, default_cache
from .date_template import run_situation
from .facts import BadScenario, base_facts, dates_key, normalise
from .fragments import FindingRunner
from .knowledge import Knowledge, default_knowledge
from .models import Answer, NormalisedScenario, Scenario
from .names import UnknownName
from .rule_engine import RuleEngine
from .situation import Dated, Situation, boundary_points, fast_date, raw_key
from .verdicts import summary_json

__all__ = [
    "ROW_ERRORS",
    "AnswerCache",
    "BatchAnswerer",
    "CacheInfo",
    "WorkerDied",
    "answer_json_many",
    "answer_many",
    "boundary_points",
    "default_cache",
]

LANGS = ("en", "nl")
RAW_KEYS = 100_000  # raw row (without its date) -> resolved situation
LOOKAHEAD = 1_000  # rows a parallel batch may hold back while their answers are computed

#: What a bad row raises; `answer_many` yields these instead of stopping.
ROW_ERRORS = (BadScenario, ValidationError, UnknownName, TypeError, ValueError)


class WorkerDied(RuntimeError):
    """A worker process ended without answering: killed, out of memory, or a crash in the C engine.
    The batch stops, where its rows would otherwise wait for ever."""


class BatchAnswerer:
    """Answers scenarios one at a time through the rules, with an optional situation cache."""

    def __init__(
        self,
        *,
        lang: str = "en",
        cache: AnswerCache | None = None,
        knowledge: Knowledge | None = None,
        engine: RuleEngine | None = None,
    ):
        if lang not in LANGS:
            raise ValueError(f"lang {lang!r} is not supported ({', '.join(LANGS)})")
        self.lang = lang
        self.cache = cache
        self.knowledge = knowledge or default_knowledge()
        self._engine = engine
        self._assembler: Assembler | None = None
        self._findings: FindingRunner | None = None
        self._raw: OrderedDict[Hashable, Situation] = cache.situations(lang, self.knowledge) if cache else OrderedDict()
        self._points: dict[tuple[Any, ...], list[int]] = {}  # facts.dates_key -> day boundaries (shared lists)
        self.ran = 0  # rows for which the rules ran
        self._whole_runs = 0

    @property
    def engine(self) -> RuleEngine:
        if self._engine is None:
            from .api import default_engine

            self._engine = default_engine()
        return self._engine

    @property
    def assembler(self) -> Assembler:
        if self._assembler is None:
            self._assembler = Assembler(self.engine, self.knowledge, self.lang)
        return self._assembler

    @property
    def findings(self) -> FindingRunner:
        """Runs the rules per regime and body, sharing findings between situations (fragments.py)."""
        if self._findings is None:
            self._findings = FindingRunner(list(self.engine.provisions.values()), self.knowledge, self.lang)
        return self._findings

    # -- keys
    def _situation(self, scenario: Scenario) -> Situation:
        normalised = normalise(scenario, self.knowledge)
        dates = dates_key(normalised)  # the states and the territory: vetoes and referrals differ by territory
        points = self._points.get(dates)
        if points is None:
            points = self._points[dates] = boundary_points(base_facts(normalised, self.knowledge))
            if len(self._points) > RAW_KEYS:
                self._points.pop(next(iter(self._points)))
        # The base facts are a function of the knowledge and these fields: the knowledge stands for them
        # (its id is unique while the cache holds it: AnswerCache.situations keeps it alive).
        fixed = (self.lang, normalised.territory, normalised.actor, tuple(normalised.opponents), normalised.nationality,
                 normalised.conflict, normalised.conflict_derived, normalised.weapon, normalised.use, id(self.knowledge))
        return Situation(fixed, points, normalised)

    def prepare(self, row: Scenario | Mapping[str, Any]) -> tuple[Hashable, Dated]:
        """(situation key, the situation on the row's date) of a row; raises what a bad row raises."""
        if isinstance(row, Scenario):
            raw, day, scenario = raw_key(row.model_dump(exclude={"date"})), row.date, row
        elif isinstance(row, Mapping):
            raw, day, scenario = raw_key(row), fast_date(row.get("date")), None
            if day is None or raw is None:
                scenario = Scenario.model_validate(dict(row))
                raw, day = raw_key(scenario.model_dump(exclude={"date"})), scenario.date
        else:
            raise TypeError(f"expected a scenario object, got {type(row).__name__}")
        known = self._raw.get(raw) if raw is not None else None
        if known is None:
            if scenario is None:
                scenario = Scenario.model_validate(dict(row))  # type: ignore[arg-type]
            known = self._situation(scenario)
            if raw is not None:
                self._raw[raw] = known
                if len(self._raw) > RAW_KEYS:
                    self._raw.popitem(last=False)
        else:
            self._raw.move_to_end(raw)
        return (known.fixed, bisect.bisect_right(known.points, day.toordinal())), Dated(known, day)

    # -- answers
    def _run(self, row: Scenario | Mapping[str, Any]) -> tuple[str, Answer | None]:
        return self.answer_prepared(*self.prepare(row))

    def answer_prepared(self, key: Hashable, dated: Dated, *, encoded: bool = False,
                        verdicts: bool = False) -> tuple[Any, Answer | None]:
        """(cached JSON, None) on a cache hit; (JSON, fresh Answer) otherwise; the JSON as UTF-8 if `encoded`.
        `verdicts`: the row's verdicts (verdicts.summary_json) instead of its answer."""
        if self.cache is not None:
            if verdicts:
                cached = self.cache.lookup_verdicts(key, dated.date)
                cached = cached if cached is None or encoded else cached.decode("utf-8")
            else:
                cached = (self.cache.lookup_bytes if encoded else self.cache.lookup)(key, dated.date)
            if cached is not None:
                return cached, None
        self.ran += 1
        real, template, answer = self.solve(dated.normalised, shared=self.cache is not None)
        stored = None
        if self.cache is not None:
            stored = self.cache.store(key, dated.date, template, real, verdicts=verdicts)
        if verdicts:
            return verdicts_of(real, encoded, stored), answer
        return real.encode("utf-8") if encoded else real, answer

    def solve(self, normalised: NormalisedScenario, *, shared: bool) -> tuple[str, list[str] | None, Answer | None]:
        """Run the rules for one situation: (answer JSON, the parts of its date template or None, the Answer
        if one was built).

        `shared` (with a cache): from findings shared between situations (fragments.py);
        otherwise the whole ruleset once, as `ask` without its cache.
        """
        if shared:
            real, template = self.findings.answer_parts(normalised)
            return real, template, None
        self._whole_runs += 1
        answer, real, _ = run_situation(self.engine, self.assembler, self.knowledge, normalised, template=False)
        return real, None, answer

    @property
    def rule_runs(self) -> int:
        """Rule runs so far: one per slice run with shared findings, one per whole run without."""
        return self._whole_runs + (self._findings.ran if self._findings is not None else 0)

    def answer(self, scenario: Scenario | Mapping[str, Any]) -> Answer:
        """The Answer; a cache hit gives a fresh copy, so callers may change it freely."""
        text, answer = self._run(scenario)
        return answer if answer is not None else Answer.model_validate_json(text)

    def answer_json(self, scenario: Scenario | Mapping[str, Any]) -> str:
        """The Answer as compact JSON (`Answer.model_dump_json()`), without rebuilding it on a hit."""
        return self._run(scenario)[0]


def answer_many(
    scenarios: Iterable[Scenario | Mapping[str, Any]],
    *,
    lang: str = "en",
    cache: bool | AnswerCache = True,
    knowledge: Knowledge | None = None,
    engine: RuleEngine | None = None,
) -> Iterator[tuple[int, Answer | Exception]]:
    """Yield (index, Answer) for each scenario, or (index, exception) for a bad one.

    Indexes count from 0 in input order. A bad row (BadScenario, pydantic ValidationError,
    UnknownName, a row that is not a mapping) never stops the batch; a failing rule
    (RuleError) does, since it means the ruleset itself is broken.
    """
    chosen = default_cache() if cache is True else (cache or None)
    answerer = BatchAnswerer(lang=lang, cache=chosen, knowledge=knowledge, engine=engine)
    for index, scenario in enumerate(scenarios):
        try:
            yield index, answerer.answer(scenario)
        except ROW_ERRORS as error:
            yield index, error


def answer_json_many(
    scenarios: Iterable[Scenario | Mapping[str, Any]],
    *,
    lang: str = "en",
    cache: AnswerCache | None = None,
    processes: int | None = None,
    knowledge: Knowledge | None = None,
    stats: dict[str, int] | None = None,
    encoded: bool = False,
    verdicts: bool = False,
) -> Iterator[Any]:
    """The Answer JSON (or the row's error) for each scenario, in input order; as UTF-8 bytes if `encoded`.

    `verdicts`: each row's verdicts instead (verdicts.summary_json: id -> verdict, and the
    ids resting on an unverified fact); the cache keeps them per situation, for every date
    it covers (AnswerCache.lookup_verdicts).

    Misses run in `processes` worker processes (default: os.cpu_count(); 1 runs them in
    this process); hits are answered here from `cache`, which this fills. Without a
    cache the rules run for every row. `stats`, if given, gets "rows", "ran" (rows
    whose answer the rules made rather than the cache), "situations" (distinct
    situation keys seen) and "findings" (rule runs: one regime's or body's slice each
    with a cache, the whole ruleset without).
    """
    processes = processes or os.cpu_count() or 1
    answerer = BatchAnswerer(lang=lang, cache=cache, knowledge=knowledge)
    counts = stats if stats is not None else {}
    counts.update(rows=0, ran=0, situations=0, findings=0)
    if processes == 1:
        return _in_process(scenarios, answerer, counts, encoded, verdicts)
    from .batch_workers import answer_in_order, start_workers

    # One executor per worker process, so that a situation can be sent to a chosen one.
    pools = start_workers(lang, knowledge, processes)
    return answer_in_order(scenarios, answerer, pools, counts, encoded, verdicts)


def decoded_lookup(lookup: Callable[[Hashable, dt.date], bytes | None]) -> Callable[[Hashable, dt.date], str | None]:
    """`lookup` (key, date -> UTF-8 or None) giving text."""

    def text(key: Hashable, day: dt.date) -> str | None:
        found = lookup(key, day)
        return None if found is None else found.decode("utf-8")

    return text


def verdicts_of(answer: str | bytes, encoded: bool, read: bytes | None = None) -> str | bytes:
    """The verdicts of an answer's JSON (verdicts.summary_json; `read` if already read off it, as
    AnswerCache.store does), as UTF-8 if `encoded`."""
    summary = summary_json(answer) if read is None else read
    return summary if encoded else summary.decode("utf-8")


def _in_process(scenarios: Iterable[Any], answerer: BatchAnswerer, counts: dict[str, int], encoded: bool,
                verdicts: bool = False) -> Iterator[Any]:
    seen: set[Hashable] = set()
    for row in scenarios:
        counts["rows"] += 1
        try:
            key, dated = answerer.prepare(row)
            text, _ = answerer.answer_prepared(key, dated, encoded=encoded, verdicts=verdicts)
        except ROW_ERRORS as error:
            yield error
            continue
        seen.add(key)
        counts["situations"], counts["ran"] = len(seen), answerer.ran
        counts["findings"] = answerer.rule_runs
        yield text
