"""An organisation's complete list of members says who is not a member only up to its date."""

import re

import pytest
from whatapplies import ask
from whatapplies.knowledge import load

from .conftest import copy_seeds


@pytest.fixture(scope="module")
def osce_list_of_2020(tmp_path_factory):
    """The seeds with the OSCE's complete list dated 2020-06-30."""
    target = copy_seeds(tmp_path_factory.mktemp("orgs"))
    path = target / "organisations.yaml"
    text = re.sub(r"\n      as_of: [0-9-]+\n", "\n", path.read_text(encoding="utf-8"))
    marker = "    complete_list:                # a state not on it is not a participating State\n"
    assert marker in text
    path.write_text(text.replace(marker, marker + "      as_of: 2020-06-30\n"), encoding="utf-8")
    return load(target)


def osce(knowledge, date, territory="ISR"):
    return ask({"date": date, "territory": territory, "actor": territory, "opponents": ["PSE"]},
               knowledge=knowledge, cache=False).body("osce")


def test_a_state_off_the_list_is_outside_the_osce_until_the_list_s_date(osce_list_of_2020):
    finding = osce(osce_list_of_2020, "2020-06-30")
    assert finding.verdict == "not_competent"
    [fact] = finding.facts
    assert fact.statement == ("Israel is not listed among the members of the Organization for Security and "
                              "Co-operation in Europe (its complete list as of 2020-06-30)")
    assert fact.source.verified


def test_after_the_list_s_date_it_may_have_joined(osce_list_of_2020):
    finding = osce(osce_list_of_2020, "2020-07-01")
    assert finding.verdict == "unknown"
    assert finding.reasons == ["Whether Israel is an OSCE participating state is not known."]


def test_a_member_stays_a_member_after_the_list_s_date(osce_list_of_2020):
    # Ukraine, a participating State since 1992-01-30: the list's date does not end a membership
    assert osce(osce_list_of_2020, "2022-03-01", territory="UKR").verdict == "conditional"
