"""Many scenarios, fast, without giving up the rules: every answer still comes from them.

An answer depends only on the normalised scenario and on the base facts the rules receive
(`facts.base_facts`). `answer_many` therefore keys a bounded cache on exactly those, and
runs the rules only for a key it has not seen.

The key includes the date (choice (a) of the design note). Leaving the date out would
need proof that nothing depends on it beyond which time-line segment each fact is in —
but the rules compare the day with the `start`/`end`/`in_force` of facts, and the date
also appears verbatim in reason texts ("... not bound by CCW Protocol III on
2020-10-31."), so a date-free key would need the derived facts re-rendered, and any rule
that read the date another way would silently get a stale answer. With the date in the
key the cache is correct by construction, and pipelines that repeat events (the same
day, place and weapon reported many times) still hit it.

The key is a SHA-256 digest of the canonical JSON (sorted keys) of the language, the
normalised scenario (which adds `conflict_derived` to what the base facts say) and the
base facts, so it also changes when the knowledge does. Values are the Answer's JSON,
zlib-compressed against a dictionary made from the first answer (a few hundred bytes
each instead of ~30 kB). A hit re-validates that JSON, so every caller gets its own
Answer and cached and uncached answers are the same JSON; `BatchAnswerer.answer_json`
(used by `whatapplies batch`) skips even that and returns the JSON text. Within one batch a
small memo maps each raw scenario to its key, so an exact repeat also skips name
resolution and fact building (both deterministic for the batch's knowledge).
"""

from __future__ import annotations

import hashlib
import json
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from pydantic import ValidationError

from .answer import Assembler
from .facts import BadScenario, base_facts, normalise
from .knowledge import Knowledge, default_knowledge
from .models import Answer, NormalisedScenario, Scenario
from .names import UnknownName
from .rule_engine import RuleEngine

LANGS = ("en", "nl")
DEFAULT_MAXSIZE = 100_000
RAW_KEYS = 10_000  # per batch: raw scenario -> (normalised, key)

#: What a bad row raises; `answer_many` yields these instead of stopping.
ROW_ERRORS = (BadScenario, ValidationError, UnknownName, TypeError, ValueError)


@dataclass
class CacheInfo:
    hits: int
    misses: int
    size: int
    maxsize: int


class AnswerCache:
    """A bounded LRU map from a scenario key to its Answer (as compressed JSON)."""

    def __init__(self, maxsize: int = DEFAULT_MAXSIZE):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._entries: OrderedDict[bytes, bytes] = OrderedDict()
        self._zdict: bytes | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: bytes) -> str | None:
        """The cached Answer JSON for `key`, or None."""
        with self._lock:
            blob = self._entries.get(key)
            if blob is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            zdict = self._zdict
        assert zdict is not None
        decompressor = zlib.decompressobj(zdict=zdict)
        return (decompressor.decompress(blob) + decompressor.flush()).decode("utf-8")

    def put(self, key: bytes, answer_json: str) -> None:
        data = answer_json.encode("utf-8")
        with self._lock:
            if self._zdict is None:
                self._zdict = data[-32768:]  # zlib uses at most the last 32 kB
            compressor = zlib.compressobj(zdict=self._zdict)
            self._entries[key] = compressor.compress(data) + compressor.flush()
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._zdict = None
            self.hits = self.misses = 0

    def info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, len(self._entries), self.maxsize)


_default_cache = AnswerCache()


def default_cache() -> AnswerCache:
    """The process-wide cache `answer_many(..., cache=True)` uses."""
    return _default_cache


def cache_key(lang: str, normalised: NormalisedScenario, facts: list[dict[str, Any]]) -> bytes:
    canonical = json.dumps(
        [lang, normalised.model_dump(mode="json"), facts], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).digest()


class BatchAnswerer:
    """Answers scenarios one at a time through the rules, with an optional cache."""

    def __init__(
        self,
        *,
        lang: str = "en",
        cache: AnswerCache | None = None,
        knowledge: Knowledge | None = None,
        engine: RuleEngine | None = None,
    ):
        from .api import default_engine

        if lang not in LANGS:
            raise ValueError(f"lang {lang!r} is not supported ({', '.join(LANGS)})")
        self.lang = lang
        self.cache = cache
        self.knowledge = knowledge or default_knowledge()
        self.engine = engine or default_engine()
        self.assembler = Assembler(self.engine, self.knowledge, lang)
        # Within one batch, the same raw scenario always normalises to the same key: remember
        # it, so repeated events skip name resolution and fact building on a cache hit.
        self._keys: OrderedDict[str, tuple[NormalisedScenario, bytes]] = OrderedDict()

    def _key(self, scenario: Scenario) -> tuple[NormalisedScenario, bytes, list[dict[str, Any]] | None]:
        raw = scenario.model_dump_json()
        known = self._keys.get(raw)
        if known is not None:
            self._keys.move_to_end(raw)
            return known[0], known[1], None
        normalised = normalise(scenario, self.knowledge)
        facts = base_facts(normalised, self.knowledge)
        key = cache_key(self.lang, normalised, facts)
        self._keys[raw] = (normalised, key)
        if len(self._keys) > RAW_KEYS:
            self._keys.popitem(last=False)
        return normalised, key, facts

    def _run(self, scenario: Scenario | Mapping[str, Any]) -> tuple[str | None, Answer | None]:
        """(cached JSON, None) on a cache hit; (JSON or None, fresh Answer) otherwise."""
        if not isinstance(scenario, Scenario):
            if not isinstance(scenario, Mapping):
                raise TypeError(f"expected a scenario object, got {type(scenario).__name__}")
            scenario = Scenario.model_validate(dict(scenario))
        if self.cache is None:
            normalised = normalise(scenario, self.knowledge)
            return None, self.assembler.answer(normalised, self.engine.run(base_facts(normalised, self.knowledge)))
        normalised, key, facts = self._key(scenario)
        cached = self.cache.get(key)
        if cached is not None:
            return cached, None
        if facts is None:
            facts = base_facts(normalised, self.knowledge)
        answer = self.assembler.answer(normalised, self.engine.run(facts))
        text = answer.model_dump_json()
        self.cache.put(key, text)
        return text, answer

    def answer(self, scenario: Scenario | Mapping[str, Any]) -> Answer:
        """The Answer; a cache hit gives a fresh copy, so callers may change it freely."""
        text, answer = self._run(scenario)
        return answer if answer is not None else Answer.model_validate_json(text)  # type: ignore[arg-type]

    def answer_json(self, scenario: Scenario | Mapping[str, Any]) -> str:
        """The Answer as compact JSON (`Answer.model_dump_json()`), without rebuilding it on a hit."""
        text, answer = self._run(scenario)
        return text if text is not None else answer.model_dump_json()  # type: ignore[union-attr]


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
