"""`whatapplies states`: which states have treaty data, so that a user knows where `unknown` will come from."""

import json

from whatapplies.cli import main

from .conftest import NO_DATA_STATE, SEEDS


def test_every_state_file_is_listed_with_what_is_known(capsys):
    assert main(["states", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["state"] for row in rows] == sorted(path.stem for path in (SEEDS / "states").glob("*.yaml"))
    lebanon = next(row for row in rows if row["state"] == "LBN")
    # all ten have a status on record, three unverified (GC, AP I, AP II)
    assert lebanon == {"state": "LBN", "name": "Lebanon", "known": 10, "total": 10, "verified": 7, "declarations": 0,
                       "declarations_read": {"api-90": "2014-01-10"}}  # the IHFFC's list, read to "Mont..."
    north_korea = next(row for row in rows if row["state"] == "PRK")
    assert (north_korea["known"], north_korea["total"]) == (9, 10)  # one treaty with no status on record


def test_the_state_the_tests_use_for_no_data_has_no_file():
    """The tests of "no data" ask about NO_DATA_STATE: with a file of its own they would test nothing."""
    assert not (SEEDS / "states" / f"{NO_DATA_STATE}.yaml").exists()


def test_every_un_member_has_a_state_file():
    """Since session 14 every state in the UN's membership list (seeds/organisations.yaml) has treaty data: an
    answer is unknown for lack of a file only for other entities (the Holy See, Kosovo, Taiwan, armed groups)."""
    from whatapplies.knowledge import default_knowledge

    members = set(default_knowledge().organisations["un"].members)
    held = {path.stem for path in (SEEDS / "states").glob("*.yaml")}
    assert len(members) == 193 and members <= held, sorted(members - held)


def test_as_text_and_in_dutch(capsys):
    assert main(["states"]) == 0
    out = capsys.readouterr().out.splitlines()
    armenia = next(line for line in out if line.startswith("ARM "))
    assert armenia.split() == ("ARM Armenia status known for 10 of 10 treaties, 10 verified; 1 declaration(s); "
                               "api-90 declarations read whole to 2014-01-10").split()
    assert out[-1] == "Any other state: every treaty answers unknown (no data on its participation)."
    assert main(["states", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "LBN  Libanon" in out and "status bekend voor 10 van 10 verdragen, 7 geverifieerd" in out


def test_the_readme_counts_the_states_the_seeds_hold():
    """The README says how many states have treaty data in two places; they drifted once as states were added."""
    import re

    readme = (SEEDS.parent / "README.md").read_text(encoding="utf-8")
    held = len(list((SEEDS / "states").glob("*.yaml")))
    said = re.findall(r"the (\d+) states with treaty data|memberships of (\d+) states", readme)
    assert len(said) == 2 and {int(a or b) for a, b in said} == {held}, (said, held)
