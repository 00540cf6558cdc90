"""The vocabulary the files in rules/ are written in: provisions on top of durable_rules.

A provision is one durable_rules rule with an id, the article it implements, the text
of the law (optional, Catala-style), a plain-language reason, and the fact it asserts
when its conditions hold. Files in rules/ call `book.derive(...)` or
`book.requirement(...)`; nothing else in them is code.

Closed world, in stages (see ../shared/durable-rules-notes.md, "The ordering rule"):
durable_rules decides `none(...)` when a fact arrives and never undoes an action, so a
"there is no X" rule may only look at facts that are all present already. The engine
asserts the base facts, then a stage fact for each stage in turn. A provision at stage
k > 0 waits for stage fact k and may negate only kinds produced at stages < k;
`Rulebook.check_stages` enforces this when the ruleset is built.
"""

from __future__ import annotations

import string
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import durable.lang as dl

m, c = dl.m, dl.c
none = dl.none

#: durable.lang keeps the ruleset being defined on a module-global stack, and every rule
#: object made meanwhile (`none(...)`, `when_all(...)`) attaches itself to it: no two
#: threads may use the DSL at once. Held while rules/ files declare and while a ruleset is built.
DSL_LOCK = threading.RLock()

STAGES = {
    0: "derive: facts from facts, positive conditions only",
    1: "aggregate: alternatives (any of several routes) with their negation",
    2: "regimes: a verdict per regime from its requirements",
    3: "body requirements: may read regime verdicts",
    4: "bodies: a verdict per body from its requirements",
}
LAST_STAGE = max(STAGES)

# The fields every fact of a kind carries (durable_rules raises error 311 when a rule
# reads a field a fact lacks, so each kind is complete; "" and 0 mean "none").
KINDS: dict[str, dict[str, Any]] = {
    "scenario": {"date": "", "day": 0, "territory": "", "actor": "", "actor_type": "", "nationality": "",
                 "conflict": "", "weapon": "", "use": ""},
    "party": {"role": "", "state": "", "type": ""},
    "instrument": {"id": "", "in_force": 0, "since": ""},
    "standing": {"state": "", "instrument": "", "standing": "", "start": 0, "end": 0, "since": "", "until": "",
                 "basis": ""},  # basis: for "unknown", which fact is missing (treaty_time.Segment.basis)
    "declaration": {"state": "", "type": "", "effect": "", "scope": "", "start": 0, "end": 0, "since": "", "until": ""},
    # the state's declarations of `type` were read whole for the days start..end (a complete list of `until`)
    "register": {"state": "", "type": "", "start": 0, "end": 0, "until": ""},
    "referral": {"territory": "", "start": 0, "end": 0, "resolution": "", "since": ""},
    "veto": {"territory": "", "state": "", "day": 0, "draft": "", "since": ""},
    "classification": {"weapon": "", "use": "", "category": "", "value": ""},
    "stage": {"n": 0},
    # derived
    "obligor": {"state": "", "role": ""},
    "status": {"state": "", "instrument": "", "value": "", "since": "", "until": "", "basis": ""},
    "conduct": {"category": "", "value": ""},
    "declared": {"state": "", "type": "", "scope": "", "since": "", "until": ""},
    "lacks": {"state": "", "type": ""},  # known to have no declaration of `type` in force
    "route": {"subject": "", "tier": "", "value": "", "route": "", "state": ""},
    "regime-req": {"subject": "", "value": "", "route": "", "states": []},
    "regime-finding": {"subject": "", "verdict": ""},
    "body-req": {"subject": "", "value": "", "route": "", "states": []},
    "body-finding": {"subject": "", "verdict": ""},
}
BASE_KINDS = frozenset({"scenario", "party", "instrument", "standing", "declaration", "register", "referral", "veto",
                        "classification", "stage"})
SPECIAL_FIELDS = frozenset({"states"})  # filled when requirements sharing a route are merged


def _template_fields(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


class View:
    """Attribute access to a bound fact inside `make`: `b.sc.day`."""

    __slots__ = ("_d",)

    def __init__(self, data: dict[str, Any]):
        self._d = data

    def __getattr__(self, name: str) -> Any:
        try:
            return self._d[name]
        except KeyError:
            raise AttributeError(name) from None


class Bindings:
    __slots__ = ("_facts",)

    def __init__(self, facts: dict[str, dict[str, Any]]):
        self._facts = facts

    def __getattr__(self, alias: str) -> View:
        try:
            return View(self._facts[alias])
        except KeyError:
            raise AttributeError(alias) from None


@dataclass(frozen=True)
class Provision:
    id: str
    article: str
    reason: str
    produces: str
    when: tuple[Any, ...]
    make: Callable[[Bindings], dict[str, Any]]
    stage: int = 0
    law: str | None = None
    refs: tuple[str, ...] = ()
    rank: int = 50
    compares_parties: bool = False
    message: str | None = None  # message-catalogue key of the reason; default: the rule id
    transparent: bool = False  # its reason is that of the route it aggregates
    cite: bool = True  # list its article among a finding's citations

    @property
    def message_key(self) -> str:
        return self.message or self.id

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(p.alias for p in self.when if getattr(p, "alias", None))

    @property
    def template_fields(self) -> tuple[str, ...]:
        return _template_fields(self.reason)


@dataclass
class Rulebook:
    """The provisions of one rules/ file."""

    module: str
    provisions: list[Provision] = field(default_factory=list)

    def derive(
        self,
        id: str,
        *,
        produces: str,
        when: list[Any],
        make: Callable[[Bindings], dict[str, Any]],
        article: str,
        reason: str,
        stage: int = 0,
        law: str | None = None,
        refs: tuple[str, ...] = (),
        compares_parties: bool = False,
        rank: int = 50,
        message: str | None = None,
        cite: bool = True,
    ) -> None:
        """A rule that asserts a new fact of kind `produces` when `when` holds."""
        if produces not in KINDS or produces in BASE_KINDS:
            raise ValueError(f"{id}: cannot produce kind {produces!r}")
        self.provisions.append(
            Provision(id, article, reason, produces, tuple(when), make, stage, law, tuple(refs), rank, compares_parties,
                      message, False, cite)
        )

    def requirement(
        self,
        id: str,
        *,
        subject: str,
        tier: str,
        value: str,
        when: list[Any],
        article: str,
        reason: str,
        stage: int = 0,
        law: str | None = None,
        refs: tuple[str, ...] = (),
        route: str = "",
        states: Callable[[Bindings], list[str]] | None = None,
        compares_parties: bool = False,
        rank: int = 50,
        message: str | None = None,
        transparent: bool = False,
    ) -> None:
        """A rule that records one requirement of a regime or body as met, unmet, unknown or conditional.

        `route` names a way the requirement could come to be met (an investigation
        route); requirements with the same route are shown as one condition.
        """
        if value not in ("met", "unmet", "unknown", "conditional"):
            raise ValueError(f"{id}: bad requirement value {value!r}")
        if tier not in ("regime", "body"):
            raise ValueError(f"{id}: bad tier {tier!r}")

        def make(b: Bindings) -> dict[str, Any]:
            return {"subject": subject, "value": value, "route": route,
                    "states": sorted(set(states(b))) if states else []}

        kind = "regime-req" if tier == "regime" else "body-req"
        self.provisions.append(
            Provision(id, article, reason, kind, tuple(when), make, stage, law, tuple(refs), rank, compares_parties,
                      message, transparent)
        )


def producers(provisions: list[Provision]) -> dict[str, set[int]]:
    """Which stages produce each kind."""
    made: dict[str, set[int]] = {}
    for provision in provisions:
        made.setdefault(provision.produces, set()).add(provision.stage)
    return made


def _negated_kinds(pattern: Any) -> list[str]:
    """Kinds a `none(...)` pattern negates (read from its durable_rules definition)."""
    if not isinstance(pattern, dl.none):
        return []
    kinds: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "kind" and isinstance(value, str):
                    kinds.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(pattern.define())
    return kinds


def check_stages(provisions: list[Provision]) -> None:
    """Refuse a ruleset in which a negation could be decided before its facts exist."""
    made = producers(provisions)
    for provision in provisions:
        if provision.stage not in STAGES:
            raise ValueError(f"{provision.id}: unknown stage {provision.stage}")
        for pattern in provision.when:
            for kind in _negated_kinds(pattern):
                if provision.stage == 0:
                    raise ValueError(f"{provision.id}: stage-0 rules may not use none() (negates {kind!r})")
                late = [s for s in made.get(kind, set()) if s >= provision.stage]
                if late:
                    raise ValueError(
                        f"{provision.id} (stage {provision.stage}) negates {kind!r}, which stage {max(late)} still produces"
                    )
        for name in provision.template_fields:
            alias = name.split(".")[0]
            if alias in SPECIAL_FIELDS:
                continue
            if alias not in provision.aliases:
                raise ValueError(f"{provision.id}: reason uses {{{name}}} but no fact is bound as {alias!r}")
