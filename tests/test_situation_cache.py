"""The situation cache (batch.py): a date-free key that is exact, and date text filled in byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import json
import tokenize

import pytest
import whatapplies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whatapplies.batch import (
    ROW_ERRORS,
    AnswerCache,
    BatchAnswerer,
    answer_json_many,
    boundary_points,
)
from whatapplies.cli import main
from whatapplies.facts import base_facts, dates_key, normalise
from whatapplies.knowledge import default_knowledge
from whatapplies.models import NormalisedScenario, Scenario
from whatapplies.rule_engine import collect_provisions
from whatapplies.rulebook import KINDS

from .conftest import NK_INCENDIARY, ROOT

KNOWLEDGE = default_knowledge()
STATES = sorted(KNOWLEDGE.states)
WITHDRAWALS = ["BDI", "PHL", "LTU", "HUN", "MLI"]  # Rome Statute (BDI, PHL, HUN; MLI announced) and CCM (LTU) withdrawals
# Territories with facts of their own (vetoes of drafts on them, Security Council referrals)
TERRITORIAL = sorted({d.territory for d in KNOWLEDGE.vetoed_drafts} | {r.territory for r in KNOWLEDGE.referrals})
WEAPON_USES = [(None, None)] + [
    (weapon, use) for weapon, item in KNOWLEDGE.weapons.weapons.items() for use in (item.uses or [None])
]
INTEGER_FIELDS = {name for kind, fields in KINDS.items() if kind != "scenario"
                  for name, value in fields.items() if type(value) is int}


# ---------------------------------------------------------------- the key is exact only if the rules allow it
def _comparisons(node, found):
    """(operator, left field, right value) for every comparison in a durable_rules pattern definition."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("$and", "$or", "$all", "$any"):
                for item in value if isinstance(value, list) else [value]:
                    _comparisons(item, found)
            elif key.startswith("$") and isinstance(value, dict):
                for field, right in value.items():
                    found.append((key, field, right))
            elif not key.startswith("$"):
                found.append(("$eq", key, value))
            else:
                _comparisons(value, found)
    elif isinstance(node, list):
        for item in node:
            _comparisons(item, found)


def test_rules_compare_the_day_only_with_integer_fields_of_facts():
    checked = 0
    for provision in collect_provisions():
        for pattern in provision.when:
            found: list = []
            definition = pattern.define() if hasattr(pattern, "define") else pattern
            _comparisons(definition, found)
            on_scenario = ("$eq", "kind", "scenario") in found
            for operator, field, right in found:
                reads_date = isinstance(right, dict) and set(right.values()) & {"day", "date"}
                assert not (on_scenario and field in ("day", "date")), f"{provision.id} compares the scenario's {field}"
                if reads_date:
                    checked += 1
                    assert right and set(right.values()) == {"day"}, f"{provision.id}: the date may only be shown"
                    assert field in INTEGER_FIELDS and operator in ("$lt", "$lte", "$gt", "$gte"), (provision.id, field)
    assert checked >= 8  # membership, declarations, referrals, Rome Statute entry into force ...


def test_rules_read_the_date_only_in_patterns():
    """No `make` or helper reads the scenario date: outside strings, `.day`/`.date` only as `c.ALIAS.day` or `m.day`."""
    for path in sorted((ROOT / "rules").glob("*.py")):
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
                  if t.type not in (tokenize.STRING, tokenize.COMMENT)]
        for index, token in enumerate(tokens):
            if token.string in ("day", "date") and index >= 4 and tokens[index - 1].string == ".":
                in_pattern = tokens[index - 2].string == "m" or (tokens[index - 3].string == "." and tokens[index - 4].string == "c")
                assert in_pattern, (
                    f"{path.name}:{token.start[0]} reads the date outside a pattern"
                )


# ---------------------------------------------------------------- cached == uncached
def _boundaries(states: list[str], territory: str) -> list[int]:
    probe = NormalisedScenario(date=dt.date(2020, 1, 1), territory=territory, actor=states[0], opponents=states[1:],
                               nationality=None, conflict="international", conflict_derived=False, weapon=None, use=None)
    lo, hi = dt.date(1990, 1, 1).toordinal(), dt.date(2030, 1, 1).toordinal()
    values = {v for fact in base_facts(probe, KNOWLEDGE) if fact["kind"] != "scenario" for v in fact.values()
              if type(v) is int and lo <= v <= hi}
    assert {b + k for b in values for k in (-1, 0, 1)} <= set(boundary_points(base_facts(probe, KNOWLEDGE)))
    return sorted(values)


@st.composite
def situations(draw):
    states = draw(st.lists(st.sampled_from(STATES + WITHDRAWALS * 3 + TERRITORIAL * 2), min_size=2, max_size=3, unique=True))
    scenario: dict = {"territory": draw(st.sampled_from(states))}
    kind = draw(st.sampled_from(["states", "states", "group-actor", "group-opponent"]))
    if kind == "group-actor":
        scenario.update(actor="group:Rebels", opponents=states[1:], nationality=states[0])
    elif kind == "group-opponent":
        scenario.update(actor=states[0], opponents=["group:Rebels", *states[2:]])
    else:
        scenario.update(actor=states[0], opponents=states[1:])
    if draw(st.booleans()):
        scenario["conflict"] = draw(st.sampled_from(["international", "non-international", "none"]))
        if scenario["conflict"] == "none" and draw(st.booleans()):
            scenario["opponents"] = []
    weapon, use = draw(st.sampled_from(WEAPON_USES))
    scenario.update({k: v for k, v in (("weapon", weapon), ("use", use)) if v})

    def a_date():
        near = st.builds(lambda b, k: dt.date.fromordinal(b + k), st.sampled_from(_boundaries(states, scenario["territory"])),
                         st.integers(-2, 2))
        return draw(st.one_of(near, st.dates(dt.date(1995, 1, 1), dt.date(2026, 12, 31))))

    first = a_date()
    second = draw(st.one_of(st.just(a_date()), st.builds(lambda k: first + dt.timedelta(days=k),
                                                         st.sampled_from([-30, -3, -1, 1, 2, 3, 30, 365]))))
    return scenario, first, second, draw(st.sampled_from(["en", "nl"]))


def _uncached(scenario: dict, lang: str) -> str:
    try:
        return whatapplies.ask(scenario, lang=lang).model_dump_json()
    except ROW_ERRORS as error:
        return f"{type(error).__name__}: {error}"


def _cached(answerer: BatchAnswerer, scenario: dict) -> str:
    try:
        return answerer.answer_json(scenario)
    except ROW_ERRORS as error:
        return f"{type(error).__name__}: {error}"


_SHARED = {lang: BatchAnswerer(lang=lang, cache=AnswerCache()) for lang in ("en", "nl")}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(situations())
def test_cached_equals_uncached_across_dates(example):
    """The second date is answered from the first date's entry whenever they share a situation.

    The same states are asked first in another territory (vetoes and referrals differ by territory), and
    the answerer is shared between examples: nothing asked before may change an answer."""
    scenario, first, second, lang = example
    answerer = _SHARED[lang]
    elsewhere = [state for state in (scenario["actor"], *scenario["opponents"]) if state != scenario["territory"]
                 and not state.startswith("group:")]
    rows = [{**scenario, "territory": place, "date": first.isoformat()} for place in elsewhere[:1]]
    rows += [{**scenario, "date": day.isoformat()} for day in (first, second)]
    for row in rows:
        assert _cached(answerer, row) == _uncached(row, lang)


def test_two_dates_in_one_interval_share_one_rule_run_and_show_their_own_date():
    answerer = BatchAnswerer(cache=AnswerCache())
    later = {**NK_INCENDIARY, "date": "2020-11-05"}
    assert answerer.prepare(NK_INCENDIARY)[0] == answerer.prepare(later)[0]
    first, second = answerer.answer_json(NK_INCENDIARY), answerer.answer_json(later)
    assert answerer.ran == 1 and answerer.cache.info().hits == 1
    assert second == whatapplies.ask(later).model_dump_json()
    assert "not bound by CCW Protocol III on 2020-11-05." in second and "2020-10-31" not in second
    assert first.count("2020-10-31") == second.count("2020-11-05") > 1


def test_dates_across_a_boundary_get_different_situations():
    # Burundi's Rome Statute withdrawal took effect on 2017-10-27: the day before is another situation.
    answerer = BatchAnswerer(cache=AnswerCache())
    rows = [{"date": day, "territory": "BDI", "actor": "BDI", "opponents": ["COL"]}
            for day in ("2017-10-25", "2017-10-26", "2017-10-27", "2017-10-28", "2017-11-30")]
    keys = [answerer.prepare(row)[0] for row in rows]
    assert len(set(keys[:4])) == 4 and keys[3] == keys[4]
    for row in rows:
        assert answerer.answer_json(row) == whatapplies.ask(row).model_dump_json()
    assert answerer.ran == 4


def _territorial_days():
    for draft in KNOWLEDGE.vetoed_drafts:
        yield draft.territory, draft.date
    for referral in KNOWLEDGE.referrals:
        yield referral.territory, referral.from_


@pytest.mark.parametrize("territory, day", sorted(set(_territorial_days())))
def test_the_same_states_in_another_territory_get_their_own_date_boundaries(territory, day):
    """Regression: the day boundaries were kept per set of states, but vetoes and referrals depend on the
    territory. With the same states asked first on the other side's territory (no such facts there), the
    day before and the day after a veto or referral on this territory shared one situation."""
    other = "NLD"
    answerer = BatchAnswerer(cache=AnswerCache())
    before, after = (day + dt.timedelta(days=k) for k in (-1, 1))
    rows = [{"date": before.isoformat(), "actor": territory, "territory": other, "opponents": [other]},
            {"date": before.isoformat(), "actor": territory, "territory": territory, "opponents": [other]},
            {"date": after.isoformat(), "actor": territory, "territory": territory, "opponents": [other]}]
    for row in rows:
        assert answerer.answer_json(row) == whatapplies.ask(row, cache=False).model_dump_json()
    assert answerer.prepare(rows[1])[0] != answerer.prepare(rows[2])[0]


def test_a_date_held_by_a_derived_fact_is_cached_for_that_date_only():
    """On an entry-into-force date the status fact's `since` is the scenario date: no template, exact entry."""
    day = KNOWLEDGE.membership("ARM", "ccw-p3").entry_into_force if KNOWLEDGE.membership("ARM", "ccw-p3") else None
    day = day or KNOWLEDGE.membership("AZE", "cwc").entry_into_force
    row = {"date": day.isoformat(), "territory": "AZE", "actor": "AZE", "opponents": ["ARM"],
           "weapon": "white-phosphorus", "use": "incendiary"}
    cache = AnswerCache()
    answerer = BatchAnswerer(cache=cache)
    key, _ = answerer.prepare(row)
    text = answerer.answer_json(row)
    assert text == answerer.answer_json(row) == whatapplies.ask(row).model_dump_json()
    assert (key, day) in cache._entries  # stored for its date alone


# ---------------------------------------------------------------- processes
def _rows() -> list[dict]:
    rows = []
    for index in range(160):
        day = dt.date(2001, 1, 1) + dt.timedelta(days=index * 53)
        pair = [("AZE", "ARM"), ("UKR", "RUS"), ("PHL", "BDI"), ("COL", "group:FARC")][index % 4]
        rows.append({"date": day.isoformat(), "territory": pair[0], "actor": pair[0], "opponents": [pair[1]],
                     "weapon": ["white-phosphorus", "cluster-munition", "sarin"][index % 3]})
        if rows[-1]["weapon"] == "white-phosphorus":
            rows[-1]["use"] = "incendiary"
    rows += rows[:40]  # repeats
    rows.insert(7, {"date": "2020-02-30", "territory": "AZE", "actor": "AZE", "opponents": ["ARM"]})
    rows.insert(90, {"date": "2020-10-31", "territory": "Narnia", "actor": "AZE", "opponents": ["ARM"]})
    return rows


def test_processes_2_writes_the_same_file_as_processes_1(tmp_path):
    from whatapplies.batch import default_cache

    source = tmp_path / "events.jsonl"
    source.write_text("\n".join(json.dumps(row) for row in _rows()) + "\n", encoding="utf-8")
    outputs = []
    for processes in ("1", "2"):
        default_cache().clear()
        target = tmp_path / f"out-{processes}.jsonl"
        assert main(["batch", str(source), "-o", str(target), "--processes", processes]) == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    lines = [json.loads(line) for line in outputs[0].decode().splitlines()]
    assert [line["row"] for line in lines] == list(range(1, len(_rows()) + 1))
    assert "error" in lines[7] and "Narnia" in lines[90]["error"]


def test_parallel_without_cache_and_in_dutch_matches_ask():
    rows = _rows()[:12]
    stats: dict = {}
    got = list(answer_json_many(rows, lang="nl", cache=None, processes=2, stats=stats))
    for row, text in zip(rows, got):
        assert (text if isinstance(text, str) else f"{type(text).__name__}: {text}") == _uncached(row, "nl")
    assert stats["rows"] == 12 and stats["ran"] == 11  # one bad row


@pytest.mark.parametrize("processes", [1, 2])
def test_parallel_stats_count_situations(processes):
    rows = [{**NK_INCENDIARY, "date": day} for day in ("2020-10-31", "2020-11-01", "2020-10-31", "2020-11-02")]
    stats: dict = {}
    got = list(answer_json_many(rows, cache=AnswerCache(), processes=processes, stats=stats))
    assert got[1] == whatapplies.ask(rows[1]).model_dump_json()
    assert stats == {"rows": 4, "ran": 1, "situations": 1, "findings": 16}  # 16 regimes and bodies, once each


class _FakePool:
    """Records what a worker would be sent."""

    def __init__(self):
        self.sent: list[list] = []

    def apply_async(self, function, args):
        self.sent.append(args[0])
        return None


def test_misses_go_to_the_worker_that_has_their_actor_but_no_worker_gets_it_all():
    from whatapplies.batch_workers import BALANCE, CHUNK, _Jobs

    def scenario(actor):
        return NormalisedScenario(date=dt.date(2020, 1, 1), territory="UKR", actor=actor, opponents=["UKR"],
                                  nationality=None, conflict="international", conflict_derived=False, weapon=None, use=None)

    import zlib

    pools = [_FakePool(), _FakePool()]
    jobs = _Jobs(pools, AnswerCache())
    even = [state for state in STATES if zlib.crc32(state.encode()) % 2 == 0][:2]
    odd = [state for state in STATES if zlib.crc32(state.encode()) % 2 == 1][:2]
    for actor in (even + odd) * 40:  # as many situations for each worker's actors
        jobs.add(scenario(actor))
    jobs.flush()
    by_worker = [{s.actor for chunk in pool.sent for s in chunk} for pool in pools]
    assert not by_worker[0] & by_worker[1], "an actor's situations stay with one worker"
    assert all(len(chunk) <= CHUNK for pool in pools for chunk in pool.sent)

    skewed = _Jobs([_FakePool(), _FakePool()], AnswerCache())
    for _ in range(1000):  # one actor only: the other worker takes its share
        skewed.add(scenario("RUS"))
    assert min(skewed.assigned) > 0 and max(skewed.assigned) <= min(skewed.assigned) * BALANCE + CHUNK + 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(situations(), st.sampled_from(WEAPON_USES), st.sampled_from(["international", "non-international", "none"]),
       st.integers(0, 3))
def test_the_dates_of_the_facts_depend_only_on_the_states_and_the_territory(example, weapon_use, conflict, place):
    """The batch keeps a situation's day boundaries per facts.dates_key: another weapon, conflict or
    assignment of the same states to actor and opponents must give the same dates (another territory
    gives another key: vetoes and referrals are the territory's)."""
    scenario, first, _, _ = example
    states = [s for s in (scenario["actor"], *scenario["opponents"]) if not s.startswith("group:")]
    other = {**scenario, "weapon": weapon_use[0], "use": weapon_use[1], "conflict": conflict,
             "territory": (states + [scenario["territory"]])[place % (len(states) + 1)]}
    other = {k: v for k, v in other.items() if v is not None}
    if len(states) > 1 and not scenario["actor"].startswith("group:"):
        other.update(actor=states[-1], opponents=[*states[:-1], *(o for o in scenario["opponents"] if o.startswith("group:"))])
    try:
        one, two = (normalise(Scenario.model_validate({**s, "date": first}), KNOWLEDGE) for s in (scenario, other))
    except ROW_ERRORS:
        return
    if dates_key(one) == dates_key(two):
        assert boundary_points(base_facts(one, KNOWLEDGE)) == boundary_points(base_facts(two, KNOWLEDGE))


class _Done:
    """A finished task's result."""

    def __init__(self, value):
        self.value = value

    def ready(self):
        return True

    def get(self):
        return self.value


class _ScriptedPool:
    """Answers each task with the next scripted result."""

    def __init__(self, results):
        self.results = list(results)

    def apply_async(self, function, args):
        return _Done(self.results.pop(0))


def test_parts_sent_as_numbers_are_read_in_the_order_the_worker_sent_them():
    from whatapplies.batch_workers import CHUNK, _Jobs

    scenario = NormalisedScenario(date=dt.date(2020, 1, 1), territory="UKR", actor="RUS", opponents=["UKR"],
                                  nationality=None, conflict="international", conflict_derived=False, weapon=None, use=None)
    first = (7, False, [("", ["A", "B"], 1)] * CHUNK)  # process 7 sends "A" (0) and "B" (1), then their numbers
    first[2][1:] = [("", [0, 1], 0)] * (CHUNK - 1)
    second = (7, False, [("", [1, "C", 0], 0)] * CHUNK)
    third = (7, True, [("", ["D", 0], 0)] * CHUNK)  # the worker restarted its numbering: 0 is now "D"
    fourth = (8, False, [("", ["E", 0], 0)] * CHUNK)  # a new process replaced a dead worker: it numbers afresh
    cache = AnswerCache()
    jobs = _Jobs([_ScriptedPool([first, second, third, fourth])], cache)
    slots = [jobs.add(scenario) for _ in range(4 * CHUNK)]
    # Read the second chunk first (a situation re-run for another date can wait on a later chunk).
    assert [p.pieces for p in slots[CHUNK].get(jobs)[1]] == [[b"B"], [b"C"], [b"A"]]
    assert [p.pieces for p in slots[1].get(jobs)[1]] == [[b"A"], [b"B"]]
    assert [p.pieces for p in slots[2 * CHUNK].get(jobs)[1]] == [[b"D"], [b"D"]]
    assert [p.pieces for p in slots[3 * CHUNK].get(jobs)[1]] == [[b"E"], [b"E"]]
    assert slots[0].get(jobs)[1][0] is slots[1].get(jobs)[1][0], "a part is kept once"
