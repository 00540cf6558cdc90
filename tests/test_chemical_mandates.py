"""Riot control agents: what the CWC prohibits (art. I(5)) is not the same as what a chemical weapon is.

The OPCW watches over the whole Convention, art. I(5) included; the UN Secretary-General's
Mechanism is for chemical (and biological or toxin) weapons, so it follows the weapon's
classification as a chemical weapon, with that classification's source and doubt.
"""

import whatapplies

WAR = {"date": "2024-09-20", "territory": "UKR", "actor": "RUS", "opponents": ["UKR"],
       "weapon": "riot-control-agent", "use": "method-of-warfare"}


def test_riot_control_agents_in_war_are_for_the_opcw_not_as_chemical_weapons_for_the_mechanism():
    answer = whatapplies.ask(WAR, cache=False)
    assert answer.regime("cwc").verdict == "applies"
    assert answer.body("opcw").verdict == "competent" and not answer.body("opcw").unverified
    mechanism = answer.body("unsgm")
    assert mechanism.verdict == "not_competent" and mechanism.rules == ["unsgm.not-chemical-or-biological"]
    # the classification behind it is not verified, and says why
    [fact] = mechanism.facts
    assert fact.id == "classification:riot-control-agent/method-of-warfare/chemical-weapon"
    assert mechanism.unverified and not fact.source.verified and "Harvard Sussex" in fact.statement


def test_tear_gas_in_law_enforcement_is_no_chemical_weapon_verified():
    answer = whatapplies.ask({**WAR, "territory": "VEN", "actor": "VEN", "opponents": [], "conflict": "none",
                              "use": "law-enforcement", "date": "2017-04-26"}, cache=False)
    assert answer.regime("cwc").verdict == "does_not_apply"
    assert answer.body("unsgm").verdict == "not_competent" and not answer.body("unsgm").unverified


def test_a_chemical_weapon_is_for_both():
    answer = whatapplies.ask({**WAR, "weapon": "chlorine", "use": None}, cache=False)
    assert (answer.body("opcw").verdict, answer.body("unsgm").verdict) == ("competent", "competent")
