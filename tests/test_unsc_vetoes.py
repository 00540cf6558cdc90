"""Security Council: permanent members that vetoed drafts on the same situation are named."""

import pytest

import whatapplies
from whatapplies.knowledge import default_knowledge


def _unsc(date, territory="SYR", actor="SYR", opponents=("group:Jaysh al-Islam",)):
    answer = whatapplies.ask({"date": date, "territory": territory, "actor": actor, "opponents": list(opponents)})
    return answer.body("unsc")


def _likely_vetoes(finding):
    return [c.states for c in finding.conditions if c.route.startswith("A veto is likely")]


def test_douma_names_russia_and_china_from_earlier_vetoes():
    finding = _unsc("2018-04-07")
    assert finding.verdict == "conditional"
    assert _likely_vetoes(finding) == [["CHN", "RUS"]]
    assert any("S/2014/348" in fact.statement for fact in finding.facts)


@pytest.mark.parametrize("date, expected", [("2011-10-03", []), ("2011-10-04", [["CHN", "RUS"]])])
def test_a_veto_counts_from_its_own_day(date, expected):
    assert _likely_vetoes(_unsc(date)) == expected


def test_vetoes_on_another_situation_are_not_named():
    finding = _unsc("2023-06-01", territory="ARM", actor="AZE", opponents=("ARM",))
    assert _likely_vetoes(finding) == []


def test_every_veto_is_cast_by_a_permanent_member():
    knowledge = default_knowledge()
    permanent = set(knowledge.organisations["unsc-permanent"].members)
    for draft in knowledge.vetoed_drafts:
        assert set(draft.vetoed_by) <= permanent, draft.id
        assert draft.sources, draft.id
