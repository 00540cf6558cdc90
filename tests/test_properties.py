"""Properties of every answer, over generated scenarios (hypothesis).

The contract (DESIGN.md §3, models.py): every regime and body id exactly once with a
verdict word from the contract; every finding has a reason and a rule that exists; and
missing data is never read as "not a party" ("unknown is not no").
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import whatapplies
from whatapplies.api import default_engine
from whatapplies.facts import BadScenario
from whatapplies.knowledge import default_knowledge
from whatapplies.models import BODY_IDS, REGIME_IDS

from .conftest import NO_DATA_NAME, NO_DATA_STATE, SEEDS

KNOWLEDGE = default_knowledge()
ENGINE = default_engine()
UNKNOWN_STATE = NO_DATA_STATE
STATES = sorted(KNOWLEDGE.states) + [UNKNOWN_STATE]
GROUPS = ["group:ISIS", "group:opposition", "group:rebels"]
WEAPONS = KNOWLEDGE.weapons.weapons
REGIME_VERDICTS = {"applies", "does_not_apply", "conditional", "unknown"}
BODY_VERDICTS = {"competent", "conditional", "not_competent", "unknown"}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


def test_the_unknown_state_really_has_no_data():
    assert not (SEEDS / "states" / f"{UNKNOWN_STATE}.yaml").exists()
    assert UNKNOWN_STATE not in KNOWLEDGE.states


# Mostly the years the data speaks of, sometimes the first or last day a date can name (9999-12-31 once
# fell outside every open-ended period; tests/test_extreme_dates.py).
dates = st.one_of(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 12, 31)),
                  st.sampled_from([dt.date.min, dt.date.max]))


@st.composite
def weapon_and_use(draw):
    weapon = draw(st.sampled_from([None, *sorted(WEAPONS)]))
    if weapon is None:
        return None, None
    uses = WEAPONS[weapon].uses
    use = draw(st.sampled_from([None, *uses])) if uses else None
    return weapon, use


@st.composite
def scenarios(draw, actor=None, weapon=None, min_date=None):
    scenario = {"date": draw(st.dates(min_value=min_date, max_value=dt.date(2026, 12, 31)) if min_date else dates)}
    scenario["territory"] = draw(st.sampled_from(STATES))
    if actor is None:
        actor = draw(st.one_of(st.sampled_from(STATES), st.sampled_from(GROUPS)))
    scenario["actor"] = actor
    if actor.startswith("group:"):
        if draw(st.booleans()):
            scenario["nationality"] = draw(st.sampled_from(STATES))
    elif draw(st.integers(0, 4)) == 0:
        scenario["nationality"] = draw(st.sampled_from(STATES))
    others = [p for p in STATES + GROUPS if p != actor]
    scenario["opponents"] = draw(st.lists(st.sampled_from(others), max_size=2, unique=True))
    conflict = draw(st.sampled_from([None, "international", "non-international", "none"]))
    if conflict is not None:
        scenario["conflict"] = conflict
    if weapon is None:
        chosen, use = draw(weapon_and_use())
    else:
        chosen = weapon
        uses = WEAPONS[weapon].uses
        use = draw(st.sampled_from([None, *uses])) if uses else None
    if chosen:
        scenario["weapon"] = chosen
    if use:
        scenario["use"] = use
    return scenario


def ask_or_skip(scenario):
    try:
        return whatapplies.ask(scenario)
    except BadScenario:
        assume(False)


@SETTINGS
@given(scenario=scenarios())
def test_every_id_exactly_once_with_a_contract_verdict(scenario):
    answer = ask_or_skip(scenario)
    assert [f.id for f in answer.regimes] == list(REGIME_IDS)
    assert [f.id for f in answer.bodies] == list(BODY_IDS)
    for finding in answer.regimes:
        assert finding.verdict in REGIME_VERDICTS, (finding.id, finding.verdict)
    for finding in answer.bodies:
        assert finding.verdict in BODY_VERDICTS, (finding.id, finding.verdict)


@SETTINGS
@given(scenario=scenarios())
def test_every_finding_has_a_reason_and_an_existing_rule(scenario):
    answer = ask_or_skip(scenario)
    for finding in [*answer.regimes, *answer.bodies]:
        assert finding.reasons, finding.id
        assert all(isinstance(r, str) and r.strip() for r in finding.reasons), finding.id
        assert finding.rule in ENGINE.provisions, (finding.id, finding.rule)
        assert finding.rules and finding.rules[0] == finding.rule
        assert set(finding.rules) <= set(ENGINE.provisions), finding.id
        if finding.verdict == "conditional":
            assert finding.conditions or finding.reasons, finding.id


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(scenario=scenarios(actor=UNKNOWN_STATE, weapon="cluster-munition",
                          min_date=KNOWLEDGE.treaties["ccm"].in_force))
def test_unknown_is_not_no_ccm(scenario):
    """No data on the acting state's CCM membership: the CCM verdict is unknown, never no."""
    answer = ask_or_skip(scenario)
    assert answer.regime("ccm").verdict == "unknown", answer.regime("ccm").reasons


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(scenario=scenarios(actor=UNKNOWN_STATE, weapon="sarin", min_date=KNOWLEDGE.treaties["cwc"].in_force))
def test_unknown_is_not_no_cwc(scenario):
    answer = ask_or_skip(scenario)
    assert answer.regime("cwc").verdict == "unknown", answer.regime("cwc").reasons


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(scenario=scenarios(actor=UNKNOWN_STATE, min_date=dt.date(2010, 8, 1)))
def test_unknown_state_is_never_read_as_a_non_party(scenario):
    """Whatever the weapon, once every treaty is in force (CCM: 2010-08-01), no finding may say
    the unknown state is not bound by something."""
    answer = ask_or_skip(scenario)
    for finding in [*answer.regimes, *answer.bodies]:
        for reason in finding.reasons:
            assert not (NO_DATA_NAME in reason and "is not bound by" in reason), (finding.id, reason)


@pytest.mark.parametrize(
    "regime,weapon,date",
    [("ccm", "cluster-munition", "2009-01-01"), ("cwc", "sarin", "1995-03-20")],
)
def test_no_state_is_bound_before_the_treaty_is_in_force(regime, weapon, date):
    answer = whatapplies.ask({"date": date, "territory": UNKNOWN_STATE, "actor": UNKNOWN_STATE,
                              "opponents": ["IRQ"], "weapon": weapon})
    assert answer.regime(regime).verdict == "does_not_apply"


def test_a_known_party_before_the_treaty_is_in_force_is_not_bound():
    """The control for the test above: with data, the pre-in-force date gives does_not_apply."""
    answer = whatapplies.ask({"date": "2009-01-01", "territory": "IRQ", "actor": "IRQ", "opponents": ["SYR"],
                              "weapon": "cluster-munition"})
    assert answer.regime("ccm").verdict == "does_not_apply"


@pytest.mark.parametrize(
    "scenario",
    [
        {"date": "2000-01-01", "territory": "AFG", "actor": "group:ISIS", "conflict": "international"},
        {"date": "2016-10-20", "territory": "IRQ", "actor": "group:ISIS", "nationality": "IRQ",
         "opponents": ["group:rebels"], "conflict": "international"},
    ],
    ids=["no-opponent", "group-opponent"],
)
def test_international_conflict_without_a_state_side_gets_an_ihffc_verdict(scenario):
    try:
        answer = whatapplies.ask(scenario)
    except BadScenario:
        return  # refusing the scenario with a message would also honour the contract
    assert answer.body("ihffc").verdict in BODY_VERDICTS
