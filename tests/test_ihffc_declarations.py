"""AP I art. 90: a missing declaration is "none" only where a complete list of them was read for the date.

Georgia (bound by AP I since 1994) against Belarus (declaration of 1989-10-23), on seeds
copies where Georgia's art. 90 declarations were read whole up to 2014-01-10, or not at all.
"""

import pytest
import yaml
from whatapplies import ask
from whatapplies.knowledge import DataError, load

from .conftest import copy_seeds

REGISTER = {"as_of": "2014-01-10", "verified": True, "sources": ["https://ihffc.org/recognition/states-parties.html"],
            "note": "Not on the list."}


def seeds_with(tmp_path, registers: dict[str, dict | None]):
    """A copy of the seeds where each named state's art. 90 list is `registers[state]` (None: no list read)."""
    target = copy_seeds(tmp_path)
    for state, register in registers.items():
        path = target / "states" / f"{state}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.pop("declarations_complete", None)
        if register is not None:
            data["declarations_complete"] = {"api-90": register}
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def ihffc(knowledge, date, actor="GEO", opponent="BLR"):
    return ask({"date": date, "territory": actor, "actor": actor, "opponents": [opponent]},
               knowledge=knowledge, cache=False).body("ihffc")


@pytest.fixture(scope="module")
def read_to_2014(tmp_path_factory):
    return load(seeds_with(tmp_path_factory.mktemp("read"), {"GEO": REGISTER, "BLR": None}))


@pytest.fixture(scope="module")
def never_read(tmp_path_factory):
    return load(seeds_with(tmp_path_factory.mktemp("unread"), {"GEO": None, "BLR": None}))


def test_a_list_read_for_the_day_shows_the_side_has_no_declaration(read_to_2014):
    finding = ihffc(read_to_2014, "2013-06-01")
    assert finding.verdict == "conditional" and finding.rules == ["ihffc.no-art-90-declaration"]
    assert finding.conditions[0].states == ["GEO"]
    register = next(fact for fact in finding.facts if fact.id == "register:GEO/api-90")
    assert register.source.url == REGISTER["sources"][0] and register.source.verified
    assert register.statement.startswith("Georgia: its AP I art. 90 declarations up to 2014-01-10, read from a complete "
                                         "list: none.")


def test_after_the_list_s_date_a_declaration_could_have_been_made(read_to_2014):
    assert ihffc(read_to_2014, "2014-01-10").verdict == "conditional"
    finding = ihffc(read_to_2014, "2014-01-11")
    assert finding.verdict == "unknown"
    assert finding.rules == ["ihffc.declarations-not-read"]


def test_no_list_read_is_unknown_not_no(never_read):
    finding = ihffc(never_read, "2013-06-01")
    assert finding.verdict == "unknown" and finding.rules == ["ihffc.declarations-not-read"]
    assert any("Georgia (acting state) is bound by AP I on 2013-06-01, but whether it has made" in r for r in finding.reasons)
    assert not any(fact.id.startswith("register:") for fact in finding.facts)


def test_a_side_outside_ap1_lacks_a_declaration_without_any_list(never_read):
    # Azerbaijan is not bound by AP I: only a High Contracting Party can declare.
    finding = ihffc(never_read, "2020-10-31", actor="AZE", opponent="ARM")
    assert finding.verdict == "conditional" and finding.conditions[0].states == ["AZE"]
    assert "membership:AZE/ap1" in [fact.id for fact in finding.facts]


def test_a_declaration_in_force_needs_no_list(read_to_2014):
    # Belarus (1989) and Hungary (1991) declared; Belarus has no list read: its declaration is what counts.
    finding = ihffc(read_to_2014, "2013-06-01", actor="BLR", opponent="HUN")
    assert finding.verdict == "competent" and finding.rules == ["ihffc.art-90-declaration"]
    assert "declaration:BLR/BLR-api-90-1989" in [fact.id for fact in finding.facts]


def test_a_list_of_an_unknown_type_is_refused(tmp_path):
    target = seeds_with(tmp_path, {"GEO": REGISTER})
    path = target / "states" / "GEO.yaml"
    text = path.read_text(encoding="utf-8")
    assert "declarations_complete:\n  api-90:" in text
    path.write_text(text.replace("declarations_complete:\n  api-90:", "declarations_complete:\n  api-91:"), encoding="utf-8")
    with pytest.raises(DataError, match=r"states/GEO.yaml: field declarations_complete.api-91"):
        load(target)


def test_a_declaration_lodged_before_ap1_binds_does_not_operate_yet():
    # The USSR's declaration was lodged with its ratification (1989-09-29); AP I bound it only from
    # 1990-03-29 (art. 95(2)). Belarus declared on 1989-10-23 (its AP I deposit is known to the year only).
    def on(date):
        return ask({"date": date, "territory": "RUS", "actor": "RUS", "opponents": ["BLR"]}).body("ihffc")

    early = on("1990-01-01")
    assert early.verdict == "conditional" and "RUS" in early.conditions[0].states
    assert on("1990-05-01").verdict == "competent"
