"""Many scenarios, fast, without giving up the rules: every answer still comes from them.

An answer depends only on the scenario fields and on the facts in force for the states
involved on that date. `answer_json_many` and `BatchAnswerer` therefore run the rules
once per *legal situation* (situation.py: the key, and why it is exact) and fill in the
date for every other event in it (date_template.py); answer_cache.py keeps the templates.
`answer_json_many` spreads the misses over worker processes (fork where available, each
with its own rule engine) and yields in input order; the parent holds the cache and
answers every hit.

A situation the cache does not hold is put together from findings (fragments.py): each
regime's and body's rules run on the facts they can read, once per distinct slice of
them and once for all slices that differ only in names (canonical.py), so situations
that differ only where a finding cannot see share it. Misses go to the workers in
chunks, each to the worker that has its acting state (_Jobs). Costs (2 cores): a
slice's rule run ~2 ms; a whole rule run ~20 ms; a new situation ~1 ms of a worker; a
hit ~30 us. The number of distinct situations in the input decides the speed, not the
number of events.
"""

from __future__ import annotations

import bisect
import datetime as dt
import multiprocessing
import os
import zlib
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from pydantic import ValidationError

from .answer import Assembler
from .answer_cache import AnswerCache, CacheInfo, Part, default_cache
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
CHUNK = 32  # situations sent to a worker process in one task
BALANCE = 1.25  # a worker may get this many times the least busy one's situations (plus a chunk), no more

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
        if self.cache is not None:
            self.cache.store(key, dated.date, template, real, verdicts=verdicts)
        if verdicts:
            return _verdicts_of(real, encoded), answer
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


# ---------------------------------------------------------------- processes
_worker: BatchAnswerer | None = None


class _WorkerAnswerer(BatchAnswerer):
    """A process of its own needs an engine of its own, built at its first miss: a batch of hits builds none."""

    @property
    def engine(self) -> RuleEngine:
        if self._engine is None:
            from .rule_engine import collect_provisions

            self._engine = RuleEngine(collect_provisions())
        return self._engine


def _worker_init(lang: str, knowledge: Knowledge | None) -> None:
    global _worker
    _worker = _WorkerAnswerer(lang=lang, knowledge=knowledge)


def _worker_run(normalised: NormalisedScenario, template: bool) -> tuple[str, list[str] | None, int]:
    """(answer JSON, template or None, rule runs); the template is the JSON answer too, so only one is sent.

    With a cache (`template`), findings are shared between situations; without, the
    rules run whole, once per row (BatchAnswerer.solve).
    """
    assert _worker is not None, "worker not initialised"
    before = _worker.rule_runs
    real, made, _ = _worker.solve(normalised, shared=template)
    runs = _worker.rule_runs - before
    return ("", made, runs) if made is not None else (real, None, runs)


_sent: dict[str, int] = {}  # template parts this worker has sent, numbered in the order sent
SENT_PARTS = 50_000  # then the numbering restarts (the parent is told); bounds what the parent keeps per worker


def _worker_run_many(scenarios: list[NormalisedScenario]) -> tuple[int, bool, list[tuple[str, list[str | int] | None, int]]]:
    """`_worker_run` with shared findings for a chunk of situations: (this process's id, whether the
    numbering restarted, the results). A template part sent before goes as its number: most parts
    are findings that many situations share, and the parent keeps them already. Its id tells the
    parent if another process ever numbers them (a dead worker is not replaced: WorkerDied)."""
    restart = len(_sent) > SENT_PARTS
    if restart:
        _sent.clear()
    results: list[tuple[str, list[str | int] | None, int]] = []
    for normalised in scenarios:
        real, made, runs = _worker_run(normalised, True)
        refs: list[str | int] | None = None
        if made is not None:
            refs = []
            for text in made:
                number = _sent.get(text)
                if number is None:
                    _sent[text] = len(_sent)
                    refs.append(text)
                else:
                    refs.append(number)
        results.append((real, refs, runs))
    return os.getpid(), restart, results


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Worker:
    """One worker process, with the three calls of `multiprocessing.Pool` used here.

    A ProcessPoolExecutor of one underneath: a Pool replaces a worker that dies and
    leaves the task it held waiting for ever, where an executor fails every task it
    holds (BrokenProcessPool), which becomes WorkerDied.
    """

    def __init__(self, lang: str, knowledge: Knowledge | None):
        self._executor = ProcessPoolExecutor(1, mp_context=_context(), initializer=_worker_init,
                                             initargs=(lang, knowledge))
        self._executor.submit(os.getpid)  # fork now, before the caller starts threads (a progress bar)

    def apply_async(self, function: Callable[..., Any], args: tuple[Any, ...]) -> _Pending:
        return _Pending(self._executor.submit(function, *args))

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    def terminate(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def join(self) -> None:
        """Nothing left to wait for: `close` waited, `terminate` lets running work end on its own."""


class _Pending:
    """A task sent to a `_Worker`, as `Pool.apply_async` returns it."""

    __slots__ = ("_future",)

    def __init__(self, future: Future[Any]):
        self._future = future

    def ready(self) -> bool:
        return self._future.done()

    def get(self) -> Any:
        try:
            return self._future.result()
        except BrokenProcessPool:
            raise WorkerDied("a worker process died before it answered (killed, out of memory, or a crash "
                             "in durable_rules); the batch stopped") from None


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
    # Started now, not when iteration begins: fork before the caller starts threads (a progress bar).
    # One executor per worker process, so that a situation can be sent to a chosen one (_Jobs).
    pools = [_Worker(lang, knowledge) for _ in range(processes)]
    return _parallel(scenarios, answerer, pools, counts, encoded, verdicts)


def _decoded(lookup: Callable[[Hashable, dt.date], bytes | None]) -> Callable[[Hashable, dt.date], str | None]:
    def text(key: Hashable, day: dt.date) -> str | None:
        found = lookup(key, day)
        return None if found is None else found.decode("utf-8")

    return text


def _verdicts_of(answer: str | bytes, encoded: bool) -> str | bytes:
    summary = summary_json(answer)
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


def _parallel(scenarios: Iterable[Any], answerer: BatchAnswerer, pools: list[Any], counts: dict[str, int],
              encoded: bool, verdicts: bool) -> Iterator[Any]:
    try:
        yield from _ordered(scenarios, answerer, pools, counts, encoded, verdicts)
        for pool in pools:
            pool.close()
    finally:
        for pool in pools:
            pool.terminate()
            pool.join()


class _Chunk:
    """Situations sent to one worker in one task, and what came back once read (`_Jobs.collect`)."""

    __slots__ = ("result", "values", "worker")

    def __init__(self, worker: int, result: Any):
        self.worker, self.result = worker, result
        self.values: list[tuple[str, list[Part] | None, int]] | None = None


class _Slot:
    """One situation's place in a chunk of misses sent to a worker."""

    __slots__ = ("chunk", "index")

    def __init__(self) -> None:
        self.chunk: _Chunk | None = None  # once sent
        self.index = 0

    def ready(self) -> bool:
        return self.chunk is not None and self.chunk.result.ready()

    def get(self, jobs: _Jobs) -> tuple[str, list[Part] | None, int]:
        if self.chunk is None:
            jobs.flush()
        assert self.chunk is not None
        jobs.collect(self.chunk)
        return self.chunk.values[self.index]  # type: ignore[index]


class _Jobs:
    """Misses go to the workers CHUNK at a time: each task costs the parent the pool's machinery
    (its threads, queues and pickling) whatever its size.

    Each worker keeps its own findings, and most findings turn on the acting state, so a
    situation goes to the worker that has its actor — unless that worker already has
    much more work than the least busy one (a dataset where one actor dominates). A worker
    sends a template part it sent before as a number (`_worker_run_many`); its chunks are
    read in the order sent, so the numbers are known when they arrive."""

    def __init__(self, pools: list[Any], cache: AnswerCache):
        self.pools = pools
        self.cache = cache
        self.scenarios: list[list[NormalisedScenario]] = [[] for _ in pools]
        self.slots: list[list[_Slot]] = [[] for _ in pools]
        self.assigned = [0] * len(pools)
        self.sent: list[deque[_Chunk]] = [deque() for _ in pools]  # chunks not read yet, per worker
        self.parts: list[list[Part]] = [[] for _ in pools]  # per worker: its parts by number
        self.processes: list[int | None] = [None] * len(pools)  # per worker: the process that numbered them

    def add(self, normalised: NormalisedScenario) -> _Slot:
        slot = _Slot()
        worker = self._worker_for(normalised)
        self.assigned[worker] += 1
        self.scenarios[worker].append(normalised)
        self.slots[worker].append(slot)
        if len(self.scenarios[worker]) >= CHUNK:
            self._flush(worker)
        return slot

    def _worker_for(self, normalised: NormalisedScenario) -> int:
        preferred = zlib.crc32(normalised.actor.encode()) % len(self.pools)
        least = min(range(len(self.pools)), key=self.assigned.__getitem__)
        return least if self.assigned[preferred] > self.assigned[least] * BALANCE + CHUNK else preferred

    def flush(self) -> None:
        for worker in range(len(self.pools)):
            self._flush(worker)

    def _flush(self, worker: int) -> None:
        if self.scenarios[worker]:
            chunk = _Chunk(worker, self.pools[worker].apply_async(_worker_run_many, (self.scenarios[worker],)))
            self.sent[worker].append(chunk)
            for index, slot in enumerate(self.slots[worker]):
                slot.chunk, slot.index = chunk, index
            self.scenarios[worker], self.slots[worker] = [], []

    def collect(self, chunk: _Chunk) -> None:
        """Read `chunk`, and first every chunk sent to its worker before it."""
        while chunk.values is None:
            head = self.sent[chunk.worker].popleft()
            process, restart, results = head.result.get()
            parts = self.parts[chunk.worker]
            if restart or process != self.processes[chunk.worker]:
                parts.clear()
                self.processes[chunk.worker] = process
            head.values = [(real, None if refs is None else [self._part(parts, ref) for ref in refs], runs)
                           for real, refs, runs in results]

    def _part(self, parts: list[Part], ref: str | int) -> Part:
        if type(ref) is int:
            return parts[ref]
        part = self.cache.part(ref)  # type: ignore[arg-type]
        parts.append(part)
        return part


def _ordered(scenarios: Iterable[Any], answerer: BatchAnswerer, pools: list[Any], counts: dict[str, int],
             encoded: bool, verdicts: bool) -> Iterator[Any]:
    cache = answerer.cache
    lookup = (cache.lookup_bytes if encoded else cache.lookup) if cache is not None else None
    if cache is not None and verdicts:
        lookup = cache.lookup_verdicts if encoded else _decoded(cache.lookup_verdicts)
    seen: set[Hashable] = set()
    pending: dict[Hashable, tuple[Any, dt.date]] = {}  # key -> (AsyncResult, date) of the row running the rules
    waiting: deque[tuple[Any, ...]] = deque()  # ("done", text or error) | ("key", key, dated, own job or None)

    jobs = _Jobs(pools, cache) if cache is not None else None

    def submit(key: Hashable, dated: Dated) -> None:
        if key not in pending:
            pending[key] = (jobs.add(dated.normalised), dated.date)  # type: ignore[union-attr]
            counts["ran"] += 1

    def resolve(item: tuple[Any, ...], block: bool) -> Any:
        if item[0] == "done":
            return item[1]
        _, key, dated, own = item
        if own is not None:  # no cache: the row's own run
            if not block and not own.ready():
                return None
            real, _, runs = own.get()
            counts["findings"] += runs
            if verdicts:
                return _verdicts_of(real, encoded)
            return real.encode("utf-8") if encoded else real
        while True:
            job, day = pending.get(key, (None, None))
            if job is not None:
                if not block and not job.ready():
                    return None
                real, template, runs = job.get(jobs)
                counts["findings"] += runs
                del pending[key]
                cache.store(key, day, template, real, verdicts=verdicts)
            text = lookup(key, dated.date)
            if text is not None:
                return text
            submit(key, dated)  # stored for another date only: run it for this one

    for row in scenarios:
        counts["rows"] += 1
        try:
            key, dated = answerer.prepare(row)
        except ROW_ERRORS as error:
            waiting.append(("done", error))
        else:
            seen.add(key)
            counts["situations"] = len(seen)
            if cache is None:
                job = pools[counts["rows"] % len(pools)].apply_async(_worker_run, (dated.normalised, False))
                counts["ran"] += 1
                waiting.append(("key", key, dated, job))
            elif key in pending:
                waiting.append(("key", key, dated, None))
            else:
                text = lookup(key, dated.date)
                if text is None:
                    submit(key, dated)
                    waiting.append(("key", key, dated, None))
                elif not waiting:
                    yield text  # the common case: a hit with nothing held back
                    continue
                else:
                    waiting.append(("done", text))
        while waiting:
            result = resolve(waiting[0], block=len(waiting) > LOOKAHEAD)
            if result is None:
                break
            waiting.popleft()
            yield result
    while waiting:
        yield resolve(waiting.popleft(), block=True)
