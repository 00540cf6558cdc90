"""whatapplies: which law of armed conflict and arms control applies, and who could investigate.

    >>> import whatapplies
    >>> answer = whatapplies.ask({"date": "2020-10-31", "territory": "AZE", "actor": "AZE",
    ...                           "opponents": ["ARM"], "weapon": "white-phosphorus", "use": "incendiary"})
    >>> answer.regime("ccw-p3").verdict
    'does_not_apply'

The names below are loaded on first use, so that the `whatapplies` script can start
before the rules, models and data are imported (entry.py).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import ask, ask_many, explain_facts
    from .models import BODY_IDS, REGIME_IDS, Answer, Condition, FactOut, Finding, NormalisedScenario, Scenario, Source

#: Each public name and the module that defines it.
_HOMES = {
    "ask": "api",
    "ask_many": "api",
    "explain_facts": "api",
    **dict.fromkeys(("Answer", "Condition", "FactOut", "Finding", "NormalisedScenario", "Scenario", "Source",
                     "REGIME_IDS", "BODY_IDS"), "models"),
}

__all__ = [
    "ask",
    "ask_many",
    "explain_facts",
    "Answer",
    "Condition",
    "FactOut",
    "Finding",
    "NormalisedScenario",
    "Scenario",
    "Source",
    "REGIME_IDS",
    "BODY_IDS",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
