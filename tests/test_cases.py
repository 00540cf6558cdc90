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
