"""Generated bad input (issue #6): one line, exit 2, never a traceback, never a hang.

The CLI is driven in-process through `whatapplies.cli.main(argv)` with generated argument
lists for every command and generated input files (random YAML, wrong types per field,
random bytes, BOMs, tabs, anchors and aliases, an alias bomb, 100,000 opponents, deep
nesting, empty files, directories). Each run is bounded by SIGALRM, so a hang fails the
test instead of stalling CI. A few of the worst inputs also go through the installed
`whatapplies` script in a subprocess, to prove no traceback reaches a terminal.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whatapplies.cli import main

from .conftest import CASES

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM")

SECONDS_PER_RUN = 30  # one CLI call; the slowest legitimate one here (100k opponents) takes ~3 s
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
VALID_CASE = (CASES / "nagorno-karabakh-2020-wp-incendiary.yaml").read_text(encoding="utf-8")
WORK = Path(tempfile.mkdtemp(prefix="whatapplies-fuzz-"))  # generated files; one directory per run
# Removed at exit, not at this module's teardown: test_quick_ask.py imports the generators below.
atexit.register(shutil.rmtree, WORK, ignore_errors=True)


class Hang(BaseException):
    """Raised by SIGALRM; a BaseException so no `except Exception` in the CLI can swallow it."""


@contextlib.contextmanager
def deadline(seconds: float):
    def expire(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    with deadline(SECONDS_PER_RUN):
        code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(code: int, out: str, err: str, argv: list[str]) -> None:
    """The contract for any input: exit 0, 1 or 2; exit 2 is exactly one `error:` line."""
    shown = repr(argv)[:300]
    assert code in (0, 1, 2), (code, shown, err[-500:])
    assert "Traceback" not in err and "Traceback" not in out, (shown, err[-2000:])
    if code == 2:
        assert err.startswith("error: ") and err.endswith("\n"), (shown, err[:500])
        assert err.count("\n") == 1, (shown, err[:500])
        assert err.strip() != "error:", shown
        assert len(err) <= 600, (shown, len(err))


def write(name: str, content: bytes | str) -> Path:
    path = WORK / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# ------------------------------------------------------------------ values and argument lists

GOOD_VALUES = ["AZE", "Armenië", "ARM", "azerbaijan", "group:ISIS", "SYR", "WP", "white-phosphorus", "sarin",
               "incendiary", "smokescreen", "brandwapen", "international", "none", "non-international",
               "2020-10-31", "2002-07-01", "en", "nl"]
BAD_VALUES = ["", " ", "\t", "group:", "group: ", "2020-02-30", "2020-13-01", "0000-00-00", "9999-12-31",
              "31-10-2020", "-1", "1e308", "nan", "None", "null", "~", "[ARM]", "{a: 1}", "*a", "&a",
              "--json", "-", "AZE\nARM", "Narnia", "x" * 5000, "é" * 200, "\u202e", "\x7f", "🙂"]
values = st.one_of(st.sampled_from(GOOD_VALUES), st.sampled_from(BAD_VALUES), st.text(max_size=25))
SCENARIO_OPTIONS = ["--date", "--territory", "--actor", "--opponent", "--nationality", "--conflict",
                    "--weapon", "--use", "--lang"]
JUNK = ["--nonsense", "-x", "--", "--json=1", "--date=", "--opponent", "-h"]


@st.composite
def option_list(draw, options: list[str], flags: list[str]) -> list[str]:
    argv: list[str] = []
    for _ in range(draw(st.integers(0, 9))):
        kind = draw(st.integers(0, 9))
        if kind < 7:
            argv += [draw(st.sampled_from(options)), draw(values)]
        elif kind < 9 and flags:
            argv.append(draw(st.sampled_from(flags)))
        else:
            argv.append(draw(st.one_of(st.sampled_from(JUNK), values)))
    return argv


def positional(draw) -> list[str]:
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return []
    if choice == 1:
        return [str(CASES / "nagorno-karabakh-2020-wp-incendiary.yaml")]
    if choice == 2:
        return [str(WORK / draw(st.text(min_size=1, max_size=20).filter(lambda s: "/" not in s and s not in (".", ".."))))]
    if choice == 3:
        return [str(WORK)]  # a directory, not a file
    return [draw(values)]


@st.composite
def ask_argv(draw, command: str = "ask") -> list[str]:
    flags = ["--json", "--markdown"] if command == "ask" else ["--json"]
    argv = [command, *positional(draw), *draw(option_list(SCENARIO_OPTIONS, flags))]
    if command == "diff":
        argv += draw(st.sampled_from([[], ["--to", draw(values)]]))
    return argv


@st.composite
def treaties_argv(draw) -> list[str]:
    return ["treaties", *draw(st.lists(values, max_size=2)), *draw(option_list(["--on"], ["--json"]))]


@st.composite
def check_argv(draw) -> list[str]:
    return ["check", *(part for _ in range(draw(st.integers(0, 2))) for part in positional(draw))]


@settings(FUZZ, max_examples=60)
@given(argv=ask_argv())
def test_ask_arguments(capsys, argv):
    assert_clean(*run(capsys, argv), argv)


@settings(FUZZ, max_examples=20)
@given(argv=st.one_of(ask_argv("explain"), ask_argv("diff"), treaties_argv(), check_argv()))
def test_other_commands_arguments(capsys, argv):
    assert_clean(*run(capsys, argv), argv)


@settings(FUZZ, max_examples=20)
@given(argv=st.lists(st.one_of(st.sampled_from(["ask", "check", "explain", "treaties", "batch", "diff", "schema",
                                                "rules", "states", "--help", "--json", "--lang"]), values), max_size=5))
def test_any_argument_list(capsys, argv):
    code, out, err = run(capsys, argv)
    if argv == [] or (code == 2 and not err and "Usage" in out):
        return  # no command at all: the help is shown (on stdout), as for `git` without arguments
    assert_clean(code, out, err, argv)


# ------------------------------------------------------------------ generated case files

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=15),
                    st.sampled_from(GOOD_VALUES + BAD_VALUES[:20]))
structures = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                           st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                          max_leaves=12)
GOOD_SCENARIO = {"date": "2020-10-31", "territory": "AZE", "actor": "AZE", "opponents": ["ARM"],
                 "weapon": "white-phosphorus", "use": "incendiary"}


@st.composite
def case_documents(draw):
    """A case file whose fields are each either right or of a wrong type/value."""
    scenario = {}
    for name, good in GOOD_SCENARIO.items():
        pick = draw(st.integers(0, 4))
        if pick == 0:
            continue  # missing
        scenario[name] = good if pick < 3 else draw(structures)
    if draw(st.booleans()):
        scenario[draw(st.text(max_size=8))] = draw(structures)  # an extra field
    document = {"title": draw(st.sampled_from(["x", None, 5, ["a"]])), "scenario": scenario}
    if draw(st.booleans()):
        document["expect"] = draw(st.one_of(structures, st.just({"regimes": {"cwc": "applies"}})))
    return document


@st.composite
def case_bytes(draw) -> bytes:
    kind = draw(st.integers(0, 5))
    if kind == 0:  # random YAML structure
        text = yaml.safe_dump(draw(structures), allow_unicode=True)
    elif kind == 1:  # wrong types per field
        text = yaml.safe_dump(draw(case_documents()), allow_unicode=True, default_flow_style=draw(st.booleans()))
    elif kind == 2:  # the valid case file with a few characters changed
        text = VALID_CASE
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(text)))
            junk = draw(st.sampled_from(["\t", ":", "&a ", "*a", "!!python/object:os.system ", "- ", "{", "]",
                                         "\n---\n", "!!timestamp 2020-02-30", "\x00", "\ufeff", "<<: *a\n", "'"]))
            text = text[:at] + junk + text[at:]
    elif kind == 3:
        return draw(st.binary(max_size=300))
    elif kind == 4:  # a byte-order mark, then a valid or an invalid body
        bom = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"]))
        body = draw(st.sampled_from([VALID_CASE.encode("utf-8"), VALID_CASE.encode("utf-16-le"), b"\xc3\x28"]))
        return bom + body
    else:
        text = draw(st.text(max_size=200))
    return text.encode("utf-8", "surrogatepass")


@settings(FUZZ, max_examples=80)
@given(content=case_bytes(), command=st.sampled_from(["ask", "ask", "explain", "check"]))
def test_generated_case_files(capsys, content, command):
    path = write("generated.yaml", content)
    argv = [command, str(path)] + (["--json"] if command != "check" else [])
    assert_clean(*run(capsys, argv), argv)


# ------------------------------------------------------------------ the worst inputs, named

def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


BOMB = _alias_bomb()  # 9**9 = 387 million "lol"s when expanded
NASTY = {
    "alias-bomb-in-opponents": BOMB + "title: x\nscenario: {date: 2020-10-31, territory: AZE, "
                               "actor: AZE, opponents: *l8}\n",
    "alias-bomb-as-title": BOMB + "title: *l8\nscenario: {date: 2020-10-31, territory: AZE, actor: AZE}\n",
    "alias-bomb-as-extra-fields": BOMB + "title: x\nscenario: {date: 2020-10-31, territory: AZE, actor: AZE}\n",
    "alias-bomb-in-expect": "title: x\nscenario: {date: 2020-10-31, territory: AZE, actor: AZE, opponents: [ARM]}\n"
                            "expect: {regimes: " + "{cwc: " * 3 + "applies" + "}" * 3 + "}\n"
                            + BOMB.replace("l", "m"),
    "self-referential-alias": "title: x\nscenario: &s {date: 2020-10-31, territory: AZE, actor: AZE, opponents: [*s]}\n",
    "merge-key": "base: &b {territory: AZE}\ntitle: x\nscenario: {<<: *b, date: 2020-10-31, actor: AZE, "
                 "opponents: [ARM]}\n",
    "100k-opponents": "title: x\nscenario: {date: 2020-10-31, territory: AZE, actor: AZE, opponents: ["
                      + ", ".join(f"group:g{i}" for i in range(100_000)) + "]}\n",
    "100k-same-opponent": "title: x\nscenario:\n  date: 2020-10-31\n  territory: AZE\n  actor: AZE\n  opponents:\n"
                          + "  - ARM\n" * 100_000,
    "deep-flow-nesting": "title: x\nscenario: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-mapping-nesting": "title: x\nscenario: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
    "5000-opponents": "title: x\nscenario:\n  date: 2020-10-31\n  territory: AZE\n  actor: AZE\n  opponents:\n"
                      + "".join(f"  - group:g{i}\n" for i in range(5000)),
    "long-name": "title: x\nscenario: {date: 2020-10-31, territory: " + "Q" * 100_000 + ", actor: AZE}\n",
    "huge-name": "title: x\nscenario: {date: 2020-10-31, territory: " + "Q" * 500_000 + ", actor: AZE}\n",
    "over-1mb": "title: x\nnote: '" + "n" * 1_100_000 + "'\n",
    "duplicate-key": "title: x\nscenario: {date: 2020-10-31, date: 2021-01-01, territory: AZE, actor: AZE}\n",
    "impossible-date": "title: x\nscenario: {date: 2020-02-30, territory: AZE, actor: AZE, opponents: [ARM]}\n",
    "explicit-timestamp-tag": "title: x\nscenario: {date: !!timestamp 2020-02-30, territory: AZE, actor: AZE}\n",
    "python-tag": "title: !!python/object/apply:os.system ['true']\nscenario: {}\n",
    "tabs": "title: x\nscenario:\n\tdate: 2020-10-31\n",
    "two-documents": VALID_CASE + "\n---\n" + VALID_CASE,
    "empty": "",
    "only-comment": "# nothing\n",
    "null-document": "~\n",
    "list-document": "- a\n- b\n",
    "date-as-number": "title: x\nscenario: {date: 20201031, territory: AZE, actor: AZE, opponents: [ARM]}\n",
    "opponents-as-string": "title: x\nscenario: {date: 2020-10-31, territory: AZE, actor: AZE, opponents: ARM}\n",
    "unknown-state": "title: x\nscenario: {date: 2020-10-31, territory: Narnia, actor: AZE, opponents: [ARM]}\n",
    "missing-actor": "title: x\nscenario: {date: 2020-10-31, territory: AZE}\n",
    "nul-byte": "title: x\x00\n",
}
NASTY_BYTES = {
    "latin-1": "title: Armeni\u00eb\nscenario: {}\n".encode("latin-1"),
    "utf-16-with-bom": "\ufeff".encode("utf-16-le") + VALID_CASE.encode("utf-16-le"),
    "bom-then-invalid": b"\xef\xbb\xbftitle: \xff\n",
    "truncated-utf8": VALID_CASE.encode("utf-8")[:-1] + b"\xc3",
}


MESSAGES = {
    "duplicate-key": "duplicate key 'date'",
    "huge-name": "larger than 256,000 bytes",
    "long-name": "at most 120 characters",
    "over-1mb": "larger than 256,000 bytes",
    "100k-opponents": "larger than 256,000 bytes",
    "100k-same-opponent": "larger than 256,000 bytes",
    "5000-opponents": "at most 100 items",
    "deep-flow-nesting": "too deeply nested",
    "deep-mapping-nesting": "too deeply nested",
    "explicit-timestamp-tag": "day is out of range",
    "impossible-date": "scenario.date",
    "alias-bomb-in-opponents": "scenario.opponents.0",
    "alias-bomb-as-title": "field title",
    "python-tag": "could not determine a constructor",
    "tabs": "line 3",
    "two-documents": "expected a single document",
    "latin-1": "not UTF-8",
    "unknown-state": "unknown territory",
    "missing-actor": "scenario.actor",
}
BIG = {"100k-opponents", "100k-same-opponent", "deep-flow-nesting", "deep-mapping-nesting", "huge-name", "over-1mb"}


@pytest.mark.parametrize("name", sorted(NASTY) + sorted(NASTY_BYTES))
def test_nasty_case_files(capsys, name):
    content = NASTY.get(name, NASTY_BYTES.get(name))
    path = write(f"{name}.yaml", content)
    for command in ("ask",) if name in BIG else ("ask", "check"):
        argv = [command, str(path)]
        code, out, err = run(capsys, argv)
        assert_clean(code, out, err, argv)
        if name not in ("merge-key", "date-as-number"):  # YAML merge keys and ISO basic dates are valid input
            assert code == 2, (name, command, out[:300])
        assert MESSAGES.get(name, "") in err, (name, err)


def test_bom_before_a_valid_case_is_accepted(capsys):
    path = write("bom.yaml", b"\xef\xbb\xbf" + VALID_CASE.encode("utf-8"))
    code, out, err = run(capsys, ["ask", str(path), "--json"])
    assert code == 0, err
    assert json.loads(out)["scenario"]["actor"] == "AZE"


def test_a_directory_and_a_missing_file(capsys):
    empty = WORK / "empty-dir"
    empty.mkdir(exist_ok=True)
    for argv, message in ((["ask", str(WORK)], "cannot read"), (["explain", str(WORK)], "cannot read"),
                          (["check", str(empty)], "no case files"), (["ask", str(WORK / "nope.yaml")], "cannot read"),
                          (["ask", "a\x00b.yaml"], "null byte"), (["check", "/dev/zero"], "larger than 256,000 bytes")):
        code, out, err = run(capsys, argv)
        assert_clean(code, out, err, argv)
        assert code == 2 and message in err, (argv, err)


def test_long_flag_values_give_short_errors(capsys):
    for option in ("--territory", "--actor", "--opponent", "--weapon", "--use", "--nationality", "--date", "--lang"):
        argv = ["ask", "--date", "2020-10-31", "--territory", "AZE", "--actor", "AZE", "--opponent", "ARM",
                option, "Z" * 1_000_000]
        code, out, err = run(capsys, argv)
        assert_clean(code, out, err, argv)
        assert code == 2, option


def test_many_opponent_flags(capsys):
    argv = ["ask", "--date", "2020-10-31", "--territory", "AZE", "--actor", "AZE"]
    for index in range(5000):
        argv += ["--opponent", f"group:g{index}"]
    code, out, err = run(capsys, argv)
    assert_clean(code, out, err, argv)
    assert code == 2 and "at most 100" in err


# ------------------------------------------------------------------ batch with generated input files

rows = st.one_of(st.builds(dict, **{k: st.one_of(st.just(v), values) for k, v in GOOD_SCENARIO.items()
                                    if k != "opponents"}),
                 structures)


@st.composite
def batch_inputs(draw) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from([".jsonl", ".jsonl", ".csv", ".csv", ".json", ".txt", ""]))
    kind = draw(st.integers(0, 3))
    if kind == 3:
        return suffix, draw(st.binary(max_size=200))
    if suffix == ".csv" or kind == 2:
        header = draw(st.lists(st.sampled_from(list(GOOD_SCENARIO) + ["", "x", "date"]), max_size=7))
        lines = [",".join(header)] + [",".join(draw(st.lists(values.filter(lambda v: "\n" not in v and "\r" not in v),
                                                             max_size=7))) for _ in range(draw(st.integers(0, 3)))]
        return suffix, "\n".join(lines).encode("utf-8")
    lines = [json.dumps(draw(rows)) if draw(st.booleans()) else draw(st.text(max_size=30))
             for _ in range(draw(st.integers(0, 3)))]
    return suffix, "\n".join(lines).encode("utf-8", "surrogatepass")


@settings(FUZZ, max_examples=30)
@given(given_input=batch_inputs(), extra=st.lists(st.sampled_from(["--lang", "nl", "xx", "--no-cache"]),
                                                  max_size=2))
def test_batch_with_generated_input(capsys, given_input, extra):
    suffix, content = given_input
    source = write(f"rows{suffix}", content)
    argv = ["batch", str(source), "-o", str(WORK / "out.jsonl"), *extra]
    code, out, err = run(capsys, argv)
    assert_clean(code, out, err, argv)
    if code == 0:
        for line in (WORK / "out.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert set(record) in ({"row", "answer"}, {"row", "error"})
            assert "\n" not in record.get("error", "")


@settings(FUZZ, max_examples=30)
@given(given_input=batch_inputs())
def test_batch_from_generated_standard_input(capsys, monkeypatch, given_input):
    """`batch -`: the format is told by the first byte, and the rows are read as they are answered."""
    import io

    _, content = given_input
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(content), encoding="utf-8"))
    argv = ["batch", "-", "-o", str(WORK / "out.jsonl"), "-j", "1"]
    code, out, err = run(capsys, argv)
    assert_clean(code, out, err, argv)
    if code == 0:
        for line in (WORK / "out.jsonl").read_text(encoding="utf-8").splitlines():
            assert set(json.loads(line)) in ({"row", "answer"}, {"row", "error"})


def test_batch_output_to_a_directory_and_input_a_directory(capsys):
    source = write("ok.jsonl", json.dumps(GOOD_SCENARIO) + "\n")
    for argv in (["batch", str(source), "-o", str(WORK)], ["batch", str(WORK), "-o", str(WORK / "o.jsonl")],
                 ["batch", str(WORK / "missing.csv"), "-o", str(WORK / "o.jsonl")]):
        code, out, err = run(capsys, argv)
        assert_clean(code, out, err, argv)
        assert code == 2, argv


# ------------------------------------------------------------------ the real script, in a subprocess

def _script() -> list[str]:
    found = shutil.which("whatapplies")
    return [found] if found else [sys.executable, "-m", "whatapplies"]


@pytest.mark.parametrize("name", ["alias-bomb-in-opponents", "alias-bomb-as-extra-fields", "100k-opponents",
                                  "deep-flow-nesting", "latin-1"])
def test_the_installed_script_prints_one_line(tmp_path, name):
    path = tmp_path / "case.yaml"
    content = NASTY.get(name, NASTY_BYTES.get(name))
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    result = subprocess.run([*_script(), "ask", str(path)], capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, "PYTHONFAULTHANDLER": "1"})
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: "), result.stderr[-2000:]
    assert "Traceback" not in result.stderr + result.stdout


def test_the_installed_script_with_a_huge_flag_value(tmp_path):
    argv = [*_script(), "ask", "--date", "2020-10-31", "--territory", "Q" * 100_000, "--actor", "AZE",
            "--opponent", "ARM"]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr[-2000:]
    assert len(result.stderr) < 600
