"""`answer_many` and `whatapplies batch`: every row answered or reported, cache invisible."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import subprocess
import sys

import pytest
import whatapplies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whatapplies.batch import AnswerCache, answer_many
from whatapplies.cases import case_paths, load_case
from whatapplies.cli import main
from whatapplies.facts import BadScenario
from whatapplies.knowledge import default_knowledge

from .conftest import CASES, NK_INCENDIARY

FIELDS = ["date", "territory", "actor", "opponents", "nationality", "conflict", "weapon", "use"]
DATES = ["1999-03-24", "2008-08-08", "2016-04-02", "2020-09-27", "2020-10-31", "2023-09-19"]
BAD_ROWS = {  # row content -> what the error line must mention
    "unknown state": ({"date": "2020-10-31", "territory": "Narnia", "actor": "AZE", "opponents": "ARM"}, "Narnia"),
    "impossible date": ({"date": "2020-02-30", "territory": "AZE", "actor": "AZE", "opponents": "ARM"}, "date"),
    "unknown weapon": ({"date": "2020-10-31", "territory": "AZE", "actor": "AZE", "opponents": "ARM",
                        "weapon": "death-ray"}, "death-ray"),
}


def _case_scenarios() -> list[dict]:
    """Each case's scenario at several dates, as plain dicts (opponents a list)."""
    out = []
    for path in case_paths([CASES]):
        base = load_case(path).scenario.model_dump(mode="json", exclude_none=True)
        out += [{**base, "date": day} for day in DATES]
    return out


def _csv_row(scenario: dict) -> dict:
    row = {key: "" for key in FIELDS}
    row.update({k: ";".join(v) if isinstance(v, list) else v for k, v in scenario.items()})
    return row


def _read_output(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def batch_input():
    """300 rows drawn from 60 case scenarios at varied dates (repeats exercise the cache), plus bad rows."""
    rng = random.Random(7)
    good = _case_scenarios()
    good = rng.sample(good, min(60, len(good)))
    rows = [rng.choice(good) for _ in range(300)]
    bad_at = {}
    for offset, (name, (row, _)) in zip((5, 100, 250), BAD_ROWS.items()):
        rows.insert(offset, row)
        bad_at[offset + 1] = name  # rows count from 1
    return rows, bad_at


def _expected(scenario: dict, cache: dict) -> dict:
    key = json.dumps(scenario, sort_keys=True)
    if key not in cache:
        cache[key] = json.loads(whatapplies.ask(scenario).model_dump_json())
    return cache[key]


def test_csv_batch_answers_every_row_and_reports_bad_ones(tmp_path, batch_input, capsys):
    rows, bad_at = batch_input
    source = tmp_path / "events.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(_csv_row(r) for r in rows)
    target = tmp_path / "answers.jsonl"

    assert main(["batch", str(source), "-o", str(target)]) == 0

    lines = _read_output(target)
    assert [line["row"] for line in lines] == list(range(1, len(rows) + 1))
    expected: dict = {}
    for line, row in zip(lines, rows):
        if line["row"] in bad_at:
            _, mention = BAD_ROWS[bad_at[line["row"]]]
            assert "answer" not in line and mention in line["error"] and "\n" not in line["error"]
        else:
            assert "error" not in line, line
            assert line["answer"] == _expected(row, expected)
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"{len(rows) - 3} answered, 3 bad rows"


def test_jsonl_batch_in_dutch_without_cache(tmp_path):
    scenarios = _case_scenarios()[:6]
    source = tmp_path / "events.jsonl"
    text = "\n".join(json.dumps(s) for s in scenarios) + "\n\n[1, 2]\n{not json\n"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "answers.jsonl"

    assert main(["batch", str(source), "-o", str(target), "--lang", "nl", "--no-cache"]) == 0

    lines = _read_output(target)
    assert [line["row"] for line in lines] == [1, 2, 3, 4, 5, 6, 8, 9]  # line 7 is blank
    for line, scenario in zip(lines, scenarios):
        assert line["answer"] == json.loads(whatapplies.ask(scenario, lang="nl").model_dump_json())
    assert "JSON object" in lines[6]["error"] and "not valid JSON" in lines[7]["error"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.csv", None, "cannot read"),
        ("latin1.csv", "date,territory\n2020-10-31,Curaçao\n".encode("latin-1"), "not UTF-8"),
        ("events.xlsx", b"date\n", "unknown input type"),
        ("nodate.csv", b"territory,actor\nAZE,AZE\n", "no 'date' column"),
        ("empty.csv", b"", "no 'date' column"),
    ],
)
def test_unreadable_input_exits_2_with_one_line(tmp_path, capsys, name, content, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    assert main(["batch", str(source), "-o", str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_answer_many_yields_errors_and_keeps_going():
    rows = [NK_INCENDIARY, {**NK_INCENDIARY, "date": "2020-02-30"}, {**NK_INCENDIARY, "actor": "Narnia"}, 42,
            {**NK_INCENDIARY, "weapon": "death-ray"}, NK_INCENDIARY]
    results = list(answer_many(rows, cache=AnswerCache()))
    assert [i for i, _ in results] == list(range(len(rows)))
    kinds = [type(r).__name__ for _, r in results]
    assert kinds == ["Answer", "ValidationError", "BadScenario", "TypeError", "BadScenario", "Answer"]
    assert isinstance(results[2][1], BadScenario)
    assert results[0][1].model_dump_json() == results[5][1].model_dump_json()


def test_cache_is_bounded_and_hits_give_independent_answers():
    cache = AnswerCache(maxsize=2)
    opponents = ["GEO", "TUR", "ARM"]  # three situations
    list(answer_many([{**NK_INCENDIARY, "opponents": [o]} for o in opponents], cache=cache))
    assert cache.info().size == 2 and cache.info().misses == 3
    (_, first), (_, second) = answer_many([NK_INCENDIARY, {**NK_INCENDIARY, "date": "2020-11-03"}], cache=cache)
    first.regimes.clear()
    assert second.regimes and cache.info().hits == 2  # ARM was still cached; a nearby date is the same situation
    assert second.model_dump_json() == whatapplies.ask({**NK_INCENDIARY, "date": "2020-11-03"}).model_dump_json()


def _dates() -> list[dt.date]:
    knowledge = default_knowledge()
    days = set()
    for record in knowledge.states.values():
        for membership in record.memberships.values():
            if membership.entry_into_force and 1995 <= membership.entry_into_force.year <= 2026:
                day = membership.entry_into_force
                days |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
    return sorted(days)


STATES = sorted(default_knowledge().states)
WEAPON_USES = [(None, None)] + [
    (weapon, use) for weapon, item in default_knowledge().weapons.weapons.items() for use in (item.uses or [None])
]


@st.composite
def scenarios(draw):
    states = draw(st.lists(st.sampled_from(STATES), min_size=2, max_size=3, unique=True))
    day = draw(st.one_of(st.dates(dt.date(1995, 1, 1), dt.date(2026, 12, 31)), st.sampled_from(_dates())))
    weapon, use = draw(st.sampled_from(WEAPON_USES))
    scenario = {"date": day.isoformat(), "territory": draw(st.sampled_from(states)), "actor": states[0],
                "opponents": states[1:]}
    if draw(st.booleans()):
        scenario["conflict"] = draw(st.sampled_from(["international", "non-international", "none"]))
    scenario.update({k: v for k, v in (("weapon", weapon), ("use", use)) if v})
    return scenario


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_cached_answers_equal_uncached(scenario):
    cache = AnswerCache()
    (_, miss), (_, hit) = answer_many([scenario, scenario], cache=cache)
    [(_, fresh)] = answer_many([scenario], cache=False)
    assert cache.info().hits == 1
    assert miss.model_dump_json() == hit.model_dump_json() == fresh.model_dump_json()


KILLED_WORKER = """
import os, signal, sys
import whatapplies.batch as batch
import whatapplies.batch_workers as workers

answer_chunk = workers._worker_run_many

def killed_on_armenia(scenarios):  # as the out-of-memory killer would end a worker
    if any(scenario.actor == "ARM" for scenario in scenarios):
        os.kill(os.getpid(), signal.SIGKILL)
    return answer_chunk(scenarios)

workers._worker_run_many = killed_on_armenia  # the workers are forked: they inherit it
{run}
"""


def _killed_worker_run(run: str, tmp_path):
    """Run `run` after making each worker die on an Armenian actor; in a child, so that a hang fails the test."""
    rows = [{"date": "2020-10-31", "territory": "AZE", "actor": actor, "opponents": ["AZE" if actor != "AZE" else "ARM"]}
            for actor in ("NLD", "ARM", "UKR")]
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return subprocess.run([sys.executable, "-c", KILLED_WORKER.format(run=run)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, check=False)


def test_a_dead_worker_stops_the_batch_instead_of_hanging(tmp_path):
    """multiprocessing.Pool replaced a killed worker and left its rows waiting for ever."""
    done = _killed_worker_run(
        "import json\n"
        "rows = [json.loads(line) for line in open('rows.jsonl')]\n"
        "try:\n"
        "    list(batch.answer_json_many(rows, cache=batch.AnswerCache(), processes=2))\n"
        "except batch.WorkerDied as error:\n"
        "    print('stopped:', error)\n", tmp_path)
    assert done.returncode == 0, done.stderr[-1000:]
    assert done.stdout.startswith("stopped: a worker process died before it answered")


def test_every_worker_is_forked_before_any_thread_of_the_batch_starts(monkeypatch):
    """A process forked while other threads run inherits the locks they held, and can wait on one for ever
    (CPython gh-90622). Each worker has an executor of its own, and the second used to be forked after
    the first one's threads had started."""
    import os
    import threading

    from whatapplies.batch import answer_json_many

    before, seen = threading.active_count(), []
    fork = os.fork

    def counted_fork():
        seen.append(threading.active_count())
        return fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    answers = list(answer_json_many([NK_INCENDIARY] * 4, cache=AnswerCache(), processes=2))
    assert len(answers) == 4 and not any(isinstance(answer, Exception) for answer in answers)
    assert seen == [before, before]


def test_batch_command_exits_3_with_one_line_when_a_worker_dies(tmp_path):
    done = _killed_worker_run(
        "from whatapplies.cli import main\n"
        "sys.exit(main(['batch', 'rows.jsonl', '-o', 'out.jsonl', '--processes', '2']))\n", tmp_path)
    assert done.returncode == 3, done.stderr[-1000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: a worker process died"), lines
    assert "rows were written to out.jsonl" in lines[0]


@pytest.mark.parametrize("processes", [1, 2])
def test_batch_reads_its_input_only_as_far_ahead_as_the_answers_need(processes):
    """A pipeline's file may be larger than memory: rows are read as answers are written, never all first."""
    from whatapplies.batch import LOOKAHEAD
    from whatapplies.batch_workers import CHUNK
    from whatapplies.cmd_batch import results

    good = [{**NK_INCENDIARY, "date": day} for day in DATES]
    read = []

    def rows():
        for number in range(1, 3001):
            read.append(number)
            yield number, ValueError("bad") if number % 7 == 0 else good[number % len(good)]

    written = []
    for ok, line in results(rows(), lang="en", cache=True, processes=processes):
        written.append(json.loads(line)["row"])
        assert len(read) - len(written) <= LOOKAHEAD + processes * CHUNK + 1
    assert written == list(range(1, 3001))
    answers = {number: json.loads(line) for number, (ok, line) in enumerate(
        results(((n, good[n % len(good)]) for n in range(1, 8)), lang="en", cache=False, processes=1), 1)}
    assert answers[3]["answer"] == json.loads(whatapplies.ask(good[3]).model_dump_json())


def _run_cli(args: list[str], stdin: bytes, cwd) -> "subprocess.CompletedProcess[bytes]":
    return subprocess.run([sys.executable, "-m", "whatapplies", *args], input=stdin, cwd=cwd, capture_output=True,
                          timeout=120, check=False)


@pytest.mark.parametrize("closed, code, message", [
    (">&-", 2, "error: -o -: standard output is closed\n"),
    ("<&-", 2, "error: -: standard input is closed\n"),
    ("2>&-", 0, ""),  # answered, with no one to tell the count to
])
def test_batch_started_without_a_standard_stream(tmp_path, closed, code, message):
    """A pipeline that closes a stream gets one line and exit 2 (or its answers), never a traceback."""
    (tmp_path / "rows.jsonl").write_text(json.dumps(NK_INCENDIARY) + "\n", encoding="utf-8")
    given = "" if closed == "<&-" else "< rows.jsonl"
    command = f'"{sys.executable}" -m whatapplies batch - -o - {given} {closed}'
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          check=False)
    assert (done.returncode, done.stderr) == (code, message)
    if closed == "2>&-":
        assert json.loads(done.stdout)["row"] == 1


@pytest.mark.parametrize("form", ["jsonl", "csv"])
def test_batch_reads_standard_input_and_writes_standard_output(tmp_path, form):
    scenarios = [NK_INCENDIARY, {**NK_INCENDIARY, "date": "2020-02-30"}, {**NK_INCENDIARY, "date": "2023-09-19"}]
    if form == "jsonl":
        text = "\n" + "".join(json.dumps(s) + "\n" for s in scenarios)  # a blank first line still counts
        numbers = [2, 3, 4]
    else:
        text = ",".join(FIELDS) + "\n" + "".join(",".join(_csv_row(s)[f] for f in FIELDS) + "\n" for s in scenarios)
        numbers = [1, 2, 3]
    done = _run_cli(["batch", "-", "-o", "-"], text.encode("utf-8"), tmp_path)
    assert done.returncode == 0, done.stderr.decode()[-500:]
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [line["row"] for line in lines] == numbers
    assert lines[0]["answer"] == json.loads(whatapplies.ask(NK_INCENDIARY).model_dump_json())
    assert "date" in lines[1]["error"] and "answer" in lines[2]
    assert done.stderr.decode().strip() == "2 answered, 1 bad row"


def test_a_jsonl_line_that_is_not_utf8_is_a_bad_row_not_the_end(tmp_path):
    source = tmp_path / "events.jsonl"
    source.write_bytes(json.dumps(NK_INCENDIARY).encode() + b'\n{"territory": "Cura\xe7ao"}\n'
                       + json.dumps(NK_INCENDIARY).encode() + b"\n")
    target = tmp_path / "answers.jsonl"
    assert main(["batch", str(source), "-o", str(target), "-j", "1"]) == 0
    lines = _read_output(target)
    assert [line["row"] for line in lines] == [1, 2, 3]
    assert lines[1]["error"] == "not UTF-8 text (byte 19)" and lines[0]["answer"] == lines[2]["answer"]


def test_csv_that_breaks_midway_stops_with_one_line(tmp_path, capsys):
    """csv refuses a cell over its field size limit; the rows after it cannot be told apart."""
    source = tmp_path / "events.csv"
    good = ",".join(_csv_row(NK_INCENDIARY)[f] for f in FIELDS)
    source.write_text(",".join(FIELDS) + f"\n{good}\n{good}\n\"{'x' * 200_000}\",AZE\n{good}\n", encoding="utf-8")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.jsonl"), "-j", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "row 3 is not valid CSV: field larger than field limit" in err


def test_batch_reads_a_named_pipe_once(tmp_path):
    """Counting the lines of a pipe first would consume it: no row was answered."""
    import os
    import threading

    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    fifo = tmp_path / "events.jsonl"
    os.mkfifo(fifo)
    rows = "".join(json.dumps({**NK_INCENDIARY, "date": day}) + "\n" for day in DATES)
    writer = threading.Thread(target=fifo.write_text, args=(rows,), daemon=True)
    writer.start()
    target = tmp_path / "answers.jsonl"
    import signal

    def hung(*_):
        raise TimeoutError("batch waited for ever on a named pipe it had read already")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        assert main(["batch", str(fifo), "-o", str(target), "-j", "1"]) == 0
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    writer.join(timeout=10)
    assert [line["row"] for line in _read_output(target)] == list(range(1, len(DATES) + 1))


def test_a_csv_saved_with_semicolons_reads_as_the_same_rows(tmp_path):
    """A spreadsheet set to Dutch saves CSV with `;` between cells (and a BOM, and CRLF); several
    opponents then sit in one quoted cell, still separated by `;`."""
    scenarios = [{**NK_INCENDIARY, "opponents": ["ARM", "GEO"]}, {**NK_INCENDIARY, "date": "2020-02-30"},
                 {"date": "2022-09-13", "territory": "Armenië", "actor": "AZE", "opponents": ["ARM"]}]
    outputs = []
    for delimiter, bom in ((",", ""), (";", "\ufeff")):
        source = tmp_path / f"events-{len(outputs)}.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            handle.write(bom)
            writer = csv.DictWriter(handle, FIELDS, delimiter=delimiter, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(_csv_row(s) for s in scenarios)
        target = tmp_path / f"out-{len(outputs)}.jsonl"
        assert main(["batch", str(source), "-o", str(target), "-j", "1"]) == 0
        outputs.append(_read_output(target))
    assert '"ARM;GEO"' in (tmp_path / "events-1.csv").read_text(encoding="utf-8")  # quoted: it holds the delimiter
    assert outputs[0] == outputs[1]
    assert outputs[1][0]["answer"]["scenario"]["opponents"] == ["ARM", "GEO"]
    assert "error" in outputs[1][1] and outputs[1][2]["answer"]["scenario"]["territory"] == "ARM"


def test_columns_that_are_not_scenario_fields_are_refused_at_the_header_or_skipped_when_asked(tmp_path, capsys):
    """A dataset to tag has columns of its own (an event id, notes). They made every row bad, one by one;
    now the header is refused with one line, and --ignore-extra skips them and names them at the end."""
    columns = ["event_id", *FIELDS, "notes", ""]  # and an unnamed column, as a trailing comma leaves
    scenarios = [NK_INCENDIARY, {**NK_INCENDIARY, "date": "2022-09-13", "opponents": ["ARM", "GEO"]}]
    source, plain = tmp_path / "events.csv", tmp_path / "plain.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows({**_csv_row(s), "event_id": f"E{i}", "notes": "shelling, reported", "": ""}
                         for i, s in enumerate(scenarios))
    with plain.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        writer.writerows(_csv_row(s) for s in scenarios)
    target = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {source}: columns not in a scenario: event_id, notes (--ignore-extra skips them)\n"
    assert not target.exists()
    assert main(["batch", str(source), "-o", str(target), "--ignore-extra", "-j", "1"]) == 0
    assert capsys.readouterr().err.strip() == "2 answered, 0 bad rows; ignored: event_id, notes"
    assert main(["batch", str(plain), "-o", str(tmp_path / "plain.jsonl"), "-j", "1"]) == 0
    assert _read_output(target) == _read_output(tmp_path / "plain.jsonl")


def test_json_keys_that_are_not_scenario_fields_make_a_bad_row_or_are_skipped_when_asked(tmp_path, capsys):
    source = tmp_path / "events.jsonl"
    source.write_text(json.dumps({"id": 7, **NK_INCENDIARY, "notes": "x"}) + "\n" + json.dumps(NK_INCENDIARY) + "\n",
                      encoding="utf-8")
    target = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(target), "-j", "1"]) == 0
    lines = _read_output(target)
    assert lines[0] == {"row": 1, "error": "id: not a scenario field (--ignore-extra skips it)"} and "answer" in lines[1]
    capsys.readouterr()
    assert main(["batch", str(source), "-o", str(target), "-j", "1", "--ignore-extra"]) == 0
    assert capsys.readouterr().err.strip() == "2 answered, 0 bad rows; ignored: id, notes"
    first, second = _read_output(target)
    assert first["answer"] == second["answer"]
