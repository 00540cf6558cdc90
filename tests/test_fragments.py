"""Answers assembled from per-subject findings (fragments.py, slices.py) are the full rule run's, byte for byte."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from whatapplies.answer import Assembler
from whatapplies.api import default_engine
from whatapplies.cases import case_paths, load_case
from whatapplies.date_template import fill, run_situation
from whatapplies.facts import BadScenario, base_facts, normalise
from whatapplies.fragments import FindingRunner
from whatapplies.models import BODY_IDS, REGIME_IDS, Scenario
from whatapplies.rule_engine import RuleError
from whatapplies.rulebook import Provision, c, m
from whatapplies.slices import ANY, slice_for, writes

from .conftest import ROOT
from .test_situation_cache import KNOWLEDGE, situations

ENGINE = default_engine()
PROVISIONS = list(ENGINE.provisions.values())
# One runner per language for the whole module: findings computed for earlier examples are
# reused by later ones, which is exactly what must not change an answer.
RUNNERS = {lang: FindingRunner(PROVISIONS, KNOWLEDGE, lang) for lang in ("en", "nl")}
ASSEMBLERS = {lang: Assembler(ENGINE, KNOWLEDGE, lang) for lang in ("en", "nl")}


def _full(normalised, lang):
    _, real, template = run_situation(ENGINE, ASSEMBLERS[lang], KNOWLEDGE, normalised)
    return real, template


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_case_file_is_answered_the_same_from_findings(lang):
    paths = case_paths([ROOT / "cases"])
    assert len(paths) >= 39
    for path in paths:
        normalised = normalise(load_case(path).scenario, KNOWLEDGE)
        assert RUNNERS[lang].answer_json(normalised)[0] == _full(normalised, lang)[0], path.name


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(situations())
def test_findings_shared_between_situations_give_the_full_answer(example):
    """Random parties, weapons and conflicts, dates on and around every entry-into-force and withdrawal date;
    each situation also under every conflict type, so that queries differing only in it meet in the memos."""
    scenario, first, second, lang = example
    variants = [{**scenario, "conflict": kind} for kind in ("international", "non-international", "none")]
    variants.append({k: v for k, v in scenario.items() if k != "conflict"})
    for scenario, day in [(scenario, first), (scenario, second)] + [(variant, first) for variant in variants]:
        try:
            normalised = normalise(Scenario.model_validate({**scenario, "date": day}), KNOWLEDGE)
        except BadScenario:
            continue
        real, template = RUNNERS[lang].answer_json(normalised)
        full, full_template = _full(normalised, lang)
        assert real == full
        # A template may exist where the full run has none (a derived fact no finding reads held
        # the date), never the other way round; where both exist they are the same.
        assert template is not None or full_template is None
        if template is not None:
            assert fill(template, day) == real
            assert full_template in (None, template)


def test_a_finding_is_reused_by_a_situation_that_differs_only_where_it_cannot_see():
    runner = FindingRunner(PROVISIONS, KNOWLEDGE)
    base = {"date": dt.date(2020, 10, 31), "territory": "AZE", "actor": "AZE", "weapon": "white-phosphorus", "use": "incendiary"}
    runner.answer_json(normalise(Scenario(**base, opponents=["ARM"]), KNOWLEDGE))
    assert runner.ran == len(REGIME_IDS) + len(BODY_IDS)
    # Another opponent: the CWC, CCM, APMBC, CCW Protocol III (for AZE), OPCW, UNSGM, HRC ...
    # findings do not turn on who the opponent is; OSCE, AP I and IHFFC do.
    other = normalise(Scenario(**base, opponents=["UKR"]), KNOWLEDGE)
    before = runner.ran
    assert runner.answer_json(other)[0] == _full(other, "en")[0]
    assert 0 < runner.ran - before < 8


def test_slices_read_only_what_their_rules_read():
    cwc = slice_for("cwc", PROVISIONS)
    normalised = normalise(Scenario(date=dt.date(2020, 10, 31), territory="AZE", actor="AZE", opponents=["ARM"],
                                    weapon="white-phosphorus", use="incendiary"), KNOWLEDGE)
    kept = cwc.facts(base_facts(normalised, KNOWLEDGE))
    fids = [f["fid"] for f in kept]
    assert fids[0] == "scenario"
    assert any(fid.startswith("membership:AZE/cwc@") for fid in fids)
    assert not any(fid.startswith("membership:ARM/") for fid in fids), "the opponent's standing cannot matter to the CWC"
    assert not any("/apmbc@" in fid or "/rome-statute@" in fid for fid in fids)
    assert {"weapon", "use"} <= cwc.scenario_fields and "conflict" not in cwc.scenario_fields
    ihl = slice_for("customary-ihl", PROVISIONS)
    assert ihl.demands.keys() == {"scenario"}
    # every requirement of a subject is among its slice's rules
    for subject in (*REGIME_IDS, *BODY_IDS):
        own = {p.id for p in PROVISIONS if p.id.startswith(subject + ".")}
        assert own <= set(slice_for(subject, PROVISIONS).provisions), subject


def test_a_make_that_does_more_than_copy_may_write_anything():
    copying = Provision("x.copy", "art.", "r", "obligor", (c.a << (m.kind == "party"),),
                        lambda b: {"state": b.a.state, "role": "acting-state"})
    branching = Provision("x.branch", "art.", "r", "obligor", (c.a << (m.kind == "party"),),
                          lambda b: {"state": b.a.state.upper(), "role": "x" if b.a.role == "actor" else "y"})
    assert writes(copying)["state"] == ("copy", "a", "state")
    assert writes(copying)["role"] == ("const", "acting-state")
    assert writes(branching)["state"] is ANY
    assert writes(branching)["role"] is ANY, "the probe would have taken the else branch: not a constant"


def test_one_fact_id_for_two_different_facts_is_refused():
    runner = FindingRunner(PROVISIONS, KNOWLEDGE)
    normalised = normalise(Scenario(date=dt.date(2020, 10, 31), territory="AZE", actor="AZE", opponents=["ARM"]), KNOWLEDGE)
    base = base_facts(normalised, KNOWLEDGE)
    runner._plan(base)
    changed = [dict(f) for f in base]
    changed[1]["since"] = "1900-01-01"
    with pytest.raises(RuleError, match="names two different facts"):
        runner._plan(changed)


def test_threads_asking_through_shared_findings_get_the_sequential_answers():
    import threading

    import whatapplies
    from whatapplies import api

    questions = [{"date": f"20{year:02d}-0{month}-15", "territory": territory, "actor": actor, "opponents": [opponent],
                  "weapon": weapon}
                 for year, month in ((5, 3), (15, 7), (22, 9))
                 for territory, actor, opponent in (("UKR", "RUS", "UKR"), ("SYR", "SYR", "group:ISIL"))
                 for weapon in ("sarin", "white-phosphorus", "cluster-munition")]
    expected = [whatapplies.ask(q, cache=False).model_dump_json() for q in questions]
    api.clear_ask_cache()
    got: dict[int, list[str]] = {}

    def worker(number: int) -> None:
        order = questions[number:] + questions[:number]  # each thread in its own order
        got[number] = [whatapplies.ask(q).model_dump_json() for q in order]

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for number, answers in got.items():
        assert answers == expected[number:] + expected[:number]
    api.clear_ask_cache()


def test_rules_that_cannot_fire_in_a_query_are_left_out_of_its_slices():
    from whatapplies.fragments import _shared
    from whatapplies.slices import dead_rules, shape_of

    ruleset = _shared(PROVISIONS)
    state_actor = normalise(Scenario(date=dt.date(2020, 10, 31), territory="ARM", actor="AZE", opponents=["ARM"],
                                     weapon="white-phosphorus", use="incendiary"), KNOWLEDGE)
    group_actor = normalise(Scenario(date=dt.date(2020, 10, 31), territory="ARM", actor="group:X", opponents=["ARM"],
                                     nationality="AZE", weapon="white-phosphorus", use="incendiary"), KNOWLEDGE)
    shapes = {name: shape_of(base_facts(n, KNOWLEDGE), ruleset.shape_fields)
              for name, n in (("state", state_actor), ("group", group_actor))}
    dead = {name: dead_rules(shape, PROVISIONS, ruleset.analysis[0]) for name, shape in shapes.items()}
    assert "parties.territorial-state-for-group" in dead["state"] and "parties.acting-state" not in dead["state"]
    assert "parties.acting-state" in dead["group"] and "parties.territorial-state-for-group" not in dead["group"]
    kept = {name: [f["fid"] for f in ruleset.pruned("cwc", shapes[name])[0].facts(base_facts(n, KNOWLEDGE))]
            for name, n in (("state", state_actor), ("group", group_actor))}
    # A state acting: its own CWC standing decides; the territory does not (it would for an armed group).
    assert any(f.startswith("membership:AZE/cwc@") for f in kept["state"])
    assert not any(f.startswith(("membership:ARM/", "party:territory/")) for f in kept["state"])
    assert any(f.startswith("membership:ARM/cwc@") for f in kept["group"])


def test_the_same_parties_under_another_conflict_type_get_their_own_slices():
    """Regression: the slicing was once memoised on the fact ids alone, so a question with the same
    parties but another (given or derived) conflict type reused slices missing facts it needed."""
    runner = FindingRunner(PROVISIONS, KNOWLEDGE)
    base = {"date": dt.date(2000, 1, 1), "territory": "MMR", "actor": "group:ISIS", "opponents": ["AFG"]}
    for conflict in ("none", "international", None, "non-international", None, "none"):
        scenario = {**base, "conflict": conflict} if conflict else base
        try:
            normalised = normalise(Scenario(**scenario), KNOWLEDGE)
        except BadScenario:
            continue
        assert runner.answer_json(normalised)[0] == _full(normalised, "en")[0], conflict


def test_a_scenario_field_a_rule_copies_is_part_of_its_findings_key():
    """A finding keyed without a field its rule copies from the scenario would be reused for another value."""
    copying = Provision("s.copies", "art.", "r", "regime-finding", (c.sc << (m.kind == "scenario"),),
                        lambda b: {"subject": "s", "verdict": b.sc.territory})
    states = Provision("s.states", "art.", "r", "regime-req", (c.sc << (m.kind == "scenario"),),
                       lambda b: {"subject": "s", "value": "met", "route": "", "states": sorted({b.sc.actor})})
    assert "territory" in slice_for("s", [copying]).scenario_fields
    finding = Provision("s.finding", "art.", "r", "regime-finding", (c.r << (m.kind == "regime-req"),),
                        lambda b: {"subject": "s", "verdict": "applies"})
    assert "actor" in slice_for("s", [states, finding]).scenario_fields
