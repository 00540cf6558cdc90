"""The misses of a batch answered in worker processes, the answers yielded in input order.

`answer_in_order` is what `batch.answer_json_many` runs with more than one process: the
parent reads the rows, answers every hit from the cache and sends each new situation to
a worker (fork where available, each with its own rule engine and its own findings).
Misses go in chunks, each to the worker that already has its acting state (`_Jobs`);
a worker sends a part of an answer it has sent before as a number. A worker that dies
fails the tasks it held (`WorkerDied`) instead of leaving them waiting for ever.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import zlib
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .answer_cache import AnswerCache, Part
from .batch import (
    LOOKAHEAD,
    ROW_ERRORS,
    BatchAnswerer,
    WorkerDied,
    decoded_lookup,
    verdicts_of,
)
from .knowledge import Knowledge
from .models import NormalisedScenario
from .rule_engine import RuleEngine, collect_provisions
from .situation import Dated

CHUNK = 32  # situations sent to a worker process in one task
BALANCE = 1.25  # a worker may get this many times the least busy one's situations (plus a chunk), no more


# ---------------------------------------------------------------- in a worker process
_worker: BatchAnswerer | None = None


class _WorkerAnswerer(BatchAnswerer):
    """A process of its own needs an engine of its own, built at its first miss: a batch of hits builds none."""

    @property
    def engine(self) -> RuleEngine:
        if self._engine is None:
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


class Worker:
    """One worker process, with the three calls of `multiprocessing.Pool` used here.

    A ProcessPoolExecutor of one underneath: a Pool replaces a worker that dies and
    leaves the task it held waiting for ever, where an executor fails every task it
    holds (BrokenProcessPool), which becomes WorkerDied.
    """

    def __init__(self, lang: str, knowledge: Knowledge | None):
        self._executor = ProcessPoolExecutor(1, mp_context=_context(), initializer=_worker_init,
                                             initargs=(lang, knowledge))
        self._fork()

    def _fork(self) -> None:
        """Start the process, and none of the executor's threads (`start_workers` says why)."""
        launch = getattr(self._executor, "_launch_processes", None)  # CPython 3.10.13+, 3.11+
        if launch is not None:  # a new executor: no thread has started yet
            launch()

    def start(self) -> None:
        """Start the executor's threads (its process too, on a Python that could not fork it alone).

        The threads also stop the process at `close`: without them it would wait for a
        task for ever, and the interpreter for it at exit.
        """
        self._executor.submit(os.getpid)

    def apply_async(self, function: Callable[..., Any], args: tuple[Any, ...]) -> _Pending:
        return _Pending(self._executor.submit(function, *args))

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    def terminate(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def join(self) -> None:
        """Nothing left to wait for: `close` waited, `terminate` lets running work end on its own."""


class _Pending:
    """A task sent to a `Worker`, as `Pool.apply_async` returns it."""

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


# ---------------------------------------------------------------- in the parent
def start_workers(lang: str, knowledge: Knowledge | None, processes: int) -> list[Worker]:
    """`processes` workers, every one forked before any thread of the batch starts.

    A process forked while other threads run inherits the locks they hold, and may wait on
    one for ever (CPython gh-90622). Each worker's executor starts two threads at its
    first task: forking the next worker after them is what ProcessPoolExecutor itself
    refuses to do for its own processes. Started now, not when iteration begins: before the
    caller starts threads of its own (a progress bar).
    """
    workers = [Worker(lang, knowledge) for _ in range(processes)]
    for worker in workers:
        worker.start()
    return workers


def answer_in_order(scenarios: Iterable[Any], answerer: BatchAnswerer, pools: list[Any], counts: dict[str, int],
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
        lookup = cache.lookup_verdicts if encoded else decoded_lookup(cache.lookup_verdicts)
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
                return verdicts_of(real, encoded)
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
