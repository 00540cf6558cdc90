"""Sharing one rule run across the dates of a situation: the answer as a template of its date.

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
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .answer import Assembler
from .facts import base_facts
from .knowledge import Knowledge
from .models import Answer, NormalisedScenario
from .rule_engine import RuleEngine
from .rulebook import BASE_KINDS, Provision
from .situation import SCENARIO_ONLY

SENTINEL = dt.date(1001, 1, 1)
SENTINEL_ISO = SENTINEL.isoformat()
SENTINEL_BEFORE_ISO = (SENTINEL - dt.timedelta(days=1)).isoformat()
_SENTINEL_RE = re.compile(f"{re.escape(SENTINEL_ISO)}|{re.escape(SENTINEL_BEFORE_ISO)}")


def fill(template: str, day: dt.date) -> str:
    """The answer for `day` from a template made with the sentinel date."""
    if SENTINEL_BEFORE_ISO not in template:
        return template.replace(SENTINEL_ISO, day.isoformat())
    before = (day - dt.timedelta(days=1)).isoformat()
    return _SENTINEL_RE.sub(lambda found: day.isoformat() if found.group() == SENTINEL_ISO else before, template)


def _mentions(value: Any, iso: str, ordinal: int) -> bool:
    if isinstance(value, list):
        return any(_mentions(item, iso, ordinal) for item in value)
    if isinstance(value, dict):
        return any(_mentions(item, iso, ordinal) for item in value.values())
    return value == iso or (type(value) is int and value == ordinal)


def _may_mention(values: Any, iso: str, digits: str) -> bool:
    """False only if nothing in `values` can be the date: repr shows every string equal to `iso` (digits
    and hyphens, never escaped) and every int equal to the ordinal as its digits. One C call instead of a
    walk; a True (a number that merely contains the digits) goes on to the exact `_mentions`."""
    text = repr(values)
    return iso in text or digits in text


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


def sentinel_facts(
    engine: RuleEngine, final: list[dict[str, Any]], day: dt.date
) -> list[dict[str, Any]] | None:
    """The final facts with the scenario date as the sentinel; None if a derived fact holds the date elsewhere."""
    iso, ordinal = day.isoformat(), day.toordinal()
    digits = str(ordinal)
    swap = {iso: SENTINEL_ISO, ordinal: SENTINEL.toordinal()}
    out = []
    for fact in final:
        if fact["kind"] == "scenario":
            out.append({**fact, "date": SENTINEL_ISO, "day": SENTINEL.toordinal()})
            continue
        if fact["kind"] in BASE_KINDS:
            out.append(fact)
            continue
        fields = [value for name, value in fact.items() if name != "args"]
        if _may_mention(fields, iso, digits) and _mentions(fields, iso, ordinal):
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
    if not template or SENTINEL_ISO in real or SENTINEL_BEFORE_ISO in real:
        return answer, real, None
    facts = sentinel_facts(engine, final, normalised.date)
    if facts is None:
        return answer, real, None
    text = assembler.answer(normalised.model_copy(update={"date": SENTINEL}), facts).model_dump_json()
    return answer, real, text if fill(text, normalised.date) == real else None
