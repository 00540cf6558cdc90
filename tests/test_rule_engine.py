"""The guarantees of the durable_rules wrapper (whatapplies.rule_engine).

See ../shared/durable-rules-notes.md: fact order and rule order must not matter, nothing
of one query may leak into the next, more than 1024 queries must work, errors inside
actions must surface, `none()` may only be used where the closed world holds, and
answers are the same in a fresh process and under threads.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

import whatapplies
from whatapplies.answer import Assembler
from whatapplies.facts import _fact, base_facts, normalise
from whatapplies.models import Scenario
from whatapplies.rule_engine import RuleEngine, RuleError, collect_provisions, rule_modules
from whatapplies.rulebook import KINDS, Rulebook, c, check_stages, m, none

from .conftest import NK_INCENDIARY, ROOT

SYRIA_SARIN_2017 = {"date": "2017-04-04", "territory": "SYR", "actor": "SYR", "opponents": ["group:opposition"],
                    "weapon": "sarin"}
PHILIPPINES_2018 = {"date": "2018-05-01", "territory": "PHL", "actor": "PHL", "conflict": "none",
                    "weapon": "riot-control-agent", "use": "law-enforcement"}
ISIS_IRAQ = {"date": "2016-10-20", "territory": "IRQ", "actor": "group:ISIS", "nationality": "IRQ",
             "opponents": ["IRQ"], "weapon": "chlorine"}
SCENARIOS = {"nk": NK_INCENDIARY, "syria": SYRIA_SARIN_2017, "philippines": PHILIPPINES_2018, "isis": ISIS_IRAQ}


def answer_json(engine: RuleEngine, knowledge, scenario: dict, *, shuffle_seed: int | None = None) -> str:
    """What api.ask does, with the base facts optionally shuffled before the run."""
    normalised = normalise(Scenario.model_validate(scenario), knowledge)
    facts = base_facts(normalised, knowledge)
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(facts)
    return Assembler(engine, knowledge).answer(normalised, engine.run(facts)).model_dump_json()


# ------------------------------------------------------------------ (a) fact order


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_fact_order_does_not_matter(name, engine, knowledge):
    scenario = SCENARIOS[name]
    reference = answer_json(engine, knowledge, scenario)
    assert reference == whatapplies.ask(scenario).model_dump_json()
    for seed in range(6):
        assert answer_json(engine, knowledge, scenario, shuffle_seed=seed) == reference, f"seed {seed}"
    # reversed is the most hostile order: the scenario and instruments arrive last
    normalised = normalise(Scenario.model_validate(scenario), knowledge)
    facts = list(reversed(base_facts(normalised, knowledge)))
    assert Assembler(engine, knowledge).answer(normalised, engine.run(facts)).model_dump_json() == reference


def test_scenarios_are_not_trivial(engine, knowledge):
    """The order tests compare answers that actually differ and contain applicable regimes."""
    answers = {name: json.loads(answer_json(engine, knowledge, s)) for name, s in SCENARIOS.items()}
    assert len({json.dumps(a["regimes"], sort_keys=True) for a in answers.values()}) == len(SCENARIOS)
    nk = {f["id"]: f["verdict"] for f in answers["nk"]["regimes"]}
    syria = {f["id"]: f["verdict"] for f in answers["syria"]["regimes"]}
    assert syria["cwc"] == "applies"
    assert nk["ccw-p3"] in ("applies", "does_not_apply", "conditional", "unknown")


# ------------------------------------------------------------------ (b) rule order


def test_rule_module_order_does_not_matter(engine, knowledge):
    modules = rule_modules()
    assert len(modules) > 5
    references = {name: answer_json(engine, knowledge, s) for name, s in SCENARIOS.items()}
    orders = [list(reversed(modules))]
    for seed in range(2):
        shuffled = list(modules)
        random.Random(seed).shuffle(shuffled)
        orders.append(shuffled)
    for order in orders:
        other = RuleEngine(collect_provisions(order))
        assert set(other.provisions) == set(engine.provisions)
        for name, scenario in SCENARIOS.items():
            assert answer_json(other, knowledge, scenario) == references[name], (name, order)
            assert answer_json(other, knowledge, scenario, shuffle_seed=7) == references[name], (name, order)


# ------------------------------------------------------------------ (c) no state leak


def test_no_state_leaks_between_queries(engine, knowledge):
    a = answer_json(engine, knowledge, NK_INCENDIARY)
    b = answer_json(engine, knowledge, SYRIA_SARIN_2017)
    a_again = answer_json(engine, knowledge, NK_INCENDIARY)
    c_ = answer_json(engine, knowledge, ISIS_IRAQ)
    b_again = answer_json(engine, knowledge, SYRIA_SARIN_2017)
    assert a == a_again
    assert b == b_again
    assert a != b != c_


def test_run_returns_only_this_querys_facts(engine, knowledge):
    normalised = normalise(Scenario.model_validate(PHILIPPINES_2018), knowledge)
    first = engine.run(base_facts(normalised, knowledge))
    engine.run(base_facts(normalise(Scenario.model_validate(ISIS_IRAQ), knowledge), knowledge))
    second = engine.run(base_facts(normalised, knowledge))
    def key(facts):  # the sid differs per query by design
        return sorted(json.dumps({k: v for k, v in f.items() if k != "sid"}, sort_keys=True) for f in facts)

    assert key(first) == key(second)
    assert not any("ISIS" in json.dumps(f) for f in second)


def _tiny_book() -> Rulebook:
    book = Rulebook("tiny")
    book.derive(
        "tiny.conduct",
        produces="conduct",
        when=[c.sc << (m.kind == "scenario")],
        make=lambda b: {"category": "seen", "value": b.sc.actor},
        article="none",
        reason="the scenario's actor is {sc.actor}",
    )
    return book


def _scenario_fact(actor: str) -> dict:
    return _fact("scenario", "scenario", date="2020-01-01", day=737425, territory=actor, actor=actor,
                 actor_type="state", conflict="none")


def test_more_queries_than_the_sid_cap():
    """durable_rules allows 1024 live sids per ruleset; the wrapper deletes each sid."""
    engine = RuleEngine(_tiny_book().provisions)
    for index in range(1200):
        actor = f"S{index % 7}"
        facts = engine.run([_scenario_fact(actor)])
        derived = [f for f in facts if f["kind"] == "conduct"]
        assert [f["value"] for f in derived] == [actor], index
        assert len([f for f in facts if f["kind"] == "scenario"]) == 1


def test_real_engine_keeps_answering_after_many_queries(engine, knowledge):
    """The shared engine has served every other test by now; it still answers the same."""
    reference = whatapplies.ask(NK_INCENDIARY).model_dump_json()
    normalised = normalise(Scenario.model_validate(PHILIPPINES_2018), knowledge)
    facts = base_facts(normalised, knowledge)
    for _ in range(60):
        engine.run(facts)
    assert whatapplies.ask(NK_INCENDIARY).model_dump_json() == reference


# ------------------------------------------------------------------ (d) errors surface


def test_error_in_a_stage0_action_raises_rule_error():
    book = Rulebook("broken")
    book.derive(
        "broken.boom",
        produces="conduct",
        when=[c.sc << (m.kind == "scenario")],
        make=lambda b: {"value": str(1 / 0)},
        article="none",
        reason="never",
    )
    engine = RuleEngine(book.provisions)
    with pytest.raises(RuleError, match="a rule failed"):
        engine.run([_scenario_fact("AAA")])
    # the failed sid was deleted: the engine still works for a query no rule fails on
    assert engine.run([_fact("party", "party:actor/AAA", role="actor", state="AAA", type="state")])


def test_error_in_a_later_stage_action_raises_rule_error():
    book = _tiny_book()
    book.derive(
        "broken.late",
        produces="route",
        stage=2,
        when=[c.cd << (m.kind == "conduct")],
        make=lambda b: {"value": b.cd.no_such_field},
        article="none",
        reason="never",
    )
    engine = RuleEngine(book.provisions)
    with pytest.raises(RuleError):
        engine.run([_scenario_fact("AAA")])


def test_fact_of_an_unknown_kind_is_refused():
    engine = RuleEngine(_tiny_book().provisions)
    assert "no-such-kind" not in KINDS
    with pytest.raises(RuleError, match="unknown kind 'no-such-kind'"):
        engine.run([{"kind": "no-such-kind", "fid": "x"}])


def test_a_query_without_facts_is_refused_not_a_crash():
    """durable_rules 2.0.28 segfaults on `assert_facts(name, [])`; run in a child so a crash fails the test."""
    child = ("from whatapplies.rule_engine import RuleEngine, RuleError, collect_provisions\n"
             "try:\n    RuleEngine(collect_provisions()).run([])\n"
             "except RuleError as error:\n    print('refused:', error)\n")
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    assert done.stdout.strip() == "refused: a query needs at least one fact (the scenario)"


NOTHING_FIRES = textwrap.dedent("""
    from whatapplies.facts import base_facts, normalise
    from whatapplies.knowledge import default_knowledge
    from whatapplies.models import Scenario
    from whatapplies.rule_engine import RuleEngine, collect_provisions

    provisions = collect_provisions()  # allocates a lot: the next engine's memory is not fresh
    rome = [p for p in provisions if p.id.split(".")[0] in ("rome-statute", "membership", "alternatives", "verdict")]
    scenario = normalise(Scenario.model_validate({"date": "2020-10-31", "territory": "AZE", "actor": "AZE",
                                                  "opponents": ["ARM"]}), default_knowledge())
    only = [fact for fact in base_facts(scenario, default_knowledge()) if fact["kind"] == "scenario"]
    for _ in range(3):
        print(len(RuleEngine(rome).run(only)))
""")


def test_a_query_in_which_no_rule_fires_is_not_a_crash():
    """The Rome Statute's rules on a scenario without any standing: no rule of theirs fires. durable_rules
    then freed uninitialised pointers when the sid was deleted (exit 134 on this machine)."""
    done = subprocess.run([sys.executable, "-c", NOTHING_FIRES], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    assert done.stdout.split() == ["5"] * 3  # the scenario and the four stage facts: nothing derived


# ------------------------------------------------------------------ (e) check_stages


def test_check_stages_refuses_none_at_stage_0():
    book = _tiny_book()
    book.derive(
        "bad.stage0-none",
        produces="route",
        when=[c.sc << (m.kind == "scenario"), none((m.kind == "conduct") & (m.value == c.sc.actor))],
        make=lambda b: {"value": "x"},
        article="none",
        reason="never",
    )
    with pytest.raises(ValueError, match="stage-0"):
        check_stages(book.provisions)


@pytest.mark.parametrize("producer_stage", [1, 2])
def test_check_stages_refuses_negating_a_kind_produced_at_the_same_or_later_stage(producer_stage):
    book = Rulebook("stages")
    book.derive(
        "stages.producer",
        produces="route",
        stage=producer_stage,
        when=[c.sc << (m.kind == "scenario")],
        make=lambda b: {"value": "x"},
        article="none",
        reason="made",
    )
    book.derive(
        "stages.negator",
        produces="conduct",
        stage=1,
        when=[c.sc << (m.kind == "scenario"), none(m.kind == "route")],
        make=lambda b: {"value": "y"},
        article="none",
        reason="no route",
    )
    with pytest.raises(ValueError, match="stages.negator .*negates 'route'"):
        check_stages(book.provisions)


def test_check_stages_accepts_negating_an_earlier_stage():
    book = Rulebook("stages")
    book.derive("stages.producer", produces="route", stage=1, when=[c.sc << (m.kind == "scenario")],
                make=lambda b: {"value": "x"}, article="none", reason="made")
    book.derive("stages.negator", produces="conduct", stage=2,
                when=[c.sc << (m.kind == "scenario"), none(m.kind == "route")],
                make=lambda b: {"value": "y"}, article="none", reason="no route")
    check_stages(book.provisions)
    facts = RuleEngine(book.provisions).run([_scenario_fact("AAA")])
    kinds = sorted(f["kind"] for f in facts)
    assert "route" in kinds and "conduct" not in kinds  # the closed world held


def test_real_ruleset_passes_check_stages(engine):
    check_stages(list(engine.provisions.values()))


# ------------------------------------------------------------------ (f) fresh process


def test_fresh_process_gives_the_same_json():
    code = (
        "import whatapplies, json, sys; "
        f"sys.stdout.write(whatapplies.ask(json.loads({json.dumps(json.dumps(NK_INCENDIARY))})).model_dump_json())"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                            check=True)
    assert result.stdout == whatapplies.ask(NK_INCENDIARY).model_dump_json()


# ------------------------------------------------------------------ (g) threads


def _forty_scenarios() -> list[dict]:
    states = ["AZE", "ARM", "SYR", "IRQ", "UKR", "RUS", "PHL", "IRN"]
    weapons = [("white-phosphorus", "incendiary"), ("white-phosphorus", "smokescreen"), ("sarin", None),
               ("cluster-munition", None), ("anti-personnel-mine", None)]
    dates = ["1999-06-01", "2013-10-14", "2017-04-04", "2020-10-31", "2024-03-01"]
    rng = random.Random(40)
    scenarios = list(SCENARIOS.values())
    while len(scenarios) < 40:
        actor, territory = rng.choice(states), rng.choice(states)
        opponent = rng.choice([s for s in states if s != actor] + ["group:rebels"])
        weapon, use = rng.choice(weapons)
        scenario = {"date": rng.choice(dates), "territory": territory, "actor": actor, "opponents": [opponent],
                    "weapon": weapon}
        if use:
            scenario["use"] = use
        scenarios.append(scenario)
    return scenarios


def _ask_running_the_rules(scenario: dict) -> str:
    """whatapplies.ask with any answer cache bypassed, so threads really share the rule engine."""
    import inspect

    if "cache" in inspect.signature(whatapplies.ask).parameters:
        return whatapplies.ask(scenario, cache=False).model_dump_json()
    return whatapplies.ask(scenario).model_dump_json()


def test_threads_get_the_sequential_answers():
    scenarios = _forty_scenarios()
    sequential = [_ask_running_the_rules(s) for s in scenarios]
    assert len(set(sequential)) > 20
    jobs = scenarios * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(_ask_running_the_rules, jobs))
    assert threaded == sequential * 2


def test_engines_built_in_several_threads_at_once_keep_their_own_rules():
    """durable.lang defines rulesets through module-global state; RuleEngine serialises the building."""
    import threading

    from whatapplies.answer import Assembler
    from whatapplies.facts import base_facts, normalise
    from whatapplies.knowledge import default_knowledge
    from whatapplies.models import Scenario
    from whatapplies.rule_engine import RuleEngine, collect_provisions

    knowledge = default_knowledge()
    normalised = normalise(Scenario(**NK_INCENDIARY), knowledge)
    facts = base_facts(normalised, knowledge)
    built: list = []

    def build() -> None:
        built.append(RuleEngine(collect_provisions()))

    threads = [threading.Thread(target=build) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answers = {Assembler(engine, knowledge).answer(normalised, engine.run(facts)).model_dump_json() for engine in built}
    assert len(built) == 4 and len(answers) == 1
