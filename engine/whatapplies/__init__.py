"""whatapplies: which law of armed conflict and arms control applies, and who could investigate.

    >>> import whatapplies
    >>> answer = whatapplies.ask({"date": "2020-10-31", "territory": "AZE", "actor": "AZE",
    ...                           "opponents": ["ARM"], "weapon": "white-phosphorus", "use": "incendiary"})
    >>> answer.regime("ccw-p3").verdict
    'does_not_apply'
"""

from __future__ import annotations

from .api import ask, ask_many, explain_facts
from .models import BODY_IDS, REGIME_IDS, Answer, Condition, FactOut, Finding, NormalisedScenario, Scenario, Source

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
