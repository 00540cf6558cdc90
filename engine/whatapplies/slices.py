"""Which rules and which base facts can decide one regime's or body's finding.

A finding for `cwc` cannot turn on a state's standing under the Ottawa Convention: no
rule on the way to it reads that. This module works that out from the rules
themselves — their durable_rules definitions and what their `make` writes — so that
batch and `ask` can run one subject's rules on that subject's facts and share the
finding between every situation that agrees on those facts (fragments.py). It decides nothing about the law; it only
reads which facts a rule *could* match.

The analysis is demand-driven and errs on the side of keeping a fact:
- A *demand* is a fact kind with constraints on some fields ("a status fact whose
  instrument is cwc"). It starts as "a regime-finding or body-finding for S".
- A rule is relevant to a demand if what it asserts could meet it: every constrained
  field is either written as a constant that meets the constraint, or copied from a
  fact the rule matched (then the constraint moves onto that pattern).
- Every pattern of a relevant rule — matched or negated with `none(...)` — is a new
  demand. A join narrows it in two ways only: an equality join carries over what is
  known of the joined field (`subject == r.subject`), and a join on the state of a
  party (or of a fact whose state is always a party's, like the obligor) keeps only
  facts about states that are parties to the query (`PARTY_STATE`). Other joins are
  ignored, which can only keep more facts than needed, never fewer.
- A base fact is kept if it could meet some demand on its kind.
- Per query, a rule none of whose scenario or party facts could meet one of its
  (not negated) patterns cannot fire, so it asks for nothing (`Shape`, `dead_rules`).

`make` is probed with placeholder facts whose every field reads back as
"<alias.field>", so a copied field is recognised by its placeholder; a rule whose
`make` does anything else with a value (branches on it, formats it) is treated as able
to write anything into that field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .rulebook import BASE_KINDS, KINDS, Bindings, Provision

ANY = None  # a field whose value a rule may write freely


@dataclass(frozen=True)
class Constraint:
    """Allowed values of one field: `values` if `among`, else anything but `values`."""

    among: bool
    values: frozenset[Any]
    party: bool = False  # and the value is the state of a party fact the slice keeps

    def admits(self, value: Any) -> bool:
        return (value in self.values) == self.among

    def both(self, other: Constraint) -> Constraint:
        party = self.party or other.party
        if self.among and other.among:
            return Constraint(True, self.values & other.values, party)
        if self.among:
            return Constraint(True, frozenset(v for v in self.values if other.admits(v)), party)
        if other.among:
            return Constraint(True, frozenset(v for v in other.values if self.admits(v)), party)
        return Constraint(False, self.values | other.values, party)


PARTY_STATE = Constraint(False, frozenset(), party=True)


Constraints = frozenset  # of (field, Constraint)


@dataclass(frozen=True)
class Pattern:
    """One `when` entry of a rule, as far as constants go."""

    alias: str | None
    kind: str
    constraints: Constraints
    refs: frozenset[tuple[str, str]]  # (alias, field) of other facts this pattern compares with
    joins: frozenset[tuple[str, str, str]] = frozenset()  # (field, alias, field): equal to another fact's field


def _conjuncts(node: Any) -> list[Any]:
    if isinstance(node, dict) and set(node) == {"$and"}:
        return [part for item in node["$and"] for part in _conjuncts(item)]
    return [node]


def _constraint_of(part: Any) -> tuple[str, Constraint] | None:
    """A constant test on one field, if `part` is one: {f: c}, {"$neq": {f: c}} or an $or of {f: c}."""
    if not isinstance(part, dict) or len(part) != 1:
        return None
    (key, value), = part.items()
    if key == "$neq" and isinstance(value, dict) and len(value) == 1:
        (name, constant), = value.items()
        if not isinstance(constant, dict):
            return name, Constraint(False, frozenset([constant]))
        return None
    if key == "$or" and isinstance(value, list):
        tests = [_constraint_of(item) for item in value]
        names = {test[0] for test in tests if test}
        if all(test and test[1].among for test in tests) and len(names) == 1:
            return names.pop(), Constraint(True, frozenset(v for test in tests for v in test[1].values))
        return None
    if not key.startswith("$") and not isinstance(value, (dict, list)):
        return key, Constraint(True, frozenset([value]))
    return None


def _field_refs(part: Any) -> set[tuple[str, str]]:
    """(alias, field) pairs a part compares with: {"f": {"alias": "field"}} at any depth."""
    found: set[tuple[str, str]] = set()
    if isinstance(part, dict):
        for value in part.values():
            if isinstance(value, dict) and len(value) == 1:
                (alias, name), = value.items()
                if isinstance(name, str) and not alias.startswith("$"):
                    found.add((alias, name))
                    continue
            found |= _field_refs(value)
    elif isinstance(part, list):
        for item in part:
            found |= _field_refs(item)
    return found


def parse_pattern(alias: str | None, definition: dict[str, Any]) -> Pattern:
    constraints: dict[str, Constraint] = {}
    refs: set[tuple[str, str]] = set()
    joins: set[tuple[str, str, str]] = set()
    for part in _conjuncts(definition):
        join = _equality_join(part)
        if join:
            joins.add(join)
        test = _constraint_of(part)
        if test:
            name, constraint = test
            constraints[name] = constraints[name].both(constraint) if name in constraints else constraint
        refs |= _field_refs(part)
    kind = constraints.pop("kind", None)
    if kind is None or not kind.among or len(kind.values) != 1:
        raise ValueError(f"a pattern without a single kind: {definition}")
    return Pattern(alias, next(iter(kind.values)), frozenset(constraints.items()), frozenset(refs), frozenset(joins))


def _equality_join(part: Any) -> tuple[str, str, str] | None:
    """(field, alias, other field) if `part` is {"field": {"alias": "other field"}}."""
    if isinstance(part, dict) and len(part) == 1:
        (name, value), = part.items()
        if not name.startswith("$") and isinstance(value, dict) and len(value) == 1:
            (alias, other), = value.items()
            if isinstance(other, str) and not alias.startswith("$"):
                return name, alias, other
    return None


def patterns_of(provision: Provision) -> list[tuple[Pattern, bool]]:
    """(pattern, negated) for every `when` entry, read from its durable_rules definition."""
    out = []
    for entry in provision.when:
        definition = entry.define()
        if isinstance(definition, dict) and set(definition) == {"none"}:
            for inner in definition["none"]:
                out.append((parse_pattern(None, inner["m"]), True))
        else:
            out.append((parse_pattern(getattr(entry, "alias", None), definition), False))
    return out


class _Branches(Exception):
    """A `make` compared a value it was given: what it writes may depend on the value."""


class _Placeholder(str):
    """A field's value inside a probe: it may be copied or hashed, not compared or tested."""

    __hash__ = str.__hash__

    def _refuse(self, *_args: Any) -> Any:
        raise _Branches(str(self))

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __bool__ = __contains__ = _refuse


class _Probe(dict):
    """A bound fact whose every field reads back as "<alias.field>" (made by `value`); it notes each
    field read in `seen`."""

    def __init__(self, alias: str, seen: set[tuple[str, str]], value: type[str]):
        super().__init__()
        self.alias, self.seen, self.value = alias, seen, value

    def __missing__(self, name: str) -> str:
        self.seen.add((self.alias, name))
        return self.value(f"<{self.alias}.{name}>")


class _ProbeFacts(dict):
    """The bindings of a probe: each alias a `_Probe` with the same `seen` and `value`."""

    def __init__(self, value: type[str] = str, seen: set[tuple[str, str]] | None = None):
        super().__init__()
        self.value, self.seen = value, set() if seen is None else seen

    def __missing__(self, alias: str) -> _Probe:
        return _Probe(alias, self.seen, self.value)


def writes(provision: Provision) -> dict[str, Any]:
    """What the rule asserts per field: ("const", v), ("copy", alias, field) or ANY."""
    try:
        made = provision.make(Bindings(_ProbeFacts(_Placeholder)))
    except Exception:  # noqa: BLE001 - a make that does more than copy: anything may come out
        return {name: ANY for name in KINDS[provision.produces]}
    out: dict[str, Any] = {}
    for name in KINDS[provision.produces]:
        if name not in made:
            out[name] = ("const", KINDS[provision.produces][name])
            continue
        value = made[name]
        if type(value) is _Placeholder:
            alias, field = str(value)[1:-1].split(".", 1)
            out[name] = ("copy", alias, field)
        elif type(value) in (str, int) and "<" not in str(value):
            out[name] = ("const", value)
        else:
            out[name] = ANY
    return out


def reads(provision: Provision, aliases: set[str]) -> set[str]:
    """The fields of facts bound as `aliases` that the rule's `make` reads (all of KINDS' scenario
    fields if it fails on text values): a finding that copies a scenario field turns on it."""
    if not aliases:
        return set()
    seen: set[tuple[str, str]] = set()
    try:
        provision.make(Bindings(_ProbeFacts(str, seen)))  # plain text: a make may sort or compare it
    except Exception:  # noqa: BLE001 - it does more than read: it may read anything
        return set(KINDS["scenario"])
    return {name for alias, name in seen if alias in aliases}


@dataclass(frozen=True)
class Slice:
    """The rules and the base-fact demands behind one subject's finding."""

    subject: str
    provisions: tuple[str, ...]  # ids, in declaration order
    demands: dict[str, tuple[Constraints, ...]]  # base kind -> constraint sets (a fact meeting one is kept)
    scenario_fields: frozenset[str]  # scenario fields some relevant rule reads (tests, joins or reasons)

    def needs(self, fact: dict[str, Any]) -> tuple[frozenset[str], ...] | None:
        """When to keep `fact`: None never; else keep it if, for one of the field sets, each field holds a party's state."""
        defaults = KINDS[fact["kind"]]
        ways: set[frozenset[str]] = set()
        for constraints in self.demands.get(fact["kind"], ()):
            if all(c.admits(fact.get(name, defaults.get(name))) for name, c in constraints):
                ways.add(frozenset(name for name, c in constraints if c.party))
        if not ways:
            return None
        if frozenset() in ways:
            return (frozenset(),)
        return tuple(sorted(ways, key=sorted))

    def facts(self, base: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The base facts that could bear on this subject's finding, in their order (the scenario first)."""
        return [base[i] for i in kept_indexes(base, [self.needs(f) for f in base[1:]])]


def kept_indexes(base: list[dict[str, Any]], needs: list[tuple[frozenset[str], ...] | None]) -> list[int]:
    """Indexes of the facts a slice keeps: the scenario (first), then each fact its `needs` (of base[1:]) admit.

    A fact asked for only as a party's state is kept when that state is the state of a
    party fact the slice keeps.
    """
    return kept_of_asked([(i, f, need) for i, (f, need) in enumerate(zip(base[1:], needs), 1) if need is not None])


def kept_of_asked(asked: list[tuple[int, dict[str, Any], tuple[frozenset[str], ...]]]) -> list[int]:
    """`kept_indexes` from the facts a slice asks for at all: (index, fact, need), in the base's order."""
    parties = frozenset(f["state"] for _, f, _ in asked if f["kind"] == "party")
    return [0] + [i for i, f, need in asked if _kept(f, need, parties)]


def _kept(fact: dict[str, Any], need: tuple[frozenset[str], ...], parties: frozenset[str]) -> bool:
    for fields in need:
        if not fields or all(fact[name] in parties for name in fields):
            return True
    return False


def slice_for(subject: str, provisions: Iterable[Provision],
              analysis: tuple[dict[str, Any], dict[str, Any]] | None = None,
              dead: frozenset[str] = frozenset()) -> Slice:
    """The rules and facts behind `subject`'s finding; rules in `dead` cannot fire (see `Shape`)."""
    provisions = list(provisions)
    parsed, written = analysis or ({p.id: patterns_of(p) for p in provisions}, {p.id: writes(p) for p in provisions})
    by_kind: dict[str, list[Provision]] = {}
    for provision in provisions:
        if provision.id not in dead:
            by_kind.setdefault(provision.produces, []).append(provision)

    party_kinds = _party_kinds(provisions, parsed, written)
    start = [(kind, frozenset({("subject", Constraint(True, frozenset([subject])))}))
             for kind in ("regime-finding", "body-finding")]
    seen: set[tuple[str, Constraints]] = set()
    queue = list(start)
    relevant: set[str] = set()
    base: dict[str, set[Constraints]] = {}
    while queue:
        kind, constraints = queue.pop()
        if (kind, constraints) in seen:
            continue
        seen.add((kind, constraints))
        if kind in BASE_KINDS:
            base.setdefault(kind, set()).add(constraints)
            continue
        for provision in by_kind.get(kind, []):
            moved = _meets(written[provision.id], constraints)
            if moved is None:
                continue
            relevant.add(provision.id)
            for kind_, constraints_ in _demands_of(parsed[provision.id], moved, party_kinds):
                queue.append((kind_, constraints_))

    fields: set[str] = set()
    for provision in provisions:
        if provision.id not in relevant:
            continue
        scenario_aliases = {p.alias for p, _ in parsed[provision.id] if p.kind == "scenario" and p.alias}
        for pattern, _ in parsed[provision.id]:
            if pattern.kind == "scenario":
                fields |= {name for name, _ in pattern.constraints}
            fields |= {name for alias, name in pattern.refs if alias in scenario_aliases}
        fields |= {name.split(".", 1)[1] for name in provision.template_fields
                   if "." in name and name.split(".", 1)[0] in scenario_aliases}
        fields |= reads(provision, scenario_aliases)
    order = [p.id for p in provisions if p.id in relevant]
    return Slice(subject, tuple(order), {k: tuple(sorted(v, key=repr)) for k, v in base.items()}, frozenset(fields))


def _party_kinds(provisions: list[Provision], parsed: dict[str, list[tuple[Pattern, bool]]],
                 written: dict[str, dict[str, Any]]) -> frozenset[str]:
    """Kinds whose `state` is always the state of a party fact: party, and what copies it (obligor)."""
    kinds = {"party"}
    changed = True
    while changed:
        changed = False
        by_kind: dict[str, list[bool]] = {}
        for provision in provisions:
            aliases = {p.alias: p.kind for p, _ in parsed[provision.id] if p.alias}
            state = written[provision.id].get("state")
            by_kind.setdefault(provision.produces, []).append(
                bool(state) and state is not ANY and state[0] == "copy" and state[2] == "state" and aliases.get(state[1]) in kinds)
        for kind, copies in by_kind.items():
            if kind not in kinds and all(copies):
                kinds.add(kind)
                changed = True
    return frozenset(kinds)


def _demands_of(patterns: list[tuple[Pattern, bool]], moved: list[tuple[str, str, Constraint]],
                party_kinds: frozenset[str] = frozenset()) -> list[tuple[str, Constraints]]:
    """What a relevant rule's patterns ask for, with the constraints moved onto its aliases and their equals."""
    known: dict[str | None, dict[str, Constraint]] = {}
    for pattern, _negated in patterns:
        known[pattern.alias] = dict(pattern.constraints) if pattern.alias else {}
    for alias, name, constraint in moved:
        if alias in known:
            fields = known[alias]
            fields[name] = fields[name].both(constraint) if name in fields else constraint
    demands = []
    for pattern, _negated in patterns:
        extra = dict(known[pattern.alias]) if pattern.alias else dict(pattern.constraints)
        aliases = {p.alias: p.kind for p, _ in patterns if p.alias}
        for name, alias, other in pattern.joins:
            if other == "state" and aliases.get(alias) in party_kinds:
                extra[name] = extra[name].both(PARTY_STATE) if name in extra else PARTY_STATE
            constraint = known.get(alias, {}).get(other)
            if constraint is not None:
                extra[name] = extra[name].both(constraint) if name in extra else constraint
        demands.append((pattern.kind, frozenset(extra.items())))
    return demands


def _meets(writes_: dict[str, Any], constraints: Constraints) -> list[tuple[str, str, Constraint]] | None:
    """None if the rule's fact cannot meet `constraints`; else the constraints moved onto copied fields."""
    moved = []
    for name, constraint in constraints:
        what = writes_.get(name, ANY)
        if what is ANY:
            continue
        if what[0] == "const":
            if not constraint.admits(what[1]):
                return None
        else:
            moved.append((what[1], what[2], constraint))
    return moved


# ---------------------------------------------------------------- what cannot fire in one query
@dataclass(frozen=True)
class Shape:
    """What every rule's scenario and party patterns can test in one query, and nothing else.

    `scenario` holds the scenario's values of the fields any scenario pattern tests with
    a constant (conflict, actor_type ...), OTHER for a value no pattern names; `parties`
    the (role, type) of every party fact.
    A rule with a scenario or party pattern that no such fact can meet cannot fire in
    that query, so neither can it need a fact: `dead_rules` names them and `slice_for`
    leaves them out. Two queries of one shape have the same dead rules.
    """

    scenario: tuple[tuple[str, Any], ...]
    parties: frozenset[tuple[str, str]]


OTHER = "\x00other"  # a scenario value that no scenario pattern names


def shape_fields(provisions: Iterable[Provision],
                 parsed: dict[str, list[tuple[Pattern, bool]]]) -> tuple[tuple[str, frozenset[Any]], ...]:
    """The scenario fields some scenario pattern tests with a constant, each with the constants it is tested against."""
    constants: dict[str, set[Any]] = {}
    for provision in provisions:
        for pattern, _ in parsed[provision.id]:
            if pattern.kind == "scenario":
                for name, constraint in pattern.constraints:
                    constants.setdefault(name, set()).update(constraint.values)
    return tuple((name, frozenset(values)) for name, values in sorted(constants.items()))


def shape_of(base: list[dict[str, Any]], fields: tuple[tuple[str, frozenset[Any]], ...]) -> Shape:
    """The query's shape. A value no pattern names is OTHER: every constant test treats all such values alike
    (a constraint is membership in, or exclusion from, a set of those constants), so e.g. the nationality
    only counts as given or not."""
    scenario = base[0]
    return Shape(tuple((name, scenario.get(name) if scenario.get(name) in values else OTHER) for name, values in fields),
                 frozenset((f["role"], f["type"]) for f in base if f["kind"] == "party"))


def dead_rules(shape: Shape, provisions: Iterable[Provision], parsed: dict[str, list[tuple[Pattern, bool]]]) -> frozenset[str]:
    """Rules with a (not negated) scenario or party pattern that no fact of this shape meets."""
    scenario = dict(shape.scenario)
    dead = set()
    for provision in provisions:
        for pattern, negated in parsed[provision.id]:
            if negated:
                continue
            if pattern.kind == "scenario":
                if any(name in scenario and not c.admits(scenario[name]) for name, c in pattern.constraints):
                    dead.add(provision.id)
            elif pattern.kind == "party":
                tested = {name: c for name, c in pattern.constraints}
                if set(tested) <= {"role", "type", "state"} and not any(
                    ("role" not in tested or tested["role"].admits(role)) and ("type" not in tested or tested["type"].admits(kind))
                    for role, kind in shape.parties
                ):
                    dead.add(provision.id)
    return frozenset(dead)
