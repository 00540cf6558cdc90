"""The library entry points: ask one question, or many."""

from __future__ import annotations

import functools
from typing import Any, Iterable, Iterator, Mapping

from .answer import Assembler
from .facts import base_facts, normalise
from .knowledge import Knowledge, default_knowledge
from .models import Answer, NormalisedScenario, Scenario
from .rule_engine import RuleEngine, collect_provisions


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


def ask(
    scenario: Scenario | Mapping[str, Any],
    *,
    lang: str = "en",
    knowledge: Knowledge | None = None,
    engine: RuleEngine | None = None,
) -> Answer:
    """Which regimes apply to `scenario`, and which bodies could investigate."""
    knowledge = knowledge or default_knowledge()
    engine = engine or default_engine()
    normalised, final = explain_facts(scenario, knowledge=knowledge, engine=engine)
    return Assembler(engine, knowledge, lang).answer(normalised, final)


def ask_many(scenarios: Iterable[Scenario | Mapping[str, Any]], *, lang: str = "en") -> Iterator[Answer]:
    """Answer scenarios one by one (a bad one raises; see `whatapplies batch` to skip bad rows)."""
    for scenario in scenarios:
        yield ask(scenario, lang=lang)
