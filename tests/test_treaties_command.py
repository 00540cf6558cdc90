"""`whatapplies treaties` and `whatapplies diff` (issue: treaty law over time)."""

import datetime as dt
import io
import json

import pytest

from whatapplies.cli import main
from whatapplies.knowledge import default_knowledge

from .conftest import NO_DATA_NAME, NO_DATA_STATE


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
    assert {"type": "rome-12-3", "since": "2021-05-10", "until": "2024-01-31", "verified": True} in json.loads(out)["declarations"]


def test_an_unverified_declaration_is_marked(capsys):
    """Ukraine's art. 90 declaration rests on an unverified entry (UKR.yaml): the listing says so, as for treaties."""
    code, out, _ = run(capsys, "treaties", "UKR", "--on", "2025-06-01", "--json")
    assert code == 0
    listed = {d["type"]: d for d in json.loads(out)["declarations"]}
    assert (listed["api-90"]["verified"], listed["rome-12-3"]["verified"]) == (False, True)
    code, out, _ = run(capsys, "treaties", "UKR", "--on", "2025-06-01")
    assert "declaration in force: api-90 from 1990-01-25 (open-ended) (⚠ unverified)" in out
    assert "declaration in force: rome-12-3 from 2014-02-20 (open-ended)\n" in out


def test_state_without_data_is_unknown_not_non_party(capsys):
    code, out, _ = run(capsys, "treaties", NO_DATA_NAME, "--on", "2020-01-01", "--json")
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


def instruments(capsys, state, on):
    code, out, err = run(capsys, "treaties", state, "--on", on, "--json")
    assert code == 0, err
    return {row["instrument"]: row for row in json.loads(out)["instruments"]}


def test_each_standing_says_why_and_why_it_ends(capsys):
    """The account of the dates behind each status (treaty_time's segments), and of the stretch after `until`."""
    lithuania = instruments(capsys, "LTU", "2025-06-01")
    assert lithuania["ccm"]["status"] == "not-bound"
    assert lithuania["ccm"]["why"] == "withdrawal effective 2025-03-06 (recorded; CCM art. 20(3))"
    assert lithuania["ccm"]["then"] is None
    assert lithuania["cwc"]["why"] == "in force from 1998-05-15 (computed under CWC art. XXI(2))"
    hungary = instruments(capsys, "HUN", "2025-06-01")["rome-statute"]
    assert (hungary["status"], hungary["until"]) == ("bound", "2026-06-01")
    assert hungary["then"] == "withdrawal effective 2026-06-02 (recorded; Rome Statute art. 127(1))"
    armenia = instruments(capsys, "ARM", "2020-10-31")["rome-statute"]
    assert (armenia["why"], armenia["then"]) == ("before its entry into force for this state", "in force from 2024-02-01 (recorded)")
    assert armenia["rule"] == "membership.not-bound"


def test_missing_data_says_so(capsys):
    assert {row["why"] for row in instruments(capsys, NO_DATA_NAME, "2020-01-01").values()} == {"no membership data"}


def test_the_table_shows_why(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = run(capsys, "treaties", "HUN", "--on", "2025-06-01")
    assert code == 0
    assert "in force from 2002-07-01 (computed under Rome Statute art. 126(1))" in out  # deposited 2001: one of the first 60
    assert "then: withdrawal effective 2026-06-02 (recorded; Rome Statute art. 127(1))" in out



@pytest.mark.parametrize("width, table", [(80, False), (160, True)])
def test_a_table_on_wide_terminals_a_listing_on_narrow_ones(width, table):
    """At 80 columns the six-column table put one word per line and cut every source URL to 'https://da…'."""
    from rich.console import Console

    from whatapplies.cmd_treaties import print_treaties, treaty_status

    out = io.StringIO()
    print_treaties(treaty_status("UKR", dt.date(2025, 6, 1)), Console(file=out, width=width), "en")
    text = out.getvalue()
    assert ("┃" in text) is table
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width
    assert "declaration in force: rome-12-3 from 2014-02-20 (open-ended)" in text
    if not table:
        assert "Ottawa Convention  bound  since 2006-06-01  until 2026-08-02" in text
        assert "CCM  not bound  until 2026-07-31\n" in text  # read as of 2026-02-03: an accession then binds from 2026-08-01
        # every source whole, if folded over lines: the longest one shown is longer than a line
        joined = "".join(line.strip() for line in text.splitlines())
        entries = default_knowledge().states["UKR"].memberships.values()
        longest = max((entry.sources[0] for entry in entries if entry.sources), key=len)
        assert len(longest) > width and "source:" + longest in joined
        assert "then: withdrawal announced 2025-06-29" in text

def test_standing_segments_refuses_other_fact_ids():
    from whatapplies.facts import standing_segments
    from whatapplies.knowledge import default_knowledge

    knowledge = default_knowledge()
    segment, following = standing_segments(knowledge, "membership:ARM/rome-statute@2")
    assert (segment.standing, segment.start.isoformat(), following) == ("party", "2024-02-01", None)
    for fid in ("membership:ARM/rome-statute", "membership:ARM/rome-statute@9", "membership:ARM/rome-statute@3", "membership:ARM/no-such-treaty@0",
                "membership:ARM/rome-statute@01", "declaration:ARM/rome-12-3@0", "scenario"):
        assert standing_segments(knowledge, fid) is None, fid


# -- in Dutch (--lang nl): the accounts, labels, reasons and statements (research notes stay as recorded)

def test_treaties_in_dutch(capsys, monkeypatch):
    code, out, err = run(capsys, "treaties", "LTU", "--on", "2025-06-01", "--json", "--lang", "nl")
    assert code == 0, err
    lithuania = {row["instrument"]: row for row in json.loads(out)["instruments"]}
    assert lithuania["ccm"]["why"] == "opzegging van kracht op 2025-03-06 (geregistreerd; CCM art. 20(3))"
    assert lithuania["ccm"]["name"] == "Verdrag inzake clustermunitie"
    assert lithuania["ccm"]["status"] == "not-bound"  # an id, not a word
    assert lithuania["ccm"]["statement"].startswith(
        "Litouwen: partij bij het Verdrag inzake clustermunitie; akte van bekrachtiging nedergelegd op 2011-03-24")
    assert lithuania["apmbc"]["then"] == "opzegging van kracht op 2025-12-27 (geregistreerd; APMBC art. 20(3))"
    # Without the recorded date, the notice and the clause's armed-conflict condition say it
    from whatapplies.knowledge import default_knowledge
    from whatapplies.treaty_time import timeline

    membership = default_knowledge().states["LTU"].memberships["apmbc"]
    unrecorded = membership.model_copy(update={"withdrawal": membership.withdrawal.model_copy(update={"effective": None})})
    ended = timeline(default_knowledge().treaties["apmbc"], unrecorded).segments[-1]
    assert ended.account.say("nl") == ("opzegging ter kennis gebracht op 2025-06-27, opzegtermijn eindigt op 2025-12-27 "
                                       "(APMBC art. 20(3)); de staat was toen niet bij een gewapend conflict betrokken")
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = run(capsys, "treaties", "Hongarije", "--on", "2025-06-01", "--lang", "nl")
    assert code == 0
    assert "Hongarije op 2025-06-01" in out and "gebonden" in out and "waarom" in out
    assert "daarna: opzegging van kracht op 2026-06-02 (geregistreerd;" in out


def test_diff_in_dutch(capsys):
    code, out, err = run(capsys, "diff", "--date", "2020-10-31", "--to", "2022-09-13", "--territory", "ARM",
                         "--actor", "AZE", "--opponent", "ARM", "--lang", "nl")
    assert code == 0, err
    assert "rome-statute: does_not_apply -> applies" in out
    assert "Armenië (territoriale staat)" in out
    code, out, _ = run(capsys, "diff", "--date", "2020-10-31", "--to", "2020-11-01", "--territory", "ARM",
                       "--actor", "AZE", "--opponent", "ARM", "--lang", "nl")
    assert out.strip() == "Geen andere uitkomsten tussen 2020-10-31 en 2020-11-01."


def test_an_unsupported_language_is_one_line_and_exit_2(capsys):
    for command in (["treaties", "ARM"], ["diff", "--date", "2020-10-31", "--to", "2022-09-13", "--territory", "ARM",
                                          "--actor", "AZE"]):
        code, out, err = run(capsys, *command, "--lang", "fr")
        assert (code, out, err) == (2, "", "error: --lang: 'fr' is not supported (en, nl)\n")


def test_every_account_in_the_seeds_is_worded_in_both_languages():
    """Each segment's account renders in English and Dutch, differently (a missing Dutch message would raise),
    and every message has a Dutch twin with the same placeholders."""
    import string

    from whatapplies.accounts import MESSAGES
    from whatapplies.knowledge import default_knowledge

    knowledge = default_knowledge()
    keys = set()
    for state in [*knowledge.states, NO_DATA_STATE]:
        for treaty_id in knowledge.treaties:
            for segment in knowledge.timeline(state, treaty_id).segments:
                english, dutch = segment.account.say("en"), segment.account.say("nl")
                assert english == segment.why and dutch and dutch != english and "{" not in dutch
                keys.add(segment.account.key)
    assert {"in-force-recorded", "dated-then-unknown", "withdrawal-announced", "no-data"} <= keys

    def fields(template):
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    assert set(MESSAGES["en"]) == set(MESSAGES["nl"])
    assert all(fields(MESSAGES["en"][key]) == fields(MESSAGES["nl"][key]) for key in MESSAGES["en"])


def test_diff_shows_the_same_verdict_on_another_basis(capsys):
    """Ukraine's own membership (2025) joins its art. 12(3) declaration as the ICC's basis: the verdict
    stays `applies`, and diff said nothing changed."""
    code, out, err = run(capsys, "diff", "cases/ukraine-2022-azovstal-incendiary.yaml", "--to", "2025-06-01", "--json")
    assert code == 0, err
    change, ihffc = json.loads(out)["changes"]
    # Russia's art. 90 declarations were read whole only up to April 2023 (RUS.yaml): since then, unknown.
    assert (ihffc["id"], ihffc["from"], ihffc["to"]) == ("ihffc", "conditional", "unknown")
    assert (change["id"], change["from"], change["to"]) == ("rome-statute", "applies", "applies")
    assert change["rules_from"] == ["rome-statute.art-12-3-declaration"]
    assert change["rules_to"] == ["rome-statute.art-12-3-declaration", "rome-statute.territory-state-bound"]
    code, out, _ = run(capsys, "diff", "cases/ukraine-2022-azovstal-incendiary.yaml", "--to", "2025-06-01", "--lang", "nl")
    assert out.splitlines()[0] == ("rome-statute: applies, op een andere grond: rome-statute.art-12-3-declaration -> "
                                   "rome-statute.art-12-3-declaration, rome-statute.territory-state-bound")


def test_a_complete_list_of_declarations_is_shown_with_its_date(capsys):
    """Kyrgyzstan's art. 90 declarations were read whole up to 2014-01-10 (KGZ.yaml): a reader sees how far
    "no declaration" is known, and from which source."""
    code, out, err = run(capsys, "treaties", "KGZ", "--on", "2010-01-01", "--json")
    assert code == 0, err
    [listed] = json.loads(out)["declarations_read"]
    assert listed == {"type": "api-90", "until": "2014-01-10", "source": "https://ihffc.org/recognition/states-parties.html",
                      "verified": True}
    code, out, _ = run(capsys, "treaties", "Kirgizië", "--on", "2010-01-01", "--lang", "nl")
    assert "verklaringen api-90 gelezen in een volledige lijst tot en met 2014-01-10" in " ".join(out.split())
