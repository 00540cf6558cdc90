"""Every case file in cases/ gets the answers its `expect:` block states."""

import pytest

import whatapplies
from whatapplies.cases import load_case, mismatches

from .conftest import CASES

CASE_FILES = sorted(CASES.glob("*.yaml"))


def test_there_are_cases():
    assert len(CASE_FILES) >= 4


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path):
    case = load_case(path)
    answer = whatapplies.ask(case.scenario)
    assert mismatches(case, answer) == []
    assert case.expect.regimes or case.expect.bodies


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_every_answer_has_every_id_once(path):
    answer = whatapplies.ask(load_case(path).scenario)
    assert [f.id for f in answer.regimes] == list(whatapplies.REGIME_IDS)
    assert [f.id for f in answer.bodies] == list(whatapplies.BODY_IDS)
    for finding in answer.regimes + answer.bodies:
        assert finding.reasons, finding.id


def test_english_reasons_take_the_right_article():
    """"There is an non-international armed conflict" was shown for every non-international case: no reason
    may put "an" before a consonant (or "non-") or "a" before a, e, i, o, whatever the conflict type; nor
    open with a plural weapon name and "is" ("Cluster munitions is not a chemical weapon")."""
    import re

    from whatapplies.facts import BadScenario

    wrong = re.compile(r"\b(an (?:non-|[bcdfgjklmpqrstvwxz])|a [aeio])|^[\w ]*munitions (?:used [^,]*)?is\b", re.I)
    found = set()
    for path in CASE_FILES:
        scenario = load_case(path).scenario
        for conflict in ("international", "non-international", "none"):
            try:
                answer = whatapplies.ask(scenario.model_copy(update={"conflict": conflict}))
            except BadScenario:  # an international conflict between armed groups
                continue
            found |= {match.group(0) + " | " + reason for finding in answer.regimes + answer.bodies
                      for reason in finding.reasons for match in wrong.finditer(reason)}
    assert sorted(found) == []
