"""Many scenarios, fast, without giving up the rules: every answer still comes from them.

An answer depends only on the scenario fields and on the facts in force for the states
involved on that date. `answer_json_many` and `BatchAnswerer` therefore run the rules
once per *legal situation* and fill in the date for every other event in it.

The situation key, and why it is exact
--------------------------------------
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
opponents in order, nationality, conflict and whether it was derived, weapon, use —, a
digest of the base facts without the scenario fact, the position). The points and the
digest are memoised per distinct raw row (without its date), so a hit costs a dict
lookup and one bisect. The points B-1 and B+1 make every date that equals or neighbours
a fact's date an interval of its own.

The date in the text
--------------------
The answer shows the scenario date (`scenario.date`, "... on 2020-10-31", and could show
the day before it). On a miss the Assembler runs twice on the same final facts: once as
is, once with the scenario's date, day and the arguments copied from them replaced by a
sentinel date (1001-01-01) that appears nowhere in the real answer. The sentinel answer
is the entry's template: a hit replaces the sentinel's renderings (ISO text of the day
and of the day before) with those of its own date. Only text that came from the
scenario date changes; a letter quote or a fact's date that happens to equal the date
stays as it is, because it is not the sentinel in the template. An ISO date cannot
overlap itself, so a replacement cannot straddle two texts. The template is kept only
if filling it with the real date gives back the real answer byte for byte, and only if
no derived fact carries the date outside those arguments; otherwise the entry is
stored for its exact date alone (the situation is then not shared across dates).

Values are the template's JSON, zlib-compressed against a dictionary made from the
first entry; an LRU of the hottest templates keeps them as UTF-8 cut at the sentinel, so
a hit is one `bytes.join` (`whatapplies batch` writes bytes). `answer_json_many` spreads
the misses over worker processes (fork where available, each with its own rule engine)
and yields in input order; the parent holds the cache and answers every hit.

Costs (2 cores): a rule run with both assemblies ~22 ms; a hit ~20-35 us. Throughput is
therefore about (distinct situations x 22 ms / processes) + (events x ~25 us): the
number of distinct situations in the input decides it, not the number of events.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import re
import threading
import zlib
from collections import OrderedDict, deque
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .answer import Assembler
from .facts import BadScenario, base_facts, normalise
from .knowledge import Knowledge, default_knowledge
from .models import Answer, NormalisedScenario, Scenario
from .names import UnknownName
from .rule_engine import RuleEngine
from .rulebook import BASE_KINDS, Provision

LANGS = ("en", "nl")
DEFAULT_MAXSIZE = 100_000
HOT_TEMPLATES = 1024  # uncompressed templates (UTF-8, ~30 kB each) kept for the hottest situations
RAW_KEYS = 100_000  # raw row (without its date) -> resolved situation
LOOKAHEAD = 1_000  # rows a parallel batch may hold back while their answers are computed

#: What a bad row raises; `answer_many` yields these instead of stopping.
ROW_ERRORS = (BadScenario, ValidationError, UnknownName, TypeError, ValueError)

SENTINEL = dt.date(1001, 1, 1)
_SENTINEL_ISO = SENTINEL.isoformat()
_SENTINEL_BEFORE_ISO = (SENTINEL - dt.timedelta(days=1)).isoformat()
_SENTINEL_RE = re.compile(f"{re.escape(_SENTINEL_ISO)}|{re.escape(_SENTINEL_BEFORE_ISO)}")
SCENARIO_ONLY = ("date", "day")  # the scenario fields that carry the date
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@dataclass
class CacheInfo:
    hits: int
    misses: int
    size: int
    maxsize: int


def fill(template: str, day: dt.date) -> str:
    """The answer for `day` from a template made with the sentinel date."""
    if _SENTINEL_BEFORE_ISO not in template:
        return template.replace(_SENTINEL_ISO, day.isoformat())
    before = (day - dt.timedelta(days=1)).isoformat()
    return _SENTINEL_RE.sub(lambda found: day.isoformat() if found.group() == _SENTINEL_ISO else before, template)


_TEMPLATE, _EXACT = b"T", b"X"  # first byte of a stored entry; an empty entry marks a situation stored per date
Prepared = tuple  # ("join", parts) | ("fill", template) | ("text", answer) | ("exact-only",)


def _prepare_entry(kind: bytes, data: bytes) -> Prepared:
    """Entries are kept and filled as UTF-8: the dates are ASCII, and the output is written as bytes."""
    if kind == _EXACT:
        return ("text", data)
    if _SENTINEL_BEFORE_ISO.encode() in data:
        return ("fill", data.decode("utf-8"))
    return ("join", data.split(_SENTINEL_ISO.encode()))  # filling is then one join


class AnswerCache:
    """A bounded LRU map from a situation key to its answer template (compressed JSON).

    It also keeps, per language and knowledge, the memo from a raw row (without its
    date) to its situation, so later batches skip name resolution and fact building.
    """

    def __init__(self, maxsize: int = DEFAULT_MAXSIZE):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._hot: OrderedDict[Hashable, Prepared] = OrderedDict()
        self._situations: dict[tuple[str, int], tuple[Knowledge, OrderedDict[Hashable, Any]]] = {}
        self._zdict: bytes | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def situations(self, lang: str, knowledge: Knowledge) -> OrderedDict[Hashable, Any]:
        """The raw-row memo for `lang` and `knowledge` (kept alive with it, so its id stays unique)."""
        with self._lock:
            known = self._situations.get((lang, id(knowledge)))
            if known is None or known[0] is not knowledge:
                known = self._situations[(lang, id(knowledge))] = (knowledge, OrderedDict())
            return known[1]

    def _entry(self, key: Hashable) -> Prepared | None:
        prepared = self._hot.get(key)
        if prepared is not None:
            self._hot.move_to_end(key)
            self._entries.move_to_end(key)
            return prepared
        blob = self._entries.get(key)
        if blob is None:
            return None
        self._entries.move_to_end(key)
        if not blob:
            return ("exact-only",)
        decompressor = zlib.decompressobj(zdict=self._zdict)  # type: ignore[arg-type]
        prepared = self._hot[key] = _prepare_entry(blob[:1], decompressor.decompress(blob[1:]) + decompressor.flush())
        if len(self._hot) > HOT_TEMPLATES:
            self._hot.popitem(last=False)
        return prepared

    def lookup(self, key: Hashable, day: dt.date) -> str | None:
        """The answer JSON for the situation `key` on `day`, or None."""
        data = self.lookup_bytes(key, day)
        return None if data is None else data.decode("utf-8")

    def lookup_bytes(self, key: Hashable, day: dt.date) -> bytes | None:
        """`lookup` as UTF-8."""
        with self._lock:
            entry = self._entry(key)
            if entry is not None and entry[0] == "exact-only":
                entry = self._entry((key, day))
            if entry is None:
                self.misses += 1
                return None
            self.hits += 1
        how, value = entry
        if how == "join":
            return day.isoformat().encode().join(value)
        return fill(value, day).encode("utf-8") if how == "fill" else value

    def store(self, key: Hashable, day: dt.date, template: str | None, real: str) -> None:
        """Keep the template of situation `key`, or, without one, the answer for `day` alone."""
        with self._lock:
            if template is None:
                self._put(key, b"", "")
                self._put((key, day), _EXACT, real)
            else:
                self._put(key, _TEMPLATE, template)

    def _put(self, key: Hashable, kind: bytes, text: str) -> None:
        data = b""
        if kind:
            raw = text.encode("utf-8")
            if self._zdict is None:
                self._zdict = raw[-32768:]  # zlib uses at most the last 32 kB
            compressor = zlib.compressobj(zdict=self._zdict)
            data = kind + compressor.compress(raw) + compressor.flush()
        self._entries[key] = data
        self._entries.move_to_end(key)
        self._hot.pop(key, None)
        while len(self._entries) > self.maxsize:
            old, _ = self._entries.popitem(last=False)
            self._hot.pop(old, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._hot.clear()
            self._situations.clear()
            self._zdict = None
            self.hits = self.misses = 0

    def info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, len(self._entries), self.maxsize)


_default_cache = AnswerCache()


def default_cache() -> AnswerCache:
    """The process-wide cache `answer_many(..., cache=True)` uses."""
    return _default_cache


# ---------------------------------------------------------------- situations
def boundary_points(facts: list[dict[str, Any]]) -> list[int]:
    """{B-1, B, B+1} for every integer field B of a base fact other than the scenario, sorted."""
    points: set[int] = set()
    for fact in facts:
        if fact["kind"] == "scenario":
            continue
        for value in fact.values():
            if type(value) is int:
                points.update((value - 1, value, value + 1))
    return sorted(points)


def _facts_digest(facts: list[dict[str, Any]]) -> bytes:
    rest = [fact for fact in facts if fact["kind"] != "scenario"]
    scenario = {k: v for k, v in facts[0].items() if k not in SCENARIO_ONLY} if facts[0]["kind"] == "scenario" else {}
    canonical = json.dumps([scenario, rest], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).digest()


@dataclass(frozen=True)
class Situation:
    """A resolved row without its date: the key's fixed part and the day boundaries."""

    fixed: tuple[Any, ...]
    points: list[int]
    normalised: NormalisedScenario  # with the date of the first row seen


_FIELDS = tuple(name for name in Scenario.model_fields if name != "date")
_ABSENT = ("absent",)


def _raw_key(row: Mapping[str, Any]) -> tuple[Any, ...] | None:
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


def _fast_date(value: Any) -> dt.date | None:
    """A plain ISO date as pydantic would parse it; None sends the row through validation."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------- running the rules
def _mentions(value: Any, iso: str, ordinal: int) -> bool:
    if isinstance(value, list):
        return any(_mentions(item, iso, ordinal) for item in value)
    if isinstance(value, dict):
        return any(_mentions(item, iso, ordinal) for item in value.values())
    return value == iso or (type(value) is int and value == ordinal)


def _binds_scenario(definition: Any) -> bool:
    parts = definition.get("$and", [definition]) if isinstance(definition, dict) else []
    return any(isinstance(part, dict) and part.get("kind") == "scenario" for part in parts)


_scenario_args: dict[int, tuple[Provision, frozenset[str]]] = {}


def scenario_args(provision: Provision) -> frozenset[str]:
    """The reason arguments a provision copies from the scenario's date or day (`sc.date`)."""
    known = _scenario_args.get(id(provision))
    if known is None or known[0] is not provision:
        aliases = {p.alias for p in provision.when if getattr(p, "alias", None) and _binds_scenario(p.define())}
        names = frozenset(f"{alias}.{field}" for alias in aliases for field in SCENARIO_ONLY)
        known = _scenario_args[id(provision)] = (provision, names)
    return known[1]


def _sentinel_facts(
    engine: RuleEngine, final: list[dict[str, Any]], day: dt.date
) -> list[dict[str, Any]] | None:
    """The final facts with the scenario date as the sentinel; None if a derived fact holds the date elsewhere."""
    iso, ordinal = day.isoformat(), day.toordinal()
    swap = {iso: _SENTINEL_ISO, ordinal: SENTINEL.toordinal()}
    out = []
    for fact in final:
        if fact["kind"] == "scenario":
            out.append({**fact, "date": _SENTINEL_ISO, "day": SENTINEL.toordinal()})
            continue
        if fact["kind"] in BASE_KINDS:
            out.append(fact)
            continue
        if any(_mentions(value, iso, ordinal) for name, value in fact.items() if name != "args"):
            return None
        args = {}
        copied = scenario_args(engine.provisions[fact["rule"]]) if fact.get("rule") in engine.provisions else frozenset()
        for name, value in fact.get("args", {}).items():
            if name in copied:
                value = swap.get(value, value)
            elif _mentions(value, iso, ordinal):
                return None
            args[name] = value
        out.append({**fact, "args": args})
    return out


def run_situation(
    engine: RuleEngine, assembler: Assembler, knowledge: Knowledge, normalised: NormalisedScenario, *, template: bool = True
) -> tuple[Answer, str, str | None]:
    """Run the rules once: (the Answer, its JSON, the date template or None if it must not be shared)."""
    final = engine.run(base_facts(normalised, knowledge))
    answer = assembler.answer(normalised, final)
    real = answer.model_dump_json()
    if not template or _SENTINEL_ISO in real or _SENTINEL_BEFORE_ISO in real:
        return answer, real, None
    facts = _sentinel_facts(engine, final, normalised.date)
    if facts is None:
        return answer, real, None
    text = assembler.answer(normalised.model_copy(update={"date": SENTINEL}), facts).model_dump_json()
    return answer, real, text if fill(text, normalised.date) == real else None


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
        self._raw: OrderedDict[Hashable, Situation] = cache.situations(lang, self.knowledge) if cache else OrderedDict()
        self._points: dict[tuple[str, ...], list[int]] = {}
        self.ran = 0  # rows for which the rules ran

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

    # -- keys
    def _situation(self, scenario: Scenario) -> Situation:
        normalised = normalise(scenario, self.knowledge)
        facts = base_facts(normalised, self.knowledge)
        states = tuple(sorted({f["state"] for f in facts if f["kind"] == "party" and f["role"] == "involved"}))
        points = self._points.get(states)
        if points is None:
            points = self._points[states] = boundary_points(facts)
        fixed = (self.lang, normalised.territory, normalised.actor, tuple(normalised.opponents), normalised.nationality,
                 normalised.conflict, normalised.conflict_derived, normalised.weapon, normalised.use, _facts_digest(facts))
        return Situation(fixed, points, normalised)

    def prepare(self, row: Scenario | Mapping[str, Any]) -> tuple[Hashable, NormalisedScenario]:
        """(situation key, normalised scenario) of a row; raises what a bad row raises."""
        if isinstance(row, Scenario):
            raw, day, scenario = _raw_key(row.model_dump(exclude={"date"})), row.date, row
        elif isinstance(row, Mapping):
            raw, day, scenario = _raw_key(row), _fast_date(row.get("date")), None
            if day is None or raw is None:
                scenario = Scenario.model_validate(dict(row))
                raw, day = _raw_key(scenario.model_dump(exclude={"date"})), scenario.date
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
        key = (known.fixed, bisect.bisect_right(known.points, day.toordinal()))
        normalised = known.normalised if known.normalised.date == day else known.normalised.model_copy(update={"date": day})
        return key, normalised

    # -- answers
    def _run(self, row: Scenario | Mapping[str, Any]) -> tuple[str, Answer | None]:
        return self.answer_prepared(*self.prepare(row))

    def answer_prepared(
        self, key: Hashable, normalised: NormalisedScenario, *, encoded: bool = False
    ) -> tuple[Any, Answer | None]:
        """(cached JSON, None) on a cache hit; (JSON, fresh Answer) otherwise; the JSON as UTF-8 if `encoded`."""
        if self.cache is not None:
            cached = (self.cache.lookup_bytes if encoded else self.cache.lookup)(key, normalised.date)
            if cached is not None:
                return cached, None
        answer, real, template = run_situation(self.engine, self.assembler, self.knowledge, normalised,
                                               template=self.cache is not None)
        self.ran += 1
        if self.cache is not None:
            self.cache.store(key, normalised.date, template, real)
        return real.encode("utf-8") if encoded else real, answer

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
_worker: tuple[RuleEngine, Assembler, Knowledge] | None = None


def _worker_init(lang: str, knowledge: Knowledge | None) -> None:
    global _worker
    from .rule_engine import collect_provisions

    knowledge = knowledge or default_knowledge()
    engine = RuleEngine(collect_provisions())  # a process of its own needs an engine of its own
    _worker = (engine, Assembler(engine, knowledge, lang), knowledge)


def _worker_run(normalised: NormalisedScenario, template: bool) -> tuple[str, str | None]:
    """(answer JSON, template or None); the template is the JSON answer too, so only one is sent when both exist."""
    assert _worker is not None, "worker not initialised"
    _, real, made = run_situation(*_worker, normalised, template=template)
    return ("", made) if made is not None else (real, None)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def answer_json_many(
    scenarios: Iterable[Scenario | Mapping[str, Any]],
    *,
    lang: str = "en",
    cache: AnswerCache | None = None,
    processes: int | None = None,
    knowledge: Knowledge | None = None,
    stats: dict[str, int] | None = None,
    encoded: bool = False,
) -> Iterator[Any]:
    """The Answer JSON (or the row's error) for each scenario, in input order; as UTF-8 bytes if `encoded`.

    Misses run in `processes` worker processes (default: os.cpu_count(); 1 runs them in
    this process); hits are answered here from `cache`, which this fills. Without a
    cache the rules run for every row. `stats`, if given, gets "rows", "ran" (rows
    for which the rules ran) and "situations" (distinct situation keys seen).
    """
    processes = processes or os.cpu_count() or 1
    answerer = BatchAnswerer(lang=lang, cache=cache, knowledge=knowledge)
    counts = stats if stats is not None else {}
    counts.update(rows=0, ran=0, situations=0)
    if processes == 1:
        return _in_process(scenarios, answerer, counts, encoded)
    # Started now, not when iteration begins: fork before the caller starts threads (a progress bar).
    pool = _context().Pool(processes, initializer=_worker_init, initargs=(lang, knowledge))
    return _parallel(scenarios, answerer, pool, counts, encoded)


def _in_process(scenarios: Iterable[Any], answerer: BatchAnswerer, counts: dict[str, int], encoded: bool) -> Iterator[Any]:
    seen: set[Hashable] = set()
    for row in scenarios:
        counts["rows"] += 1
        try:
            key, normalised = answerer.prepare(row)
            text, _ = answerer.answer_prepared(key, normalised, encoded=encoded)
        except ROW_ERRORS as error:
            yield error
            continue
        seen.add(key)
        counts["situations"], counts["ran"] = len(seen), answerer.ran
        yield text


def _parallel(scenarios: Iterable[Any], answerer: BatchAnswerer, pool: Any, counts: dict[str, int],
              encoded: bool) -> Iterator[Any]:
    try:
        yield from _ordered(scenarios, answerer, pool, counts, encoded)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _ordered(scenarios: Iterable[Any], answerer: BatchAnswerer, pool: Any, counts: dict[str, int],
             encoded: bool) -> Iterator[Any]:
    cache = answerer.cache
    lookup = (cache.lookup_bytes if encoded else cache.lookup) if cache is not None else None
    seen: set[Hashable] = set()
    pending: dict[Hashable, tuple[Any, dt.date]] = {}  # key -> (AsyncResult, date) of the row running the rules
    waiting: deque[tuple[Any, ...]] = deque()  # ("done", text or error) | ("key", key, normalised, own job or None)

    def submit(key: Hashable, normalised: NormalisedScenario) -> None:
        if key not in pending:
            pending[key] = (pool.apply_async(_worker_run, (normalised, True)), normalised.date)
            counts["ran"] += 1

    def resolve(item: tuple[Any, ...], block: bool) -> Any:
        if item[0] == "done":
            return item[1]
        _, key, normalised, own = item
        if own is not None:  # no cache: the row's own run
            if not block and not own.ready():
                return None
            real = own.get()[0]
            return real.encode("utf-8") if encoded else real
        while True:
            job, day = pending.get(key, (None, None))
            if job is not None:
                if not block and not job.ready():
                    return None
                real, template = job.get()
                del pending[key]
                cache.store(key, day, template, real)
            text = lookup(key, normalised.date)
            if text is not None:
                return text
            submit(key, normalised)  # stored for another date only: run it for this one

    for row in scenarios:
        counts["rows"] += 1
        try:
            key, normalised = answerer.prepare(row)
        except ROW_ERRORS as error:
            waiting.append(("done", error))
        else:
            seen.add(key)
            counts["situations"] = len(seen)
            if cache is None:
                job = pool.apply_async(_worker_run, (normalised, False))
                counts["ran"] += 1
                waiting.append(("key", key, normalised, job))
            elif key in pending:
                waiting.append(("key", key, normalised, None))
            else:
                text = lookup(key, normalised.date)
                if text is None:
                    submit(key, normalised)
                    waiting.append(("key", key, normalised, None))
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
