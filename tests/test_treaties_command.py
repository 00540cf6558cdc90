"""`whatapplies treaties` and `whatapplies diff` (issue: treaty law over time)."""

import json

from whatapplies.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rome(capsys, on):
    code, out, err = run(capsys, "treaties", "ARM", "--on", on, "--json")
    assert code == 0, err
    return next(r for r in json.loads(out)["instruments"] if r["instrument"] == "rome-statute")


def test_armenia_rome_statute_in_force_since_2024_02_01(capsys):
    row = rome(capsys, "2024-03-01")
    assert row["status"] == "bound" and row["since"] == "2024-02-01"


def test_armenia_not_a_rome_statute_party_in_the_2020_war(capsys):
    row = rome(capsys, "2020-10-31")
    assert row["status"] == "not-bound" and row["until"] == "2024-01-31"


def test_entry_into_force_day_before_and_day_of(capsys):
    assert rome(capsys, "2024-01-31")["status"] == "not-bound"
    assert rome(capsys, "2024-02-01")["status"] == "bound"


def test_declaration_in_force_is_listed(capsys):
    code, out, _ = run(capsys, "treaties", "Armenië", "--on", "2022-09-13", "--json")
    assert code == 0
    assert {"type": "rome-12-3", "since": "2021-05-10", "until": "2024-01-31"} in json.loads(out)["declarations"]


def test_state_without_data_is_unknown_not_non_party(capsys):
    code, out, _ = run(capsys, "treaties", "Iran", "--on", "2020-01-01", "--json")
    assert code == 0
    assert {r["status"] for r in json.loads(out)["instruments"]} == {"unknown"}


def test_issue_3_armenia_2022_rome_statute_applies_citing_art_12_3(capsys):
    code, out, err = run(capsys, "ask", "--date", "2022-09-13", "--territory", "ARM", "--actor", "AZE",
                         "--opponent", "ARM", "--json")
    assert code == 0, err
    rome_statute = next(f for f in json.loads(out)["regimes"] if f["id"] == "rome-statute")
    assert rome_statute["verdict"] == "applies"
    assert "Rome Statute art. 12(3)" in rome_statute["citations"]
    assert any("2021-05-10" in reason for reason in rome_statute["reasons"])


def test_diff_between_the_2020_war_and_september_2022(capsys):
    code, out, err = run(capsys, "diff", "--date", "2020-10-31", "--to", "2022-09-13", "--territory", "ARM",
                         "--actor", "AZE", "--opponent", "ARM", "--json")
    assert code == 0, err
    changes = {c["id"]: (c["from"], c["to"]) for c in json.loads(out)["changes"]}
    assert changes == {"rome-statute": ("does_not_apply", "applies"), "icc": ("conditional", "competent")}


def test_treaties_bad_state_and_date(capsys):
    code, _, err = run(capsys, "treaties", "Atlantis")
    assert code == 2 and err.startswith("error: unknown state")
    code, _, err = run(capsys, "treaties", "ARM", "--on", "2024-02-30")
    assert code == 2 and "not a real date" in err
