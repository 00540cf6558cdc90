"""The command line: real answers, check, and bad input as one line with exit code 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from whatapplies.cli import main

from .conftest import CASES, ROOT

INCENDIARY = str(CASES / "nagorno-karabakh-2020-wp-incendiary.yaml")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_casefile_json(capsys):
    code, out, err = run(capsys, "ask", INCENDIARY, "--json")
    assert code == 0, err
    answer = json.loads(out)
    verdicts = {f["id"]: f["verdict"] for f in answer["regimes"] + answer["bodies"]}
    assert verdicts["ccw-p3"] == "does_not_apply" and verdicts["opcw"] == "not_competent"
    assert answer["scenario"]["actor"] == "AZE"


def test_ask_with_flags_and_names(capsys):
    code, out, err = run(capsys, "ask", "--date", "2020-10-31", "--territory", "Azerbeidzjan", "--actor", "azerbaijan",
                         "--opponent", "Armenië", "--weapon", "WP", "--use", "brandwapen", "--json")
    assert code == 0, err
    assert json.loads(out)["scenario"]["opponents"] == ["ARM"]


def test_ask_table(capsys):
    code, out, _ = run(capsys, "ask", INCENDIARY)
    assert code == 0 and "ccw-p3" in out and "not_competent" in out


def test_check_all_cases(capsys):
    code, out, _ = run(capsys, "check", str(CASES))
    assert code == 0
    assert out.strip().endswith("0 failed")


def test_check_mismatch_exits_1(tmp_path, capsys):
    case = tmp_path / "wrong.yaml"
    case.write_text(open(INCENDIARY, encoding="utf-8").read().replace("ccw-p3: does_not_apply", "ccw-p3: applies"))
    code, out, _ = run(capsys, "check", str(case))
    assert code == 1 and "ccw-p3: expected applies, got does_not_apply" in out


BAD = [
    (["ask", "--date", "2020-02-30", "--territory", "AZE", "--actor", "AZE", "--opponent", "ARM"], "not a real date"),
    (["ask", "--date", "2020-10-31", "--territory", "Narnia", "--actor", "AZE", "--opponent", "ARM"], "unknown territory"),
    (["ask", "--date", "2020-10-31", "--territory", "AZE", "--actor", "AZE", "--opponent", "Armenai"], "did you mean"),
    (["ask", "--date", "2020-10-31", "--territory", "AZE", "--actor", "AZE", "--opponent", "ARM", "--weapon", "laser"], "unknown weapon"),
    (["ask", "--date", "2020-10-31", "--territory", "AZE", "--actor", "AZE", "--opponent", "ARM", "--weapon", "sarin", "--use", "smokescreen"], "does not apply to weapon"),
    (["ask", "--date", "2020-10-31", "--territory", "AZE", "--actor", "AZE"], "no opponent given"),
    (["ask", "--territory", "AZE"], "missing"),
    (["ask", "--date", "2020-10-31", "--territory", "AZE", "--actor", "AZE", "--opponent", "ARM", "--conflict", "war"], "conflict"),
    (["ask", "--nonsense"], "No such option"),
    (["ask", "/nonexistent/case.yaml"], "cannot read"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[m for _, m in BAD])
def test_bad_input_is_one_line_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert message in err
    assert "Traceback" not in err + out


@pytest.mark.parametrize("content,message", [
    ("title: x\nscenario: [1, 2]\n", "scenario"),
    ("title: x\nscenario: {date: 2020-10-31, territory: AZE, actor: AZE, opponents: [ARM]}\nexpect: {regimes: {cwx: applies}}\n", "unknown regime id"),
    ("title: x\nscenario: {date: 2020-10-31, territory: AZE, actor: AZE, opponents: [ARM]}\nexpect: {regimes: {cwc: maybe}}\n", "expect.regimes.cwc"),
    ("title: [unclosed\n", "not valid YAML"),
    ("just a string\n", "expected a mapping"),
    ("title: x\nscenario: {date: 2020-13-01, territory: AZE, actor: AZE}\n", "scenario.date"),
])
def test_malformed_case_file(tmp_path, capsys, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "ask", str(path))
    assert code == 2 and message in err and err.count("\n") == 1, err


def test_non_utf8_case_file(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"title: \xff\xfe\n")
    code, _, err = run(capsys, "ask", str(path))
    assert code == 2 and "UTF-8" in err


def _script(*args, env=None):
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("module", ["whatapplies", "whatapplies.cli"])
def test_python_dash_m_runs_the_same_cli(module):
    done = _script("-m", module, "ask", INCENDIARY, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["scenario"]["actor"] == "AZE"


def test_the_script_keeps_exit_codes_and_one_line_errors_while_it_skips_the_teardown(tmp_path):
    """entry.py ends `ask` and `check` with os._exit once their output is flushed: the codes must survive it."""
    bad = _script("-m", "whatapplies", "ask", "--date", "2020-02-30", "--territory", "AZE", "--actor", "AZE")
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.strip().count("\n") == 0 and "not a real date" in bad.stderr
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(Path(INCENDIARY).read_text(encoding="utf-8").replace("ccw-p3: does_not_apply", "ccw-p3: applies"),
                     encoding="utf-8")
    mismatch = _script("-m", "whatapplies", "check", str(wrong))
    assert mismatch.returncode == 1 and "FAIL" in mismatch.stdout and mismatch.stdout.endswith("0 passed, 1 failed\n")
    long_listing = _script("-m", "whatapplies", "ask", INCENDIARY, env={"COLUMNS": "80"})
    headings = [line.split()[0] for line in long_listing.stdout.splitlines() if line[:1].isalpha()]
    assert long_listing.returncode == 0 and len(long_listing.stdout) > 8192  # more than one buffer...
    assert headings[-1] == "ihffc"  # ...and all of it arrived


def test_a_reader_that_stops_early_is_not_an_error():
    """`whatapplies ask ... | head -1`: the rest of the output has nowhere to go; no traceback."""
    done = subprocess.run(f"{sys.executable} -m whatapplies ask {INCENDIARY} --json | head -1", shell=True,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout == "{\n" and "Traceback" not in done.stderr


def test_import_whatapplies_loads_nothing_before_it_is_used():
    """The script turns the garbage collector off before the models and rules load (entry.py): importing the
    package must not load them, and its public names must still be there when asked for."""
    child = ("import sys, whatapplies\n"
             "before = sorted(m for m in sys.modules if m.startswith('whatapplies'))\n"
             "from whatapplies import Answer, ask\n"
             "print(before, Answer.__module__, ask.__module__, 'REGIME_IDS' in dir(whatapplies))\n")
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split() == ["['whatapplies']", "whatapplies.models", "whatapplies.api", "True"]
    with pytest.raises(ImportError):
        exec("from whatapplies import no_such_name")


def test_shell_completion_offers_commands():
    done = _script("-m", "whatapplies",
                   env={"_WHATAPPLIES_COMPLETE": "complete_bash", "COMP_WORDS": "whatapplies tr", "COMP_CWORD": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["treaties"]


@pytest.mark.parametrize("width, table", [(80, False), (160, True)])
def test_table_on_wide_terminals_listing_on_narrow_ones(width, table):
    import io

    from rich.console import Console

    import whatapplies
    from whatapplies.cases import load_case
    from whatapplies.output import print_table

    answer = whatapplies.ask(load_case(CASES / "nagorno-karabakh-2020-wp-incendiary.yaml").scenario)
    out = io.StringIO()
    print_table(answer, Console(file=out, width=width), "en")
    text = out.getvalue()
    assert ("┃ verdict" in text) is table
    assert "ccw-p3" in text and "Armenia (opposing state) is not bound" in " ".join(text.split())
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width


def test_readme_batch_example(tmp_path, capsys):
    """README: `whatapplies batch cases/batch/events.csv -o answers.jsonl` - 11 answers, row 9 is bad."""
    out = tmp_path / "answers.jsonl"
    code, _, err = run(capsys, "batch", str(CASES / "batch" / "events.csv"), "-o", str(out), "-j", "1")
    assert code == 0, err
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["row"] for line in lines] == list(range(1, 13))
    assert [line["row"] for line in lines if "error" in line] == [9]
    first = lines[0]["answer"]
    assert {f["id"]: f["verdict"] for f in first["regimes"]}["ccw-p3"] == "does_not_apply"


def test_batch_summary_counts_rows(tmp_path, capsys):
    code, _, err = run(capsys, "batch", str(CASES / "batch" / "events.csv"), "-o", str(tmp_path / "a.jsonl"), "-j", "1")
    assert code == 0 and err.strip().splitlines()[-1] == "11 answered, 1 bad row"


def test_markdown_routes_read_as_sentences_and_are_not_repeated(capsys):
    """Routes were joined with '; ' after their own full stops ('... 15).; Referral ...'), and a finding whose
    reasons are its routes showed them twice."""
    code, out, _ = run(capsys, "ask", str(CASES / "ukraine-2022-izium-pfm1-mines.yaml"), "--markdown")
    assert code == 0
    rows = {line.split(" | ")[0].lstrip("| "): line for line in out.splitlines() if line.startswith("| ")}
    assert ".;" not in out
    assert "15). Referral of the situation by any State Party" in rows["icc"]
    assert "routes:" not in rows["ihffc"] and rows["ihffc"].count("An inquiry with the ad hoc consent") == 1


def test_the_terminal_listing_does_not_repeat_routes_that_are_the_reasons(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")  # the listing, not the table
    code, out, _ = run(capsys, "ask", str(CASES / "ukraine-2022-izium-pfm1-mines.yaml"))
    assert code == 0
    assert out.count("An inquiry with the ad hoc consent of the parties concerned") == 1
    assert "→ The Prosecutor's own investigation" in out  # the ICC's routes still follow its reason


def test_ask_json_loads_only_what_one_answer_needs():
    """The cold start of `ask --json`: no table library, no other command, no machinery for sharing findings
    between questions (a one-question process has nothing to share)."""
    child = ("import sys\nfrom whatapplies.cli import main\n"
             f"code = main(['ask', {INCENDIARY!r}, '--json'])\n"
             "print(code, sorted(m for m in sys.modules if m.startswith(('rich', 'whatapplies.'))), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=False)
    code, loaded = done.stderr.strip().split(" ", 1)
    assert code == "0", done.stderr[-500:]
    for module in ("rich", "whatapplies.fragments", "whatapplies.slices", "whatapplies.canonical",
                   "whatapplies.batch", "whatapplies.cmd_batch", "whatapplies.output"):
        assert f"'{module}'" not in loaded, module
    assert "'whatapplies.rule_engine'" in loaded  # the check itself sees modules


def test_the_readme_python_examples_run_and_print_what_their_comments_say(capsys):
    """Each ```python block of the README runs as written; a `print` followed by a comment prints it."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert len(blocks) >= 2
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out.split()
    promised = [word.strip(",") for line in "".join(blocks).splitlines() if line.lstrip().startswith("print(")
                for word in line.split("#", 1)[1].split()]
    assert promised and printed[1::2] == promised
