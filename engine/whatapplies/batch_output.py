"""How `whatapplies batch` writes a row: its whole answer as a JSON line, or its verdicts alone (a JSON
line, or a row of a CSV table) for tagging a dataset. A bad row gets its error in each form."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from .verdicts import IDS


class JsonLines:
    """{"row": N, "answer": {...}} per answered row; {"row": N, "error": "..."} per bad one."""

    header: bytes | None = None
    verdicts = False

    def answered(self, number: int, answer: bytes) -> bytes:
        return b'{"row": %d, "answer": %s}' % (number, answer)

    def failed(self, number: int, message: str) -> bytes:
        return json.dumps({"row": number, "error": message}, ensure_ascii=False).encode("utf-8")


class VerdictLines(JsonLines):
    """{"row": N, "verdicts": {id: verdict, ...}, "rules": {id: [rule, ...]}, "unverified": [id, ...]}
    per answered row (verdicts.py)."""

    verdicts = True

    def answered(self, number: int, summary: bytes) -> bytes:
        return b'{"row": %d, %s' % (number, summary[1:])


class VerdictTable(JsonLines):
    """CSV: the row number, a column per regime and body, the rules that decided them and the ids
    resting on an unverified fact (each a list separated by ;), and the error of a bad row. Cells
    are separated as the input's were (`,`, or `;` as a spreadsheet set to Dutch saves and opens
    CSV)."""

    verdicts = True

    def __init__(self, delimiter: str = ",") -> None:
        self.ids = IDS
        self.delimiter = delimiter
        self.header = self._row(["row", *IDS, "rules", "unverified", "error"])

    def _row(self, cells: list[Any]) -> bytes:
        out = io.StringIO()
        csv.writer(out, delimiter=self.delimiter, lineterminator="").writerow(cells)
        return out.getvalue().encode("utf-8")

    def answered(self, number: int, summary: bytes) -> bytes:
        found = json.loads(summary)
        rules = ";".join(rule for i in self.ids for rule in found["rules"][i])
        return self._row([number, *(found["verdicts"][i] for i in self.ids), rules, ";".join(found["unverified"]), ""])

    def failed(self, number: int, message: str) -> bytes:
        return self._row([number, *([""] * len(self.ids)), "", "", message])


def output_format(output: Path, verdicts: bool, delimiter: str = ",") -> JsonLines:
    """A table of verdicts for OUTPUT.csv; JSON lines, of verdicts or whole answers, otherwise."""
    if output.suffix.lower() == ".csv":
        return VerdictTable(delimiter)
    return VerdictLines() if verdicts else JsonLines()
