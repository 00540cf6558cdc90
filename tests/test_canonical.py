"""One rule run for situations that differ only in names (canonical.py): the rules' own answer, and only
for rules that cannot tell the names apart."""

from __future__ import annotations

import datetime as dt

import pytest
from whatapplies.canonical import TOKEN, Abstraction, NotAbstract
from whatapplies.facts import base_facts, normalise
from whatapplies.fragments import FindingRunner
from whatapplies.models import Scenario
from whatapplies.rule_engine import derived_fid
from whatapplies.rulebook import Provision, c, m

from .test_fragments import PROVISIONS, _full
from .test_situation_cache import KNOWLEDGE

DAY = dt.date(2020, 10, 31)


def _scenario(actor: str, opponent: str) -> object:
    return normalise(Scenario(date=DAY, territory=actor, actor=actor, opponents=[opponent], weapon="white-phosphorus",
                              use="incendiary"), KNOWLEDGE)


def test_the_rules_in_rules_allow_the_abstraction():
    """If a rule starts to look at names or order dates among themselves, the sharing stops: say so here."""
    abstraction = Abstraction.of_rules(PROVISIONS)
    assert abstraction is not None
    assert {"cwc", "party", "non-party", "international"} <= abstraction.constants
    assert not {"ARM", "AZE", "white-phosphorus"} & abstraction.constants, "names the rules never test"


def test_situations_that_differ_only_in_names_share_rule_runs_and_answer_as_the_rules_do():
    runner = FindingRunner(PROVISIONS, KNOWLEDGE)
    runner.answer_json(_scenario("NLD", "GBR"))
    ran = runner.ran
    # The names swapped: where the two states stand alike (CWC, CCW Protocol III ...), the rules ran
    # already; where they do not (Britain is a permanent member of the Security Council), they run.
    swapped = _scenario("GBR", "NLD")
    assert runner.answer_json(swapped)[0] == _full(swapped, "en")[0]
    assert runner.restored >= 4 and (runner.ran - ran) + runner.restored <= 16
    plain = FindingRunner(PROVISIONS, KNOWLEDGE, abstract=False)
    assert plain.answer_json(swapped)[0] == _full(swapped, "en")[0] and plain.restored == 0


def test_integers_keep_their_side_of_the_day_and_strings_their_equalities():
    facts = base_facts(_scenario("AZE", "ARM"), KNOWLEDGE)
    abstract = Abstraction.of_rules(PROVISIONS).abstract(facts, unread=["weapon"])
    day = facts[0]["day"]
    for real, made in zip(facts, abstract.facts):
        for name, value in real.items():
            if type(value) is int:
                assert (made[name] > 0, made[name] == 0) == (value > day, value == day), (real["fid"], name)
                assert abstract.ints[made[name]] == value
    assert abstract.facts[0]["weapon"] == TOKEN and abstract.facts[0]["use"] != "incendiary"
    states = {f["state"]: a["state"] for f, a in zip(facts, abstract.facts) if "state" in f}
    assert len(set(states.values())) == len(states), "one token per name"
    assert abstract.facts[0]["actor"] == states["AZE"]


def test_a_result_that_cannot_be_mapped_back_is_refused():
    facts = base_facts(_scenario("AZE", "ARM"), KNOWLEDGE)
    abstract = Abstraction.of_rules(PROVISIONS).abstract(facts, unread=["weapon"])
    copied_blank = {"kind": "conduct", "category": TOKEN, "value": "yes", "rule": "x.copy", "inputs": ["scenario"],
                    "args": {}, "fid": derived_fid("x.copy", ["scenario"])}
    with pytest.raises(NotAbstract):
        abstract.restore([*abstract.facts, copied_blank], derived_fid)
    unknown_day = {**copied_blank, "category": "chemical-weapon", "args": {"sc.day": 10**6}}
    with pytest.raises(NotAbstract):
        abstract.restore([*abstract.facts, unknown_day], derived_fid)


def _provision(when, make=lambda b: {"state": b.a.state, "role": "actor"}) -> Provision:
    return Provision("x.rule", "art.", "r", "obligor", tuple(when), make)


@pytest.mark.parametrize("bad", [
    pytest.param(_provision([c.a << (m.kind == "standing"), c.b << ((m.kind == "standing") & (m.start < c.a.end))]),
                 id="dates ordered among themselves"),
    pytest.param(_provision([c.a << ((m.kind == "standing") & (m.start == 730000))]), id="an integer constant"),
    pytest.param(_provision([c.a << (m.kind == "party")], lambda b: {"state": b.a.state, "role": b.a.role.upper()}),
                 id="a make that computes a value"),
    pytest.param(_provision([c.a << ((m.kind == "party") & m.state.matches("A.*"))]), id="a regular expression"),
])
def test_rules_that_could_tell_names_or_dates_apart_are_refused(bad):
    assert Abstraction.of_rules([bad]) is None
    assert Abstraction.of_rules([_provision([c.a << (m.kind == "party")])]) is not None
