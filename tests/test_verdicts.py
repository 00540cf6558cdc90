"""`whatapplies batch --verdicts` and OUTPUT.csv: each row's verdicts alone, exactly as its answer has them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import whatapplies
from hypothesis import HealthCheck, given, settings
from whatapplies.batch import AnswerCache, answer_json_many
from whatapplies.cases import load_case
from whatapplies.cli import main
from whatapplies.models import BODY_IDS, REGIME_IDS
from whatapplies.verdicts import IDS, summary_json, summary_of

from .conftest import CASES, NK_INCENDIARY, ROOT
from .test_situation_cache import _rows, situations


def _by_json(answer_json: str) -> dict:
    """What the summary must say, read the slow and obvious way."""
    answer = json.loads(answer_json)
    findings = answer["regimes"] + answer["bodies"]
    return {"verdicts": {f["id"]: f["verdict"] for f in findings}, "rules": {f["id"]: f["rules"] for f in findings},
            "unverified": [f["id"] for f in findings if f["unverified"]]}


def _summary_or_error(result) -> object:
    return f"{type(result).__name__}: {result}" if isinstance(result, Exception) else json.loads(result)


CASE_FILES = sorted(CASES.glob("*.yaml"))


def _refuse(*_args, **_kwargs):
    """Stands in for json.loads where the fast reading alone must do: the slow one would hide a
    regular expression that misses."""
    raise AssertionError("json.loads was needed")


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_the_summary_of_each_case_is_what_its_answer_and_its_expect_block_say(path, monkeypatch):
    case = load_case(path)
    answer = whatapplies.ask(case.scenario)
    compact = answer.model_dump_json()
    expected = _by_json(compact)
    with monkeypatch.context() as patched:
        patched.setattr("whatapplies.verdicts.json.loads", _refuse)
        summary = summary_of(compact)
    assert summary == expected
    assert list(summary["verdicts"]) == [*REGIME_IDS, *BODY_IDS]
    for tier in (case.expect.regimes, case.expect.bodies):
        for subject, verdict in tier.items():
            assert summary["verdicts"][subject] == verdict, (path.name, subject)
    # Indented JSON is not what the batch reads, and is read with json.loads: the same summary.
    assert summary_of(answer.model_dump_json(indent=2)) == summary


def test_a_summary_is_refused_for_what_is_not_an_answer():
    answer = json.loads(whatapplies.ask(NK_INCENDIARY).model_dump_json())
    answer["bodies"] = answer["bodies"][:-1]
    with pytest.raises(ValueError, match="not an answer"):
        summary_of(json.dumps(answer))


def test_a_quote_that_looks_like_a_finding_does_not_fool_the_fast_reading(monkeypatch):
    answer = whatapplies.ask(NK_INCENDIARY)
    answer.regimes[0].reasons.append('{"id":"cwc","verdict":"applies"} "rule":"x","rules":["evil"] "unverified":true}')
    answer.bodies[0].facts[0].source.quote = '"unverified":true}{"id":"opcw","verdict":"competent"'
    text = answer.model_dump_json()
    expected = _by_json(text)
    assert expected["verdicts"]["cwc"] == "does_not_apply" and expected["verdicts"]["opcw"] == "not_competent"
    monkeypatch.setattr("whatapplies.verdicts.json.loads", _refuse)
    assert summary_of(text) == expected


_SHARED = AnswerCache()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(situations())
def test_verdicts_are_the_answers_verdicts_on_dates_either_side_of_every_boundary(example):
    """Verdicts are remembered per situation; a second date in the same situation takes them from the
    first, one across a boundary gets its own. Either way they are those of the row's own answer."""
    scenario, first, second, lang = example
    rows = [{**scenario, "date": day.isoformat()} for day in (first, second, first)]
    got = list(answer_json_many(rows, lang=lang, cache=_SHARED, processes=1, verdicts=True))
    for row, result in zip(rows, got):
        try:
            expected = _by_json(whatapplies.ask(row, lang=lang).model_dump_json())
        except (ValueError, TypeError) as error:  # a bad row (pydantic's and our errors are ValueErrors)
            assert isinstance(result, Exception), (row, error)
            continue
        assert json.loads(result) == expected, row


@pytest.mark.parametrize("processes, cached", [(1, True), (1, False), (2, True), (2, False)])
def test_verdicts_with_workers_and_without_a_cache(processes, cached):
    rows = _rows()
    full = list(answer_json_many(rows, cache=AnswerCache(), processes=1))
    got = list(answer_json_many(rows, cache=AnswerCache() if cached else None, processes=processes, verdicts=True))
    assert len(got) == len(rows)
    for answer, summary in zip(full, got):
        if isinstance(answer, Exception):
            assert _summary_or_error(summary) == _summary_or_error(answer)
        else:
            assert json.loads(summary) == _by_json(answer) and summary == summary_json(answer).decode()


def _events_csv() -> Path:
    return ROOT / "cases" / "batch" / "events.csv"


def test_batch_to_a_csv_file_is_a_table_of_verdicts_by_row(tmp_path):
    answers, table = tmp_path / "answers.jsonl", tmp_path / "tags.csv"
    assert main(["batch", str(_events_csv()), "-o", str(answers), "-j", "1"]) == 0
    assert main(["batch", str(_events_csv()), "-o", str(table), "-j", "1"]) == 0
    lines = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines()]
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["row", *IDS, "rules", "unverified", "error"]
    assert [int(row["row"]) for row in rows] == [line["row"] for line in lines] == list(range(1, 13))
    for line, row in zip(lines, rows):
        if "error" in line:
            assert row["error"] == line["error"] and not any(row[i] for i in IDS)
            continue
        expected = _by_json(json.dumps(line["answer"]))
        assert {i: row[i] for i in IDS} == expected["verdicts"]
        assert (row["unverified"].split(";") if row["unverified"] else []) == expected["unverified"]
        assert row["rules"].split(";") == [rule for i in IDS for rule in expected["rules"][i]]
        assert row["error"] == ""
    assert rows[8]["error"].startswith("date: ")  # the sample's 2020-02-30


def test_batch_verdicts_as_json_lines_on_standard_output(tmp_path):
    import subprocess
    import sys

    rows = [NK_INCENDIARY, {**NK_INCENDIARY, "date": "2020-02-30"}]
    done = subprocess.run([sys.executable, "-m", "whatapplies", "batch", "-", "-o", "-", "--verdicts"],
                          input="".join(json.dumps(r) + "\n" for r in rows).encode(), cwd=tmp_path,
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()[-500:]
    first, second = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert first == {"row": 1, **_by_json(whatapplies.ask(NK_INCENDIARY).model_dump_json())}
    assert first["verdicts"]["ccw-p3"] == "does_not_apply" and first["verdicts"]["opcw"] == "not_competent"
    assert first["rules"]["ccw-p3"] == ["ccw-p3.not-bound", "ccw-p3.opponent.not-bound"]
    assert list(first) == ["row", "verdicts", "rules", "unverified"]
    assert set(second) == {"row", "error"} and second["row"] == 2


def test_one_cache_serves_answers_and_verdicts_in_either_order():
    """Verdicts read off a situation kept by an earlier batch of whole answers (when first asked for),
    or kept with it when the situation was new; whole answers unchanged by either."""
    from whatapplies.knowledge import default_knowledge

    exact_day = default_knowledge().membership("AZE", "cwc").entry_into_force  # a date kept for itself alone
    rows = _rows() + [{**NK_INCENDIARY, "date": exact_day.isoformat()}]
    full = list(answer_json_many(rows, cache=None, processes=1))
    expected = [_summary_or_error(a) if isinstance(a, Exception) else _by_json(a) for a in full]
    for first in ("answers", "verdicts"):
        cache = AnswerCache()
        for mode in (first, "verdicts" if first == "answers" else "answers", first):
            got = list(answer_json_many(rows, cache=cache, processes=1, verdicts=mode == "verdicts"))
            if mode == "answers":
                assert [_summary_or_error(g) if isinstance(g, Exception) else g for g in got] == \
                    [_summary_or_error(a) if isinstance(a, Exception) else a for a in full]
            else:
                assert [_summary_or_error(g) for g in got] == expected
        assert any(type(entry).__name__ == "_Exact" for entry in cache._entries.values())


def test_pieces_that_cannot_tell_fall_back_to_the_whole_answer(monkeypatch):
    from whatapplies.answer_cache import Part
    from whatapplies.verdicts import NO_FINDING, finding_of, summary_of_findings

    finding = whatapplies.ask(NK_INCENDIARY).regimes[1].model_dump_json().encode()
    assert finding_of(finding) == ("ccw-p3", "does_not_apply", ("ccw-p3.not-bound", "ccw-p3.opponent.not-bound"), False)
    assert finding_of(b'{"scenario":{"date":"2020-10-31"},"regimes":[') == NO_FINDING
    assert finding_of(finding + b"," + finding) is None and finding_of(finding[:-1]) is None
    assert summary_of_findings([("ccw-p3", "does_not_apply", ("ccw-p3.not-bound",), False)]) is None
    rows = _rows()[:30]
    expected = [_summary_or_error(r) for r in answer_json_many(rows, cache=AnswerCache(), processes=1, verdicts=True)]
    monkeypatch.setattr(Part, "finding", lambda self: None)
    assert [_summary_or_error(r) for r in answer_json_many(rows, cache=AnswerCache(), processes=1,
                                                           verdicts=True)] == expected


def test_the_table_of_verdicts_is_separated_as_its_input_was(tmp_path):
    """A spreadsheet set to Dutch saves and opens CSV with `;`: the table comes back as it went in."""
    comma = _events_csv().read_text(encoding="utf-8")
    rows = list(csv.reader(comma.splitlines()))
    semicolon = tmp_path / "events.csv"
    with semicolon.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    tables = []
    for source, delimiter in ((_events_csv(), ","), (semicolon, ";")):
        target = tmp_path / f"tags-{delimiter == ';'}.csv"
        assert main(["batch", str(source), "-o", str(target), "-j", "1"]) == 0
        text = target.read_text(encoding="utf-8")
        assert text.splitlines()[0] == delimiter.join(["row", *IDS, "rules", "unverified", "error"])
        with target.open(encoding="utf-8", newline="") as handle:
            tables.append(list(csv.DictReader(handle, delimiter=delimiter)))
    assert tables[0] == tables[1] and len(tables[0]) == 12
    assert any(";" in row["unverified"] for row in tables[1])  # several ids in one cell, quoted
