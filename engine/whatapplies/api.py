"""The library entry points: ask one question, or many."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .answer import Assembler
from .facts import base_facts, normalise
from .knowledge import Knowledge, default_knowledge
from .models import Answer, NormalisedScenario, Scenario
from .rule_engine import RuleEngine, collect_provisions

if TYPE_CHECKING:  # imported when the second new question needs it: a one-question process never does
    from .fragments import FindingRunner

#: How many answers `ask` keeps (LRU); each is its JSON text, ~30 kB.
ANSWER_CACHE_SIZE = 512
#: How many raw scenarios `ask` remembers the key of (LRU).
RAW_KEY_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=1)
def default_engine() -> RuleEngine:
    """The ruleset built from every module in rules/, once per process."""
    return RuleEngine(collect_provisions())


def _scenario(value: Scenario | Mapping[str, Any]) -> Scenario:
    return value if isinstance(value, Scenario) else Scenario.model_validate(dict(value))


def explain_facts(
    scenario: Scenario | Mapping[str, Any], *, knowledge: Knowledge | None = None, engine: RuleEngine | None = None
) -> tuple[NormalisedScenario, list[dict[str, Any]]]:
    """Run the rules and return every fact the query ended with (base and derived)."""
    knowledge = knowledge or default_knowledge()
    engine = engine or default_engine()
    normalised = normalise(_scenario(scenario), knowledge)
    return normalised, engine.run(base_facts(normalised, knowledge))


class _AskCache:
    """Answers `ask` computed earlier, for the default knowledge and ruleset only.

    `answers` maps (lang, normalised scenario as JSON) to the Answer's JSON — the base
    facts the rules see are a function of those two and the bound Knowledge —; `raw` maps
    (lang, scenario as given) to that key, so an exact repeat skips name resolution too.
    Both are bounded LRUs, emptied whenever the default knowledge or ruleset object changes.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.owner: tuple[Knowledge, RuleEngine] | None = None
        # per language: the findings shared between new questions (fragments.py), one thread at a time
        self.runners: dict[str, tuple[FindingRunner, threading.Lock]] = {}
        self.asked: set[str] = set()  # languages a new question was answered in (the first by the whole ruleset)
        self.answers: OrderedDict[tuple[str, str], str] = OrderedDict()
        self.raw: OrderedDict[tuple[str, str], tuple[str, str]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def bind(self, knowledge: Knowledge, engine: RuleEngine) -> None:
        with self.lock:
            if self.owner is None or self.owner[0] is not knowledge or self.owner[1] is not engine:
                self.owner = (knowledge, engine)
                self.runners.clear()
                self.asked.clear()
                self.answers.clear()
                self.raw.clear()

    def key_of(self, raw: tuple[str, str]) -> tuple[str, str] | None:
        with self.lock:
            key = self.raw.get(raw)
            if key is not None:
                self.raw.move_to_end(raw)
            return key

    def remember_key(self, raw: tuple[str, str], key: tuple[str, str]) -> None:
        with self.lock:
            self.raw[raw] = key
            self.raw.move_to_end(raw)
            while len(self.raw) > RAW_KEY_CACHE_SIZE:
                self.raw.popitem(last=False)

    def get(self, key: tuple[str, str]) -> str | None:
        with self.lock:
            text = self.answers.get(key)
            if text is None:
                self.misses += 1
            else:
                self.answers.move_to_end(key)
                self.hits += 1
            return text

    def put(self, key: tuple[str, str], text: str) -> None:
        with self.lock:
            self.answers[key] = text
            self.answers.move_to_end(key)
            while len(self.answers) > ANSWER_CACHE_SIZE:
                self.answers.popitem(last=False)

    def assemble(self, lang: str, normalised: NormalisedScenario) -> str:
        """A new question's Answer JSON, put together from the findings shared with earlier ones.

        The first new question in a language runs the whole ruleset instead (~20 ms): setting up
        the shared findings costs ~200 ms, which a script that asks once would pay for nothing.
        Both give the same bytes (tests/test_fragments.py)."""
        with self.lock:
            assert self.owner is not None, "bind() first"
            knowledge, engine = self.owner
            first = lang not in self.asked
            self.asked.add(lang)
            runner = self.runners.get(lang)
            if runner is None and not first:
                from .fragments import FindingRunner

                runner = self.runners[lang] = (
                    FindingRunner(list(engine.provisions.values()), knowledge, lang), threading.Lock())
        if runner is None:
            final = engine.run(base_facts(normalised, knowledge))
            return Assembler(engine, knowledge, lang).answer(normalised, final).model_dump_json()
        with runner[1]:
            return runner[0].answer_json(normalised, template=False)[0]

    def clear(self) -> None:
        with self.lock:
            self.answers.clear()
            self.raw.clear()
            self.hits = self.misses = 0


_ask_cache = _AskCache()


def clear_ask_cache() -> None:
    """Forget every answer `ask` kept."""
    _ask_cache.clear()


def ask_cache_info() -> dict[str, int]:
    """Hits, misses and size of `ask`'s answer cache."""
    with _ask_cache.lock:
        return {"hits": _ask_cache.hits, "misses": _ask_cache.misses, "size": len(_ask_cache.answers),
                "maxsize": ANSWER_CACHE_SIZE}


def _uses_defaults(knowledge: Knowledge | None, engine: RuleEngine | None) -> bool:
    """True when both are omitted or are the process defaults (never loads them to find out)."""
    knowledge_ok = knowledge is None or bool(default_knowledge.cache_info().currsize and knowledge is default_knowledge())
    engine_ok = engine is None or bool(default_engine.cache_info().currsize and engine is default_engine())
    return knowledge_ok and engine_ok


def ask(
    scenario: Scenario | Mapping[str, Any],
    *,
    lang: str = "en",
    knowledge: Knowledge | None = None,
    engine: RuleEngine | None = None,
    cache: bool = True,
) -> Answer:
    """Which regimes apply to `scenario`, and which bodies could investigate.

    Every answer comes from the rules. With `cache=True` (the default) and the default
    knowledge and ruleset, a question asked before in this process — same language, same
    normalised scenario and same base facts, hence the same rules' input — gets the rules'
    answer computed that earlier time, rebuilt from its JSON: equal to a fresh run, and a
    new object each call, so changing it changes nothing later. A new question is put
    together from findings shared with earlier questions (fragments.py: each regime's and
    body's rules run once per distinct slice of the facts they can read), byte for byte
    the whole ruleset's answer. `cache=False`, or passing any other `knowledge` or
    `engine`, runs the whole ruleset on this question alone. The answers are a bounded LRU
    in memory (`ANSWER_CACHE_SIZE` answers); `clear_ask_cache()` empties it.
    """
    if not cache or not _uses_defaults(knowledge, engine):
        knowledge = knowledge or default_knowledge()
        engine = engine or default_engine()
        normalised, final = explain_facts(scenario, knowledge=knowledge, engine=engine)
        return Assembler(engine, knowledge, lang).answer(normalised, final)

    knowledge, engine = default_knowledge(), default_engine()
    _ask_cache.bind(knowledge, engine)
    given = _scenario(scenario)
    raw = (lang, given.model_dump_json())
    key = _ask_cache.key_of(raw)
    normalised: NormalisedScenario | None = None
    if key is None:
        normalised = normalise(given, knowledge)
        key = (lang, normalised.model_dump_json())
        _ask_cache.remember_key(raw, key)
    text = _ask_cache.get(key)
    if text is not None:
        return Answer.model_validate_json(text)
    if normalised is None:  # the key was known, its answer since dropped
        normalised = normalise(given, knowledge)
    text = _ask_cache.assemble(lang, normalised)
    _ask_cache.put(key, text)
    return Answer.model_validate_json(text)


def ask_many(scenarios: Iterable[Scenario | Mapping[str, Any]], *, lang: str = "en") -> Iterator[Answer]:
    """Answer scenarios one by one (a bad one raises; see `whatapplies batch` to skip bad rows)."""
    for scenario in scenarios:
        yield ask(scenario, lang=lang)
