"""`whatapplies batch INPUT -o OUTPUT`: answer every row of a CSV or JSONL file (`-`: standard input/output).

One JSON line per input row in OUTPUT: {"row": N, "answer": {...}} or {"row": N, "error":
"..."}, in input order whatever the number of processes; with `--verdicts`, or into an
OUTPUT ending in .csv, each row's verdicts alone (batch_output.py). How rows are read and
counted: batch_input.py; the input is read as the answers are written, so its size is
not bounded by memory. A bad row never stops the batch and the exit code stays 0; exit 2
when the input cannot be read, 3 when a worker process died. The rules run once per
legal situation (see batch.py), in `--processes` worker processes (default one per CPU).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import typer
from pydantic import ValidationError

from .ask_command import BadInput, check_lang
from .batch_input import STDIO, Reading, open_rows
from .batch_output import JsonLines, output_format
from .errors import first_error

PROGRESS_MIN_ROWS = 50



def one_line(error: Exception) -> str:
    if isinstance(error, ValidationError):
        message = first_error(error, top_level="(row)").removeprefix("field ")
        if error.errors(include_url=False, include_input=False, include_context=False)[0]["type"] == "extra_forbidden":
            message = message.replace("Extra inputs are not permitted", "not a scenario field (--ignore-extra skips it)")
    else:
        message = str(error) or type(error).__name__
    return " ".join(message.split())


def results(
    rows: Iterable[tuple[int, Any]], *, lang: str, cache: bool, processes: int | None = None,
    form: JsonLines | None = None,
) -> Iterator[tuple[bool, bytes]]:
    """(answered?, output line as UTF-8 without newline) per row, in input order, reading `rows` only as
    far ahead as the answers need (batch.LOOKAHEAD): the input may be larger than memory.

    Worker processes start here, before the caller iterates (and starts a progress bar).
    """
    from .batch import answer_json_many, default_cache

    read: deque[tuple[int, Any]] = deque()  # rows read and not yet written, in order

    def scenarios() -> Iterator[Any]:
        for number, row in rows:
            read.append((number, row))
            if not isinstance(row, Exception):
                yield row

    form = form or JsonLines()
    answers = answer_json_many(scenarios(), lang=lang, cache=default_cache() if cache else None,
                               processes=processes, encoded=True, verdicts=form.verdicts)
    return _lines(read, answers, form)


_NOTHING = object()


def _lines(read: deque[tuple[int, Any]], answers: Iterator[Any], form: JsonLines) -> Iterator[tuple[bool, bytes]]:
    """Bad rows where they were read, good rows with their answers (which come in input order)."""
    held: Any = _NOTHING  # an answer taken to make the input move on, for the first good row in `read`
    try:
        while True:
            if not read:
                held = next(answers, _NOTHING)  # reads rows up to a good one and its answer, or to the end
                if not read:
                    return
            number, row = read.popleft()
            if isinstance(row, Exception):
                result = row
            elif held is not _NOTHING:
                result, held = held, _NOTHING
            else:
                result = next(answers)
            if isinstance(result, Exception):
                yield False, form.failed(number, one_line(result))
            else:
                yield True, form.answered(number, result)
    finally:
        answers.close()


def batch(
    input_path: Path = typer.Argument(
        ..., metavar="INPUT", help="Scenarios: .csv (a header of scenario fields) or .jsonl; - for standard input."),
    output: Path = typer.Option(
        ..., "-o", "--output",
        help="Where to write one JSON line per input row; - for standard output; a .csv file gets a table of verdicts."),
    lang: str = typer.Option("en", "--lang", help="Language of the answers: en or nl."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Run the rules for every row, even repeated ones."),
    verdicts: bool = typer.Option(
        False, "--verdicts", help="Write each row's verdicts, the rules that decided them and which rest on an unverified fact, not the whole answer."),
    ignore_extra: bool = typer.Option(
        False, "--ignore-extra",
        help="Skip CSV columns and JSON keys that are not scenario fields (an event id, notes); named at the end."),
    processes: int = typer.Option(
        0, "--processes", "-j", min=0, show_default=False,
        help="Worker processes that run the rules (default: one per CPU; 1: in this process).",
    ),
) -> None:
    """Answer every scenario in a CSV or JSONL file; bad rows are reported, not fatal."""
    from rich.console import Console
    from rich.progress import Progress

    from .batch import WorkerDied
    from .cli import EXIT_STOPPED, tell  # late: `python -m whatapplies.cli` imports this module while cli is half-loaded

    check_lang(lang)
    reading = Reading(ignore_extra=ignore_extra)
    rows, expected = open_rows(input_path, BadInput, reading)
    to_stdout = str(output) == STDIO
    if to_stdout and sys.stdout is None:  # started without it (`>&-`)
        raise BadInput("-o -: standard output is closed")
    sink = sys.stdout.buffer if to_stdout else _open_output(output)
    answered = bad = 0
    quiet = sys.stderr is None or not sys.stderr.isatty() or (expected is not None and expected < PROGRESS_MIN_ROWS)
    processes = 1 if expected is not None and expected < 2 else processes or os.cpu_count()
    form = output_format(output, verdicts, reading.delimiter)
    lines = results(rows, lang=lang, cache=not no_cache, processes=processes, form=form)
    try:
        if form.header is not None:
            sink.write(form.header + b"\n")
        with Progress(console=Console(stderr=True), disable=quiet, transient=True) as progress:
            task = progress.add_task("answering", total=expected)
            for ok, line in lines:
                sink.write(line + b"\n")
                answered += ok
                bad += not ok
                progress.advance(task)
    except WorkerDied as error:
        where = "standard output" if to_stdout else output
        tell(f"error: {error}; the first {answered + bad} rows were written to {where}")
        raise typer.Exit(EXIT_STOPPED) from None
    finally:
        if to_stdout:
            sink.flush()
        else:
            sink.close()
    ignored = f"; ignored: {', '.join(reading.ignored)}" if reading.ignored else ""
    tell(f"{answered} answered, {bad} bad row{'' if bad == 1 else 's'}{ignored}")


def _open_output(output: Path) -> IO[bytes]:
    try:
        return output.open("wb")
    except OSError as error:
        raise BadInput(f"{output}: cannot write: {error.strerror}") from None


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
