"""`ask CASE --json` without typer (ask_command.quick_ask) answers exactly as the typer command does."""

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from whatapplies.ask_command import plain_form, quick_ask
from whatapplies.cli import main

from .conftest import CASES
from .test_fuzz import FUZZ, SECONDS_PER_RUN, case_bytes, deadline, positional, values

INCENDIARY = str(CASES / "nagorno-karabakh-2020-wp-incendiary.yaml")
SUMY = str(CASES / "ukraine-2025-sumy-cluster-missiles.yaml")


def both_routes(capsys, args):
    """(code, stdout, stderr) of quick_ask and of cli.main for `ask *args`."""
    quick = quick_ask(list(args))
    quick_out, quick_err = capsys.readouterr()
    code = main(["ask", *args])
    out, err = capsys.readouterr()
    return (quick, quick_out, quick_err), (code, out, err)


@pytest.mark.parametrize("args", [
    [INCENDIARY, "--json"],
    ["--json", SUMY],
    [INCENDIARY, "--json", "--lang", "nl"],
    ["--lang=nl", SUMY, "--json"],
])
def test_the_same_answer_by_either_route(capsys, args):
    quick, typer_route = both_routes(capsys, args)
    assert quick == typer_route
    assert quick[0] == 0 and quick[1].startswith("{") and quick[1].endswith("}\n")


def bad_files(tmp_path):
    impossible = tmp_path / "impossible.yaml"
    impossible.write_text("title: t\nscenario: {date: 2020-02-30, territory: AZE, actor: AZE}\n", encoding="utf-8")
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("title: t\nscenario: {date: 2020-02-03, territory: Atlantis, actor: AZE}\n", encoding="utf-8")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: Armeni\xeb\nscenario: {}\n".encode("latin-1"))
    return [impossible, unknown, latin1, tmp_path / "missing.yaml", tmp_path]


def test_the_same_one_line_error_by_either_route(capsys, tmp_path):
    for path in bad_files(tmp_path):
        for args in ([str(path), "--json"], [str(path), "--json", "--lang", "xx"]):
            quick, typer_route = both_routes(capsys, args)
            assert quick == typer_route, args
            code, out, err = quick
            assert code == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1, (args, err)


@pytest.mark.parametrize("args", [
    [INCENDIARY],  # the table
    [INCENDIARY, "--markdown"],
    [INCENDIARY, "--json", "--json"],
    ["--json"],
    [INCENDIARY, SUMY, "--json"],
    [INCENDIARY, "--json", "--date", "2020-10-01"],
    [INCENDIARY, "--json", "--lang"],
    [INCENDIARY, "--json", "--lang", "en", "--lang", "nl"],
    ["-", "--json"],
    ["--", INCENDIARY, "--json"],
    ["--help"],
    ["", "--json"],
])
def test_other_forms_are_left_to_typer(args):
    assert plain_form(args) is None
    assert quick_ask(args) is None


def test_completion_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_WHATAPPLIES_COMPLETE", "bash_complete")
    assert quick_ask([INCENDIARY, "--json"]) is None


def test_the_quick_route_loads_neither_typer_nor_click():
    child = ("import sys\nfrom whatapplies.ask_command import quick_ask\n"
             f"code = quick_ask([{INCENDIARY!r}, '--json'])\n"
             "print(code, sorted(m for m in sys.modules if m.startswith(('typer', 'click', 'rich'))), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=False)
    assert done.stderr.strip() == "0 []", done.stderr[-500:]
    assert '"regimes"' in done.stdout


@settings(FUZZ, max_examples=40)
@given(content=case_bytes())
def test_generated_case_files_get_the_same_reply_by_either_route(capsys, tmp_path, content):
    path = tmp_path / "generated.yaml"
    path.write_bytes(content)
    with deadline(SECONDS_PER_RUN):
        quick, typer_route = both_routes(capsys, [str(path), "--json"])
    assert quick == typer_route


@pytest.mark.parametrize("form", [["--json"], []])
def test_a_reader_that_has_gone_gets_no_traceback_and_exit_1_by_either_route(form):
    """The quick route (--json) and typer's (the table) end alike when stdout is closed before the answer."""
    child = subprocess.Popen([sys.executable, "-m", "whatapplies", "ask", INCENDIARY, *form],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()
    error = child.stderr.read()
    assert child.wait(timeout=120) == 1
    assert error == b""


@pytest.mark.parametrize("form", [["--json"], ["--markdown"]])
def test_an_answer_with_stdout_closed_ends_cleanly_by_either_route(form):
    """Started without stdout (`>&-`), Python has no sys.stdout: nothing to print, no traceback, exit 0 as click gives."""
    command = f'"{sys.executable}" -m whatapplies ask "{INCENDIARY}" {" ".join(form)} >&-'
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize("form", [["--json"], []])
def test_bad_input_with_stderr_closed_still_exits_2_by_either_route(form, tmp_path):
    command = f'"{sys.executable}" -m whatapplies ask "{tmp_path / "missing.yaml"}" {" ".join(form)} 2>&-'
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stdout) == (2, "")


@st.composite
def near_plain_forms(draw) -> list[str]:
    """`ask` arguments close to the quick route's form: a positional or none, --json, maybe --lang, in any order."""
    chunks = [positional(draw), ["--json"]]
    if draw(st.booleans()):
        lang = draw(st.one_of(st.sampled_from(["en", "nl"]), values))
        chunks.append(draw(st.sampled_from([["--lang", lang], [f"--lang={lang}"]])))
    if draw(st.integers(0, 4)) == 0:
        chunks.append([draw(st.sampled_from(["--json", "--markdown", "--", "-x"]))])
    return [part for chunk in draw(st.permutations(chunks)) for part in chunk]


@settings(FUZZ, max_examples=60)
@given(args=near_plain_forms())
def test_generated_arguments_get_the_same_reply_by_either_route(capsys, args):
    with deadline(SECONDS_PER_RUN):
        quick = quick_ask(list(args))
        quick_out, quick_err = capsys.readouterr()
        if quick is None:
            return  # typer's form: tests/test_fuzz.py
        code = main(["ask", *args])
    assert (quick, quick_out, quick_err) == (code, *capsys.readouterr()), args
