"""The rows of a batch input, read as they are answered: a file of any size in bounded memory.

A row is (row number, scenario dict) or (row number, the exception that makes it bad).
A CSV file is comma-separated, or semicolon-separated when its header says so (`delimiter_of`).
A column that is not a scenario field (an event id, notes) refuses the file at its header,
unless `Reading(ignore_extra=True)` drops it, and a JSONL key likewise, and remembers its name.
Rows count from 1: CSV data rows (the header is not a row), JSONL lines (blank lines are
skipped but still counted, so N is the line number). What can be checked before the
first answer is (`open_rows`): the file opens, its type, the CSV header, and for a CSV
file that it is UTF-8; `BadInput` then says why in one line. Later, a JSONL line that is
not UTF-8 or not a JSON object is a bad row; a CSV line that is not UTF-8 (only on
standard input) or not CSV stops the batch with `BadInput` naming the row, since the
rows after it cannot be told apart.

`-` reads standard input: JSONL if its first non-blank byte is `{`, else CSV.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import cannot_read
from .models import Scenario

CSV_SUFFIXES = (".csv",)
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
STDIO = "-"
CHUNK_BYTES = 1 << 20

Row = tuple[int, Any]
FIELDS = frozenset(Scenario.model_fields)


class Reading:
    """How the input is read, and what reading it found: fields that are not scenario fields are refused
    (a CSV at its header, a JSONL row as bad) or with `ignore_extra` dropped, their names kept in
    `ignored` to tell the user; a CSV's `delimiter`, for an output that mirrors it."""

    def __init__(self, ignore_extra: bool = False):
        self.ignore_extra = ignore_extra
        self.ignored: dict[str, None] = {}  # in the order met
        self.delimiter = ","

    def drop(self, names: Iterable[str]) -> None:
        self.ignored.update(dict.fromkeys(names))


def open_rows(path: Path, failure: Callable[[str], Exception],
              reading: Reading | None = None) -> tuple[Iterator[Row], int | None]:
    """(the rows, read lazily; about how many there are, or None for standard input).

    `failure(message)` makes the exception for input that cannot be read at all.
    """
    reading = reading or Reading()
    if str(path) == STDIO:
        if sys.stdin is None:  # started without it (`<&-`)
            raise failure("-: standard input is closed")
        return _stdin_rows(failure, reading), None
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + JSONL_SUFFIXES:
        raise failure(f"{path}: unknown input type {suffix or '(none)'!r}; use .csv or .jsonl")
    # A pipe or a device cannot be read twice: its rows are counted as they come, like standard input's.
    lines = _count_lines(path, failure, check_utf8=suffix in CSV_SUFFIXES) if _regular(path) else None
    stream = _open(path, failure)
    if suffix in CSV_SUFFIXES:
        rows = _csv_rows(str(path), _decoded(stream, str(path), failure), failure, reading, close=stream.close)
        return rows, None if lines is None else max(lines - 1, 0)
    return _jsonl_rows(stream, reading, close=stream.close), lines


def _regular(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return True  # let the open fail and say why


def _open(path: Path, failure: Callable[[str], Exception]) -> IO[bytes]:
    try:
        return open(path, "rb")
    except (OSError, ValueError) as error:
        raise failure(cannot_read(path, error)) from None


def _count_lines(path: Path, failure: Callable[[str], Exception], *, check_utf8: bool) -> int:
    """Lines in the file (for the progress bar), reading it once in chunks; with `check_utf8`, refuse a
    file that is not UTF-8 before any row is answered."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = read = 0
    last = b"\n"
    with _open(path, failure) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            if check_utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    raise failure(f"{path}: not UTF-8 text (byte {read + error.start})") from None
            lines += chunk.count(b"\n")
            read += len(chunk)
            last = chunk[-1:]
    if check_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise failure(f"{path}: not UTF-8 text (byte {read})") from None
    return lines + (last != b"\n")


def _stdin_rows(failure: Callable[[str], Exception], reading: Reading) -> Iterator[Row]:
    stream = sys.stdin.buffer
    blank: list[bytes] = []
    for line in stream:
        if line.strip():
            lines = itertools.chain(blank, [line], stream)
            if line.lstrip().startswith((b"{", b"\xef\xbb\xbf{")):
                return _jsonl_rows(lines, reading)
            return _csv_rows("standard input", _decoded(lines, "standard input", failure), failure, reading)
        blank.append(line)
    return iter(())


def _decoded(lines: Iterable[bytes], name: str, failure: Callable[[str], Exception]) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        try:
            yield line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise failure(f"{name}: line {number} is not UTF-8 text (byte {error.start})") from None


def delimiter_of(header: str) -> str:
    """`,` — or `;` when the header has no comma but a semicolon, as a spreadsheet set to Dutch (or
    another language with a decimal comma) saves CSV. Several opponents then go in one quoted cell,
    still separated by `;`."""
    return ";" if "," not in header and ";" in header else ","


def _csv_rows(name: str, lines: Iterator[str], failure: Callable[[str], Exception], reading: Reading,
              close: Callable[[], None] | None = None) -> Iterator[Row]:
    """The header is read now (a file without a 'date' column, or with a column that is not a scenario
    field and not ignored, is refused at once), the rows as asked for."""
    first = next(lines, "")
    reading.delimiter = delimiter_of(first)
    reader = csv.DictReader(itertools.chain([first], lines), delimiter=reading.delimiter)
    try:
        header = [field.strip() for field in (reader.fieldnames or [])]
    except csv.Error as error:
        raise failure(f"{name}: not valid CSV: {error}") from None
    unknown = [column for column in header if column and column not in FIELDS]  # unnamed ones: rows say
    problem = "no 'date' column in the CSV header" if "date" not in header else None
    if unknown and not reading.ignore_extra and not problem:
        problem = (f"column{'s' if len(unknown) > 1 else ''} not in a scenario: {', '.join(unknown)} "
                   f"(--ignore-extra skips {'them' if len(unknown) > 1 else 'it'})")
    if problem:
        if close:
            close()
        raise failure(f"{name}: {problem}")
    reading.drop(unknown)
    reader.fieldnames = header
    return _csv_records(name, reader, len(header), failure, frozenset(unknown), close)


def _csv_records(name: str, reader: csv.DictReader[str], columns: int, failure: Callable[[str], Exception],
                 dropped: frozenset[str], close: Callable[[], None] | None) -> Iterator[Row]:
    number = 0
    try:
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise failure(f"{name}: row {number + 1} is not valid CSV: {error}") from None
            number += 1
            if None in record:
                yield number, ValueError(f"more cells than header columns ({columns})")
                continue
            fields: dict[str, Any] = {k: v for k, v in record.items()
                                      if v is not None and v.strip() != "" and k not in dropped}
            if "opponents" in fields:
                fields["opponents"] = [o.strip() for o in fields["opponents"].split(";") if o.strip()]
            yield number, fields
    finally:
        if close:
            close()


def _jsonl_rows(lines: Iterable[bytes], reading: Reading, close: Callable[[], None] | None = None) -> Iterator[Row]:
    try:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield number, ValueError(f"not UTF-8 text (byte {error.start})")
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, ValueError(f"not valid JSON: {error.msg} (column {error.colno})")
                continue
            if not isinstance(value, dict):
                yield number, TypeError("expected a JSON object")
                continue
            if reading.ignore_extra and not value.keys() <= FIELDS:
                reading.drop(key for key in value if key not in FIELDS)
                value = {key: item for key, item in value.items() if key in FIELDS}
            yield number, value
    finally:
        if close:
            close()
