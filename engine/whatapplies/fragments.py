"""An answer assembled from one rule run per regime or body, each shared between situations.

A finding for `cwc` turns on the weapon, the use and the CWC standing of the acting
state (of the territorial state when an armed group acts), nothing else: slices.py reads
this off the rules, leaving out those that cannot fire in the query. So the batch runs
each subject's rules on that subject's facts alone and keeps the finding's JSON under a
key made of exactly those facts, the query's shape and where the date falls among the
facts' dates (the argument of situation.py, restricted to the slice). Two events that
differ only in what a finding cannot see share it.

Where two slices differ only in names — which states, which weapon, which dates on the
same side of the day — the rules cannot tell them apart, and the run on one is mapped to
the other (canonical.py); what is left per finding is rendering it. The benchmark's
100,000 independent events (30,000 situations) need ~2,400 slice runs (~2 ms each; 2
worker processes, each with its own findings) instead of 30,000 whole ones (~20 ms).

The answer's JSON is the concatenation of the scenario's and the findings' JSON, byte
for byte what `Answer.model_dump_json()` gives; tests/test_fragments.py checks it
against full rule runs on generated scenarios and on every case file.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Hashable
from types import SimpleNamespace
from typing import Any

from .answer import Assembler, findings_by_subject
from .canonical import Abstraction, NotAbstract
from .date_template import (
    SENTINEL,
    SENTINEL_BEFORE_ISO,
    SENTINEL_ISO,
    fill,
    sentinel_facts,
)
from .facts import base_facts
from .knowledge import Knowledge
from .models import BODY_IDS, REGIME_IDS, NormalisedScenario
from .rule_engine import RuleEngine, RuleError, derived_fid
from .rulebook import BASE_KINDS, Provision
from .situation import SCENARIO_ONLY, boundary_points
from .slices import (
    Shape,
    Slice,
    dead_rules,
    kept_indexes,
    kept_of_asked,
    patterns_of,
    shape_fields,
    shape_of,
    slice_for,
    writes,
)

SUBJECTS = (*REGIME_IDS, *BODY_IDS)
FRAGMENTS = 50_000  # findings kept (LRU); each ~2 kB of JSON
PLANS = 5_000  # scenarios (without date) whose base facts and slicing are remembered, ~5 kB each
FACTS = 100_000  # distinct fact ids remembered (group names make them unbounded); then all memos restart
OUTCOMES = 5_000  # rule runs kept on facts without names (canonical.py), ~10 kB each


class _Ruleset:
    """A ruleset's slices, made once per process for the same provision objects and shared by runners.

    `slices` are per subject for any query; `pruned` per subject for the queries of one
    shape (slices.Shape), leaving out the rules that cannot fire in them.
    """

    def __init__(self, provisions: list[Provision]):
        self.provisions = {p.id: p for p in provisions}
        self.kept = list(provisions)  # keeps the ids in _SHARED's key those of these objects
        self.analysis = ({p.id: patterns_of(p) for p in provisions}, {p.id: writes(p) for p in provisions})
        self.slices = {s: slice_for(s, provisions, self.analysis) for s in SUBJECTS}
        self.shape_fields = shape_fields(provisions, self.analysis[0])
        self.shape_names = frozenset(name for name, _ in self.shape_fields)
        self.abstraction = Abstraction.of_rules(provisions)
        self.engines: dict[str, RuleEngine] = {}
        self._pruned: dict[tuple[str, frozenset[str]], tuple[Slice, tuple[str, ...]]] = {}
        self._dead: dict[Shape, frozenset[str]] = {}

    def engine(self, subject: str) -> RuleEngine:
        """The subject's rules, as the static slice has them (a rule that cannot fire costs nothing)."""
        engine = self.engines.get(subject)
        if engine is None:
            engine = self.engines[subject] = RuleEngine([self.provisions[i] for i in self.slices[subject].provisions])
        return engine

    def pruned(self, subject: str, shape: Shape) -> tuple[Slice, tuple[str, ...]]:
        """(the subject's slice for queries of this shape, the scenario fields its rules read)."""
        dead = self._dead.get(shape)
        if dead is None:
            dead = self._dead[shape] = dead_rules(shape, self.kept, self.analysis[0])
        found = self._pruned.get((subject, dead))
        if found is None:
            slice_ = slice_for(subject, self.kept, self.analysis, dead)
            found = self._pruned[(subject, dead)] = (slice_, tuple(sorted(slice_.scenario_fields - set(SCENARIO_ONLY))))
        return found


_SHARED: dict[tuple[int, ...], _Ruleset] = {}


_SHARED_LOCK = threading.Lock()


def _shared(provisions: list[Provision]) -> _Ruleset:
    key = tuple(id(p) for p in provisions)
    with _SHARED_LOCK:
        if key not in _SHARED:
            if len(_SHARED) >= 4:
                _SHARED.pop(next(iter(_SHARED)))
            _SHARED[key] = _Ruleset(list(provisions))
        return _SHARED[key]


class FindingRunner:
    """Answers a situation by running each subject's slice of the rules, with a cache of findings."""

    def __init__(self, provisions: list[Provision], knowledge: Knowledge, lang: str = "en", maxsize: int = FRAGMENTS,
                 *, abstract: bool = True):
        self.knowledge = knowledge
        self.lang = lang
        self._ruleset = _shared(provisions)
        self._provisions = self._ruleset.provisions
        # The Assembler and the date template only look provisions up by id.
        self._all = SimpleNamespace(provisions=self._provisions)
        self.assembler = Assembler(self._all, knowledge, lang, share_facts=True)  # type: ignore[arg-type]
        self._seen: dict[str, dict[str, Any]] = {}  # fid -> the fact: a fid must name one fact only
        # id of a slice (kept alive by the ruleset) -> (fid -> Slice.needs, the fids whose need is not None)
        self._needs: dict[int, tuple[dict[str, Any], set[str]]] = {}
        # scenario without date -> (base facts, plan, key prefixes, the scenario's JSON template or None)
        self._bases: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._plans: dict[tuple[Any, ...], dict[str, Any]] = {}  # (shape, base fact ids) -> _plan
        self._shapes: dict[Shape, int] = {}  # a number per shape (few: conflict types x actor and party types)
        self._points: dict[tuple[str, ...], list[int]] = {}  # a slice's fact ids -> their day boundaries
        self._found: OrderedDict[Hashable, tuple[str | None, str, int]] = OrderedDict()
        self._outcomes: OrderedDict[Hashable, list[dict[str, Any]]] = OrderedDict()  # abstract slice -> what the rules made
        self.abstract = abstract and self._ruleset.abstraction is not None
        self.maxsize = maxsize
        self.ran = 0  # subject runs
        self.restored = 0  # findings whose rule run was one made for other names (canonical.py)

    def finding_json(self, subject: str, base: list[dict[str, Any]], normalised: NormalisedScenario,
                     plan: tuple[Any, ...] | None = None, prefix: tuple[Any, ...] | None = None) -> tuple[str, str | None]:
        """(the finding's JSON, its date template or None). `prefix`: the key without the date's
        position (`_key_prefix`), if the caller has it."""
        real, template = self._finding(subject, base, normalised, plan, prefix)
        return (fill(template, normalised.date) if real is None else real), template  # type: ignore[arg-type]

    def _finding(self, subject: str, base: list[dict[str, Any]], normalised: NormalisedScenario,
                 plan: tuple[Any, ...] | None = None, prefix: tuple[Any, ...] | None = None) -> tuple[str | None, str | None]:
        """`finding_json`, but a known finding's JSON is None when its template gives it: filling the whole
        answer at once costs less than filling each finding (`answer_parts`)."""
        plan = plan or self._plan(base)[subject]
        indexes, _, points, fields, _ = plan
        day = normalised.date.toordinal()
        key = (prefix or self._key_prefix(subject, base, plan), bisect.bisect_right(points, day))
        known = self._found.get(key)
        if known is not None:
            self._found.move_to_end(key)
            template, real, real_day = known
            if template is not None:
                return None, template
            if real_day == day:
                return real, None
        real, template = self._run(subject, [base[i] for i in indexes], normalised, fields)
        self._found[key] = (template, None if template is not None else real, day)
        if len(self._found) > self.maxsize:
            self._found.popitem(last=False)
        return real, template

    def _key_prefix(self, subject: str, base: list[dict[str, Any]], plan: tuple[Any, ...]) -> tuple[Any, ...]:
        """A finding's key but the date's position: the subject, the query's shape (as a number, so that
        hashing the key stays in C), the scenario fields its rules read, its facts' ids."""
        _, fids, _, fields, shape = plan
        number = self._shapes.setdefault(shape, len(self._shapes))
        return subject, number, tuple(base[0][name] for name in fields), fids

    def _situation(self, normalised: NormalisedScenario) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any],
                                                                    str | None]:
        """(`facts.base_facts`, the plan, each finding's key prefix, the scenario's JSON as a template of its
        date or None), made once per scenario without its date: only the scenario holds the date."""
        fixed = (normalised.territory, normalised.actor, tuple(normalised.opponents), normalised.nationality,
                 normalised.conflict, normalised.conflict_derived, normalised.weapon, normalised.use)
        known = self._bases.get(fixed)
        if known is None:
            base = base_facts(normalised, self.knowledge, shared=True)
            self._check_ids(base)
            base = [base[0], *(self._seen[fact["fid"]] for fact in base[1:])]  # shared dicts
            plan = self._plan(base, checked=True)
            prefixes = {s: self._key_prefix(s, base, plan[s]) for s in SUBJECTS}
            sentinel = normalised.model_copy(update={"date": SENTINEL}).model_dump_json()
            real = normalised.model_dump_json()
            # Every other field is in `fixed`: a template that gives this date's JSON gives every date's.
            template = sentinel if fill(sentinel, normalised.date) == real and SENTINEL_ISO not in real else None
            known = self._bases[fixed] = (base, plan, prefixes, template)
            if len(self._bases) > PLANS:
                self._bases.pop(next(iter(self._bases)))
            return known
        base, plan, prefixes, template = known
        scenario = {**base[0], "date": normalised.date.isoformat(), "day": normalised.date.toordinal()}
        return [scenario, *base[1:]], plan, prefixes, template

    def _plan(self, base: list[dict[str, Any]], *, checked: bool = False) -> dict[str, tuple[Any, ...]]:
        """Per subject: which base facts its slice keeps (indexes, the scenario first), their ids, their day
        boundaries, the scenario fields its rules read, and the query's shape.

        Memoised on the query's shape and the base facts' ids: an id names one fact
        (checked here, unless `checked`: the facts come from `_situation`, which checked
        them), and the shape is all the scenario fact adds to what decides it.
        """
        if not checked:
            self._check_ids(base)
        # The shape comes from the scenario fact too (conflict, actor type): part of the key.
        shape = shape_of(base, self._ruleset.shape_fields)
        ids = (shape, tuple(fact["fid"] for fact in base[1:]))
        plan = self._plans.get(ids)
        if plan is None:
            plan = {}
            positions = {fact["fid"]: index for index, fact in enumerate(base[1:], 1)}
            for subject in SUBJECTS:
                slice_, fields = self._ruleset.pruned(subject, shape)
                if len(positions) == len(base) - 1:
                    indexes = kept_of_asked(self._asked(slice_, base, positions))
                else:  # a fact listed twice: the general way
                    indexes = kept_indexes(base, [slice_.needs(f) for f in base[1:]])
                fids = tuple(base[i]["fid"] for i in indexes[1:])
                points = self._points.get(fids)
                if points is None:
                    if len(self._points) > len(SUBJECTS) * PLANS:
                        self._points.clear()
                    points = self._points[fids] = boundary_points([base[i] for i in indexes])
                plan[subject] = (indexes, fids, points, fields, shape)
            self._plans[ids] = plan
            if len(self._plans) > PLANS:
                self._plans.pop(next(iter(self._plans)))
        return plan

    def _asked(self, slice_: Slice, base: list[dict[str, Any]], positions: dict[str, int]
               ) -> list[tuple[int, dict[str, Any], tuple[frozenset[str], ...]]]:
        """(index, fact, need) of the base facts `slice_` asks for at all, in the base's order.

        Most facts are of no concern to a given subject: each fact is judged once per slice
        (its id names one fact), and then only the ones asked for are looked at again.
        """
        memo, asked = self._needs.get(id(slice_)) or self._needs.setdefault(id(slice_), ({}, set()))
        for fid, index in positions.items():
            if fid not in memo:
                need = memo[fid] = slice_.needs(base[index])
                if need is not None:
                    asked.add(fid)
        return [(index, base[index], memo[fid]) for fid, index in positions.items() if fid in asked]

    def _check_ids(self, base: list[dict[str, Any]]) -> None:
        """The scenario fact comes first, and every other fact id names one fact only (the memos rely on it)."""
        if base[0]["kind"] != "scenario":
            raise RuleError("the scenario fact must come first")
        if len(self._seen) > FACTS:
            for memo in (self._seen, self._plans, self._bases, self._points, self._needs):
                memo.clear()
        for fact in base[1:]:
            seen = self._seen.setdefault(fact["fid"], fact)
            if seen is not fact and seen != fact:
                raise RuleError(f"fact id {fact['fid']!r} names two different facts")

    def _run(self, subject: str, kept: list[dict[str, Any]], normalised: NormalisedScenario,
             fields: tuple[str, ...]) -> tuple[str, str | None]:
        final = self._outcome(subject, kept, fields) if self.abstract else None
        if final is None:
            final = self._ruleset.engine(subject).run(kept)
            self.ran += 1
        real = self._render(subject, final)
        if SENTINEL_ISO in real or SENTINEL_BEFORE_ISO in real:
            return real, None
        facts = sentinel_facts(self._all, final, normalised.date)  # type: ignore[arg-type]
        if facts is None:
            return real, None
        if all(old.get("args") == new.get("args") for old, new in zip(final, facts)):
            # No reason copies the date, and a finding shows nothing else of the scenario fact
            # (its reasons read `args`; its facts are sourced ones): the finding is its own template.
            return real, real
        template = self._render(subject, facts)
        return real, template if fill(template, normalised.date) == real else None

    def _outcome(self, subject: str, kept: list[dict[str, Any]], fields: tuple[str, ...]) -> list[dict[str, Any]] | None:
        """What the rules make of `kept`, from a run on the same facts under other names if there was one
        (canonical.py); None if the result cannot be mapped back."""
        read = {*fields, *self._ruleset.shape_names, *SCENARIO_ONLY, "kind", "fid"}
        try:
            abstract = self._ruleset.abstraction.abstract(kept, [name for name in kept[0] if name not in read])
            key = (subject, abstract.key)
            made = self._outcomes.get(key)
            if made is None:
                made = [_kept_of(fact) for fact in self._ruleset.engine(subject).run(abstract.facts)]
                self.ran += 1
                self._outcomes[key] = made
                if len(self._outcomes) > OUTCOMES:
                    self._outcomes.popitem(last=False)
            else:
                self._outcomes.move_to_end(key)
                self.restored += 1
            return abstract.restore(made, derived_fid)
        except NotAbstract:
            return None

    def _render(self, subject: str, final: list[dict[str, Any]]) -> str:
        found = findings_by_subject(final).get(subject, [])
        verdicts = {f["verdict"] for f in found}
        if len(verdicts) != 1:
            raise RuleError(f"rules gave {subject} {sorted(verdicts) or 'no verdict'}; expected exactly one")
        facts = {fact["fid"]: fact for fact in final}
        return self.assembler.finding(subject, verdicts.pop(), found, facts).model_dump_json()

    def answer_json(self, normalised: NormalisedScenario, *, template: bool = True) -> tuple[str, str | None]:
        """(the Answer's JSON, its date template or None), as `date_template.run_situation` gives them."""
        real, parts = self.answer_parts(normalised, template=template)
        return real, None if parts is None else "".join(parts)

    def answer_parts(self, normalised: NormalisedScenario, *, template: bool = True) -> tuple[str, list[str] | None]:
        """(the Answer's JSON, the parts its date template is joined from, or None): the findings are parts
        of their own, so a cache can keep each one once for all the situations that share it."""
        base, plan, prefixes, scenario = self._situation(normalised)
        day = normalised.date
        parts = {s: self._finding(s, base, normalised, plan[s], prefixes[s]) for s in SUBJECTS}
        if template and scenario is not None and all(part[1] is not None for part in parts.values()):
            pieces = _answer(scenario, [parts[s][1] for s in REGIME_IDS], [parts[s][1] for s in BODY_IDS])  # type: ignore[misc]
            # Each piece gives its own JSON when filled (a finding's template was checked when it was made,
            # the scenario's in _situation), and no date can straddle two pieces: one fill does them all.
            real = fill("".join(pieces), day)
            return real, None if SENTINEL_ISO in real or SENTINEL_BEFORE_ISO in real else pieces
        shown = {s: fill(t, day) if r is None else r for s, (r, t) in parts.items()}  # type: ignore[arg-type]
        return "".join(_answer(normalised.model_dump_json(), [shown[s] for s in REGIME_IDS],
                               [shown[s] for s in BODY_IDS])), None


def _kept_of(fact: dict[str, Any]) -> dict[str, Any]:
    """What an outcome keeps of a fact: restore() takes a base fact from the real ones by its id."""
    if fact["kind"] in BASE_KINDS and fact["kind"] != "stage":
        return {"kind": fact["kind"], "fid": fact["fid"]}
    return {name: value for name, value in fact.items() if name != "sid"}


def _answer(scenario: str, regimes: list[str], bodies: list[str]) -> list[str]:
    """`Answer.model_dump_json()` in pieces from its parts' JSON (pydantic writes nested models compactly, in
    field order): the scenario with the JSON around it, then each finding and the comma or bracket after it."""
    pieces = [f'{{"scenario":{scenario},"regimes":[']
    for findings, close in ((regimes, '],"bodies":['), (bodies, "]}")):
        for index, finding in enumerate(findings):
            pieces += [finding, "," if index < len(findings) - 1 else close]
        if not findings:
            pieces.append(close)
    return pieces
