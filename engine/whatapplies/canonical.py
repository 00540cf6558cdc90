"""One rule run for every situation that differs only in names: a slice's facts with the names taken out.

A finding for CCW Protocol III turns on whether the acting state and its opponent are
bound on the day, not on which states they are. The rules can only see that much of a
value: they test strings against the constants written in them and against each other
(equality joins), and they order integers only against the scenario's day. So a slice's
base facts are rewritten with every other string replaced by a token ("\\x00" and a
number, by first appearance) and every integer by its side of the day (0 the day itself,
-k before it, +k after it, k unique per value). Two situations with the same rewritten
facts make the rules fire alike, binding the same tokens; `restore` puts the real values
back into what the rules asserted. Derived facts name their inputs (`inputs`, sorted) and
their own id from them, and a requirement lists its `states` as a sorted set: those are
put together again from the real values, by the same functions that made them.

`Abstraction.of_rules` checks that the rules are of this kind and refuses otherwise (then
the rules run on the real facts): only equality, its negation, and/or, and ordering tests,
the latter only against the scenario's day; no integer constant in a pattern or written
by a rule; strings only copied by `make` (except the `states` of a requirement, a sorted
set of copied values).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .rulebook import BASE_KINDS, KINDS, SPECIAL_FIELDS, Provision
from .slices import ANY, patterns_of, writes

TOKEN = "\x00"  # no real value holds it: names, codes and dates are printable text
ORDERING = ("$lt", "$lte", "$gt", "$gte")
# Operators whose outcome tokens keep: equality and its negation (a bare {field: value} is equality),
# conjunction, disjunction, and ordering (allowed against the scenario's day only). Anything else
# (a regular expression, arithmetic, a test of a string's content) could see through a token.
KNOWN_OPERATORS = frozenset({"$and", "$or", "$neq", *ORDERING})


class NotAbstract(Exception):
    """The rules asserted something `restore` cannot map back: run them on the real facts instead."""


def _strings(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            _strings(value, found)
    elif isinstance(node, list):
        for item in node:
            _strings(item, found)
    elif isinstance(node, str):
        found.add(node)


def _ints(node: Any) -> bool:
    if isinstance(node, dict):
        return any(_ints(value) for value in node.values())
    if isinstance(node, list):
        return any(_ints(item) for item in node)
    return type(node) is int


def _operators(node: Any, found: list[tuple[str, Any]]) -> None:
    """Every ($operator, operand) in a durable_rules definition."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("$"):
                found.append((key, value))
            _operators(value, found)
    elif isinstance(node, list):
        for item in node:
            _operators(item, found)


@dataclass(frozen=True)
class Abstraction:
    """What the rules can tell apart: the strings they name; integers only by their side of the day."""

    constants: frozenset[str]

    @classmethod
    def of_rules(cls, provisions: Iterable[Provision]) -> Abstraction | None:
        """The abstraction these rules allow, or None if they look at values in a way it would hide."""
        constants: set[str] = set()
        for kind, defaults in KINDS.items():
            constants.add(kind)
            _strings(list(defaults.values()), constants)
            if kind not in BASE_KINDS and _ints(list(defaults.values())):
                return None  # a derived fact with an integer field could be compared with the day
        for provision in provisions:
            scenario_aliases = set()
            for pattern, _ in patterns_of(provision):
                if pattern.kind == "scenario" and pattern.alias:
                    scenario_aliases.add(pattern.alias)
            for entry in provision.when:
                definition = entry.define()
                _strings(definition, constants)
                if _ints(definition):
                    return None
                operators: list[tuple[str, Any]] = []
                _operators(definition, operators)
                for operator, operand in operators:
                    if operator not in KNOWN_OPERATORS:
                        return None
                    if operator in ORDERING and not _against_day(operand, scenario_aliases):
                        return None
            for name, what in writes(provision).items():
                if what is ANY and name not in SPECIAL_FIELDS:
                    return None
                if what is not ANY and what[0] == "const":
                    if type(what[1]) is int:
                        return None
                    _strings(what[1], constants)
        return cls(frozenset(constants))

    def abstract(self, facts: list[dict[str, Any]], unread: Iterable[str] = ()) -> Abstract:
        """The facts (the scenario first) with names and dates taken out; `unread` scenario fields blanked."""
        scenario = facts[0]
        day = scenario["day"]
        strings: dict[str, str] = {}
        ints: dict[int, int] = {day: 0}
        before = after = 0
        blank = frozenset(unread)
        out: list[dict[str, Any]] = []
        key: list[tuple[Any, ...]] = []
        for index, fact in enumerate(facts):
            made: dict[str, Any] = {}
            for name, value in fact.items():
                if type(value) is str:
                    if index == 0 and name in blank:
                        value = TOKEN
                    elif value not in self.constants:
                        token = strings.get(value)
                        if token is None:
                            token = strings[value] = f"{TOKEN}{len(strings)}"
                        value = token
                elif type(value) is int:
                    mapped = ints.get(value)
                    if mapped is None:
                        if value < day:
                            before -= 1
                            mapped = before
                        else:
                            after += 1
                            mapped = after
                        ints[value] = mapped
                    value = mapped
                elif value is not None and type(value) is not bool:
                    raise NotAbstract(f"{fact.get('fid')}: field {name!r} holds a {type(value).__name__}")
                made[name] = value
            out.append(made)
            key.append(tuple(made.items()))
        return Abstract(tuple(key), out, {v: k for k, v in strings.items()}, {v: k for k, v in ints.items()},
                        {made["fid"]: fact for made, fact in zip(out, facts)})


@dataclass
class Abstract:
    """A slice's facts without names: `key` decides the rule run, the rest maps its result back."""

    key: tuple[tuple[Any, ...], ...]
    facts: list[dict[str, Any]]
    strings: dict[str, str]  # token -> real string
    ints: dict[int, int]  # abstract integer -> real
    base: dict[str, dict[str, Any]]  # abstract fid -> real base fact

    def restore(self, final: list[dict[str, Any]], derived_fid: Any) -> list[dict[str, Any]]:
        """The facts the rules would have ended with on the real facts; `derived_fid(rule, inputs)` names a derived fact."""
        by_fid = {fact["fid"]: fact for fact in final}
        names: dict[str, str] = {}

        def real_fid(fid: str) -> str:
            known = names.get(fid)
            if known is not None:
                return known
            if fid in self.base:
                names[fid] = self.base[fid]["fid"]
            elif fid in by_fid and by_fid[fid]["kind"] not in BASE_KINDS:
                fact = by_fid[fid]
                names[fid] = derived_fid(fact["rule"], sorted(real_fid(i) for i in fact["inputs"]))
            elif TOKEN in fid:
                raise NotAbstract(f"no fact {fid!r}")
            else:
                names[fid] = fid  # the engine's own facts (stages)
            return names[fid]

        strings, ints = self.strings, self.ints

        def value(item: Any) -> Any:
            if type(item) is str:
                if TOKEN not in item:
                    return item
                real = strings.get(item)
                return real if real is not None else real_fid(item)
            if type(item) is int:
                real = ints.get(item)
                if real is None:
                    raise NotAbstract(f"an integer the facts did not hold: {item}")
                return real
            if isinstance(item, list):
                return [value(x) for x in item]
            if isinstance(item, dict):
                return {k: value(v) for k, v in item.items()}
            return item

        out = []
        for fact in final:
            if fact["kind"] in BASE_KINDS:
                real = self.base.get(fact["fid"])
                if real is None:  # the engine's own facts (stages)
                    if TOKEN in fact["fid"]:
                        raise NotAbstract(f"no base fact {fact['fid']!r}")
                    out.append(fact)
                else:
                    out.append(real)  # the real base fact itself, as the rules were given it
                continue
            made = {}
            for name, item in fact.items():
                if name == "fid":
                    made[name] = real_fid(item)
                elif name == "inputs":
                    made[name] = sorted(real_fid(i) for i in item)
                elif name in SPECIAL_FIELDS:
                    made[name] = sorted(set(value(item)))
                else:
                    made[name] = value(item)
            out.append(made)
        return out


def _against_day(test: Any, scenario_aliases: set[str]) -> bool:
    """An ordering test {field: {alias: "day"}} with a scenario alias."""
    if not isinstance(test, dict) or len(test) != 1:
        return False
    (_, other), = test.items()
    if not isinstance(other, dict) or len(other) != 1:
        return False
    (alias, name), = other.items()
    return alias in scenario_aliases and name == "day"
