"""A row's verdicts alone, for pipelines that tag events: `whatapplies batch --verdicts`.

A tag needs each regime's and body's verdict and whether it rests on a fact not
verified against its source, not the ~25 kB of reasons, facts and quotes behind them
(those stay one `whatapplies ask` away). The summary is read off the answer's JSON,
so it says exactly what the answer says.

Reading it with `json.loads` costs ~165 µs per answer, more than answering a cached row;
two regular expressions cost ~30 µs. They are exact on `Answer.model_dump_json()`
(compact, fields in model order): a finding is the only object whose first two fields
are "id" and "verdict", and the only one with an "unverified" field, its last; a string
value cannot hold an unescaped quote. Anything else (other JSON, another order of
ids) is read with `json.loads`, and the result is checked against the contract's ids.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .models import BODY_IDS, REGIME_IDS

IDS: tuple[str, ...] = (*REGIME_IDS, *BODY_IDS)
_FINDING = re.compile(rb'\{"id":"([a-z0-9-]+)","verdict":"([a-z_]+)"')
_UNVERIFIED = re.compile(rb'"unverified":(true|false)\}')


def summary_of(answer_json: bytes | str) -> dict[str, Any]:
    """{"verdicts": {id: verdict, ...} in the answer's order, "unverified": [ids whose verdict rests on
    an unverified fact]}."""
    data = answer_json.encode("utf-8") if isinstance(answer_json, str) else answer_json
    found = _FINDING.findall(data)
    flags = _UNVERIFIED.findall(data)
    if len(found) == len(flags) == len(IDS) and all(got.decode() == want for (got, _), want in zip(found, IDS)):
        return {"verdicts": {key.decode(): verdict.decode() for key, verdict in found},
                "unverified": [key.decode() for (key, _), flag in zip(found, flags) if flag == b"true"]}
    answer = json.loads(data)
    findings = [*answer["regimes"], *answer["bodies"]]
    if [finding["id"] for finding in findings] != list(IDS):
        raise ValueError("not an answer: its findings are not the regimes and bodies, each once, in order")
    return {"verdicts": {finding["id"]: finding["verdict"] for finding in findings},
            "unverified": [finding["id"] for finding in findings if finding["unverified"]]}


def summary_json(answer_json: bytes | str) -> bytes:
    """`summary_of` as JSON (UTF-8; ids and verdict words are ASCII)."""
    return json.dumps(summary_of(answer_json)).encode("utf-8")


#: What `finding_of` gives for a piece of an answer that holds no finding.
NO_FINDING = ()


def finding_of(piece: bytes) -> tuple[str, str, bool] | tuple[()] | None:
    """(id, verdict, unverified) of a piece of an answer's JSON that is one whole finding; NO_FINDING for
    a piece without one (the scenario, the brackets between findings); None when it cannot tell."""
    found = _FINDING.findall(piece)
    flags = _UNVERIFIED.findall(piece)
    if not found and not flags:
        return NO_FINDING
    if len(found) == len(flags) == 1 and piece.startswith(b'{"id":"') and piece.endswith(b"}"):
        return found[0][0].decode(), found[0][1].decode(), flags[0] == b"true"
    return None


def summary_of_findings(findings: list[tuple[str, str, bool]]) -> bytes | None:
    """`summary_json` from the findings of an answer's pieces in order; None unless they are the
    regimes and bodies, each once, in order."""
    if [finding[0] for finding in findings] != list(IDS):
        return None
    return json.dumps({"verdicts": {key: verdict for key, verdict, _ in findings},
                       "unverified": [key for key, _, unverified in findings if unverified]}).encode("utf-8")
