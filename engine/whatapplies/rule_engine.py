"""The one place durable_rules is driven (../shared/durable-rules-notes.md).

- The ruleset is built once, from every module in rules/, on a private host whose timer
  threads never start, and kept out of durable_rules' process-global registry.
- One sid per query, deleted in `finally`: at most one live sid, so no 1024-sid cap and
  no 32-bit sid aliasing; nothing of one query can leak into the next.
- Base facts first, then one stage fact per stage (closed world; see rulebook.py).
- Every sid runs at least one action before it is deleted (see `_define`), and no sid
  gets an empty batch: either crashes the C engine.
- Errors raised inside actions are swallowed by durable_rules into the sid's state;
  they are read back after every call and raised.
- A lock serialises queries: the C engine is not safe for concurrent use of one host,
  and the GIL gives threads no speed-up anyway.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import threading
from collections.abc import Iterable
from typing import Any

import durable.lang as dl
from durable import engine as durable_engine

from .rulebook import (
    DSL_LOCK,
    KINDS,
    LAST_STAGE,
    SPECIAL_FIELDS,
    Bindings,
    Provision,
    Rulebook,
    c,
    check_stages,
    m,
)

_SINK = "__never__"
_names = itertools.count()


class RuleError(RuntimeError):
    """A rule failed, or the ruleset answered something the contract forbids."""


class _QuietHost(durable_engine.Host):
    def _run(self) -> None:  # the base class starts two timer threads that never stop
        pass


def rule_modules() -> list[str]:
    """Names of the modules in rules/, sorted (order must not matter; tests shuffle it)."""
    import whatapplies.rules as package

    return sorted(
        f"{package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_")
    )


def collect_provisions(module_names: Iterable[str] | None = None) -> list[Provision]:
    provisions: list[Provision] = []
    for name in rule_modules() if module_names is None else module_names:
        module = importlib.import_module(name)
        book = Rulebook(name.rsplit(".", 1)[-1])
        with DSL_LOCK:  # declaring makes durable.lang rule objects (see rulebook.DSL_LOCK)
            module.declare(book)
        provisions.extend(book.provisions)
    seen: dict[str, Provision] = {}
    for provision in provisions:
        if provision.id in seen:
            raise RuleError(f"rule id {provision.id!r} is declared twice")
        seen[provision.id] = provision
    check_stages(provisions)
    return provisions


def derived_fid(rule: str, inputs: list[str]) -> str:
    """The id of the fact `rule` asserts from the facts `inputs` (sorted): the same rule on the same facts, the same id."""
    return f"{rule}({','.join(inputs)})"


def _make_action(provision: Provision):
    aliases = provision.aliases
    fields = [name for name in provision.template_fields if name.split(".")[0] not in SPECIAL_FIELDS]
    defaults = KINDS[provision.produces]

    def action(closure: Any) -> None:
        bound: dict[str, dict[str, Any]] = {alias: dict(closure._m[alias]) for alias in aliases}
        payload = dict(defaults)
        payload.update(provision.make(Bindings(bound)))
        inputs = sorted({bound[a]["fid"] for a in aliases if a != "at"})
        args = {}
        for name in fields:
            alias, _, attribute = name.partition(".")
            args[name] = bound[alias].get(attribute, "") if attribute else bound[alias].get("fid", "")
        payload.update(
            kind=provision.produces,
            rule=provision.id,
            inputs=inputs,
            args=args,
            fid=derived_fid(provision.id, inputs),
        )
        try:
            closure.assert_fact(payload)
        except durable_engine.MessageObservedException:
            pass  # the same rule on the same facts: already known

    action.__name__ = provision.id.replace(".", "_").replace("-", "_")
    return action


class RuleEngine:
    """A built ruleset and the means to run one query through it."""

    def __init__(self, provisions: list[Provision]):
        self.provisions = {p.id: p for p in provisions}
        with DSL_LOCK:  # see rulebook.DSL_LOCK
            self._define(provisions)
        self._lock = threading.Lock()
        self._sids = itertools.count()

    def _define(self, provisions: list[Provision]) -> None:
        self._name = f"whatapplies-{next(_names)}"
        ruleset = dl.ruleset(self._name)
        with ruleset:
            for provision in provisions:
                when = list(provision.when)
                if provision.stage > 0:
                    when.insert(0, c.at << ((m.kind == "stage") & (m.n == provision.stage)))
                if provision.compares_parties:
                    when.insert(0, dl.distinct(False))
                dl.when_all(*when)(_make_action(provision))
            # Every fact must match some pattern, else durable_rules refuses it; this rule
            # sees every kind and can never fire.
            for kind in KINDS:
                dl.when_all(m.kind == kind, m.kind == _SINK)(lambda closure: None)
            # Some action must fire in every sid: durable_rules never initialises a new sid's
            # action context (state.c, createStateNode), and deleting a sid in which no action
            # ran frees whatever those two pointers held (SIGABRT/SIGSEGV, as when a subject got
            # no verdict at all). An action sets them, and its end clears them. This one fires
            # on the first stage fact and asserts nothing.
            dl.when_all((m.kind == "stage") & (m.n == 1))(lambda closure: None)
        name, definition = ruleset.define()
        dl._rulesets.pop(name, None)
        self._host = _QuietHost({name: definition})

    def _raise_if_failed(self, sid: str) -> None:
        state = self._host.get_state(self._name, sid)
        if state and "exception" in state:
            raise RuleError(f"a rule failed: {state['exception']}")

    def run(self, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Assert the base facts, then each stage; return every fact the query ends with."""
        # Refuse a fact no rule can match before the C engine sees it: durable_rules raises
        # MessageNotHandledException after storing part of the batch, and deleting that
        # half-built state crashed the process now and then (SIGSEGV/SIGABRT in delete_state).
        # An empty batch is refused too: `assert_facts(name, [])` makes the C engine read
        # freed memory and kill the process (SIGSEGV, verified on 2.0.28).
        if not facts:
            raise RuleError("a query needs at least one fact (the scenario)")
        for fact in facts:
            if fact.get("kind") not in KINDS:
                raise RuleError(f"fact {fact.get('fid', '?')!r} has an unknown kind {fact.get('kind')!r}")
        with self._lock:
            sid = str(next(self._sids) % 1_000_000)
            try:
                self._host.assert_facts(self._name, [{**fact, "sid": sid} for fact in facts])
                self._raise_if_failed(sid)
                for stage in range(1, LAST_STAGE + 1):
                    self._host.assert_fact(self._name, {"kind": "stage", "n": stage, "fid": f"stage-{stage}", "sid": sid})
                    self._raise_if_failed(sid)
                return [dict(fact) for fact in self._host.get_facts(self._name, sid)]
            finally:
                try:
                    self._host.delete_state(self._name, sid)
                except Exception:  # pragma: no cover - nothing to delete
                    pass
