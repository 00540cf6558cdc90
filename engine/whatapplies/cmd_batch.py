"""`whatapplies batch INPUT -o OUTPUT`: answer every row of a CSV or JSONL file.

One JSON line per input row in OUTPUT: {"row": N, "answer": {...}} or {"row": N, "error":
"..."}. Rows count from 1: CSV data rows (the header is not a row), JSONL lines (blank
lines are skipped but still counted, so N is the line number). A bad row never stops
the batch and the exit code stays 0; exit 2 only when the input cannot be read at all.
The rules run once per legal situation (see batch.py), in `--processes` worker processes
(default one per CPU); the output is in input order whatever the number of processes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError

from .errors import first_error, read_utf8

CSV_SUFFIXES = (".csv",)
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
PROGRESS_MIN_ROWS = 50


def _bad_input_class() -> type[Exception]:
    # Imported late: `python -m whatapplies.cli` imports this module while cli is half-loaded.
    from .cli import BadInput

    return BadInput


def _bad_input(message: str) -> Exception:
    return _bad_input_class()(message)


def _csv_rows(path: Path, text: str) -> list[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    if "date" not in header:
        raise _bad_input(f"{path}: no 'date' column in the CSV header")
    reader.fieldnames = header
    rows: list[tuple[int, Any]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if None in record:
                rows.append((number, ValueError(f"more cells than header columns ({len(header)})")))
                continue
            fields: dict[str, Any] = {k: v for k, v in record.items() if v is not None and v.strip() != ""}
            if "opponents" in fields:
                fields["opponents"] = [o.strip() for o in fields["opponents"].split(";") if o.strip()]
            rows.append((number, fields))
    except csv.Error as error:
        raise _bad_input(f"{path}: not valid CSV: {error}") from None
    return rows


def _jsonl_rows(text: str) -> list[tuple[int, Any]]:
    rows: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            rows.append((number, ValueError(f"not valid JSON: {error.msg} (column {error.colno})")))
            continue
        rows.append((number, value if isinstance(value, dict) else TypeError("expected a JSON object")))
    return rows


def read_rows(path: Path) -> list[tuple[int, Any]]:
    """(row number, scenario dict or the exception that makes the row bad) for every row."""
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + JSONL_SUFFIXES:
        raise _bad_input(f"{path}: unknown input type {suffix or '(none)'!r}; use .csv or .jsonl")
    text = read_utf8(path, _bad_input_class())
    return _csv_rows(path, text) if suffix in CSV_SUFFIXES else _jsonl_rows(text)


def one_line(error: Exception) -> str:
    if isinstance(error, ValidationError):
        message = first_error(error, top_level="(row)").removeprefix("field ")
    else:
        message = str(error) or type(error).__name__
    return " ".join(message.split())


def results(
    rows: list[tuple[int, Any]], *, lang: str, cache: bool, processes: int | None = None
) -> Iterator[tuple[bool, bytes]]:
    """(answered?, output line as UTF-8 without newline) per row, in input order.

    Worker processes start here, before the caller iterates (and starts a progress bar).
    """
    from .batch import answer_json_many, default_cache

    good = [row for _, row in rows if not isinstance(row, Exception)]
    processes = 1 if len(good) < 2 else processes
    answers = answer_json_many(good, lang=lang, cache=default_cache() if cache else None, processes=processes,
                               encoded=True)
    return _lines(rows, answers)


def _lines(rows: list[tuple[int, Any]], answers: Iterator[Any]) -> Iterator[tuple[bool, bytes]]:
    for number, row in rows:
        result = row if isinstance(row, Exception) else next(answers)
        if isinstance(result, Exception):
            yield False, json.dumps({"row": number, "error": one_line(result)}, ensure_ascii=False).encode("utf-8")
        else:
            yield True, b'{"row": %d, "answer": %s}' % (number, result)
    answers.close()


def batch(
    input_path: Path = typer.Argument(..., metavar="INPUT", help="Scenarios: .csv (a header of scenario fields) or .jsonl."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write one JSON line per input row."),
    lang: str = typer.Option("en", "--lang", help="Language of the answers: en or nl."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Run the rules for every row, even repeated ones."),
    processes: int = typer.Option(
        0, "--processes", "-j", min=0, show_default=False,
        help="Worker processes that run the rules (default: one per CPU; 1: in this process).",
    ),
) -> None:
    """Answer every scenario in a CSV or JSONL file; bad rows are reported, not fatal."""
    from rich.console import Console
    from rich.progress import Progress

    from .batch import WorkerDied
    from .cli import EXIT_STOPPED, check_lang  # late, as _bad_input_class

    check_lang(lang)
    rows = read_rows(input_path)
    try:
        sink = output.open("wb")
    except OSError as error:
        raise _bad_input(f"{output}: cannot write: {error.strerror}") from None
    answered = bad = 0
    quiet = not sys.stderr.isatty() or len(rows) < PROGRESS_MIN_ROWS
    lines = results(rows, lang=lang, cache=not no_cache, processes=processes or os.cpu_count())
    try:
        with sink, Progress(console=Console(stderr=True), disable=quiet, transient=True) as progress:
            task = progress.add_task("answering", total=len(rows))
            for ok, line in lines:
                sink.write(line + b"\n")
                answered += ok
                bad += not ok
                progress.advance(task)
    except WorkerDied as error:
        typer.echo(f"error: {error}; {answered + bad} of {len(rows)} rows written to {output}", err=True)
        raise typer.Exit(EXIT_STOPPED) from None
    typer.echo(f"{answered} answered, {bad} bad row{'' if bad == 1 else 's'}", err=True)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
