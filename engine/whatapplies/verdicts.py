"""A row's verdicts alone, for pipelines that tag events: `whatapplies batch --verdicts`.

A tag needs each regime's and body's verdict, the rules that decided it (their ids name
the provision: `ccw-p3.not-bound`) and whether it rests on a fact not verified against
its source, not the ~25 kB of reasons, facts and quotes behind them (those stay one
`whatapplies ask` away). The summary is read off the answer's JSON, so it says exactly
what the answer says.

Reading it with `json.loads` costs ~165 µs per answer, more than answering a cached row;
regular expressions cost ~30 µs. They are exact on `Answer.model_dump_json()` (compact,
fields in model order): a finding is the only object whose first two fields are "id"
and "verdict", the only one with "rule" and "rules" fields, and the only one with an
"unverified" field, its last; a string value cannot hold an unescaped quote. Anything
else (other JSON, another order of ids) is read with `json.loads`, and the result is
checked against the contract's ids.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .models import BODY_IDS, REGIME_IDS

IDS: tuple[str, ...] = (*REGIME_IDS, *BODY_IDS)
_FINDING = re.compile(rb'\{"id":"([a-z0-9-]+)","verdict":"([a-z_]+)"')
_RULES = re.compile(rb'"rule":"[^"]*","rules":\[([^\]]*)\]')
_RULE = re.compile(rb'"([^"]*)"')
_UNVERIFIED = re.compile(rb'"unverified":(true|false)\}')

#: One finding as a tag: (id, verdict, the rules that decided it, whether it rests on an unverified fact).
Tag = tuple[str, str, tuple[str, ...], bool]


def _tags(data: bytes) -> list[Tag] | None:
    """The findings in `data` (compact JSON of an answer, or of a piece of one) as tags; None when the
    three readings do not line up (then json.loads decides)."""
    found, rules, flags = _FINDING.findall(data), _RULES.findall(data), _UNVERIFIED.findall(data)
    if not len(found) == len(rules) == len(flags):
        return None
    return [(key.decode(), verdict.decode(), tuple(rule.decode() for rule in _RULE.findall(deciding)), flag == b"true")
            for (key, verdict), deciding, flag in zip(found, rules, flags)]


def summary_of(answer_json: bytes | str) -> dict[str, Any]:
    """{"verdicts": {id: verdict, ...} in the answer's order, "rules": {id: [the rules that decided it]},
    "unverified": [ids whose verdict rests on an unverified fact]}."""
    data = answer_json.encode("utf-8") if isinstance(answer_json, str) else answer_json
    tags = _tags(data)
    if tags is None or [tag[0] for tag in tags] != list(IDS):
        answer = json.loads(data)
        tags = [(f["id"], f["verdict"], tuple(f["rules"]), f["unverified"]) for f in (*answer["regimes"], *answer["bodies"])]
        if [tag[0] for tag in tags] != list(IDS):
            raise ValueError("not an answer: its findings are not the regimes and bodies, each once, in order")
    return _summary(tags)


def _summary(tags: list[Tag]) -> dict[str, Any]:
    return {"verdicts": {key: verdict for key, verdict, _, _ in tags},
            "rules": {key: list(rules) for key, _, rules, _ in tags},
            "unverified": [key for key, _, _, unverified in tags if unverified]}


def summary_json(answer_json: bytes | str) -> bytes:
    """`summary_of` as JSON (UTF-8; ids, verdict words and rule ids are ASCII)."""
    return json.dumps(summary_of(answer_json)).encode("utf-8")


#: What `finding_of` gives for a piece of an answer that holds no finding.
NO_FINDING = ()


def finding_of(piece: bytes) -> Tag | tuple[()] | None:
    """The tag of a piece of an answer's JSON that is one whole finding; NO_FINDING for a piece
    without one (the scenario, the brackets between findings); None when it cannot tell."""
    tags = _tags(piece)
    if tags == [] and b'"unverified":' not in piece and b'"rules":' not in piece:
        return NO_FINDING
    if tags is not None and len(tags) == 1 and piece.startswith(b'{"id":"') and piece.endswith(b"}"):
        return tags[0]
    return None


def summary_of_findings(tags: list[Tag]) -> bytes | None:
    """`summary_json` from the tags of an answer's pieces in order; None unless they are the regimes and
    bodies, each once, in order."""
    if [tag[0] for tag in tags] != list(IDS):
        return None
    return json.dumps(_summary(tags)).encode("utf-8")
