"""`whatapplies states`: which states the seeds hold treaty facts for, and how much of it is known.

Any other state can be asked about, and every treaty then answers `unknown` (there is no
data on its participation): this list says where that will happen, and where facts rest
on unverified data (`whatapplies treaties STATE` shows them one by one).
"""

from __future__ import annotations

import json
from typing import Any

import typer

from .knowledge import default_knowledge
from .names import state_display_name

WORDS = {
    "en": {"line": "status known for {known} of {total} treaties, {verified} verified", "declarations": "{n} declaration(s)",
           "read": "{type} declarations read whole to {as_of}",
           "other": "Any other state: every treaty answers unknown (no data on its participation)."},
    "nl": {"line": "status bekend voor {known} van {total} verdragen, {verified} geverifieerd", "declarations": "{n} verklaring(en)",
           "read": "verklaringen {type} volledig gelezen tot en met {as_of}",
           "other": "Elke andere staat: elk verdrag geeft onbekend (geen gegevens over zijn deelname)."},
}


def coverage(lang: str = "en") -> list[dict[str, Any]]:
    """Per state with a seeds file: its name, how many treaties have a known status (party, non-party or
    signatory), how many of those are verified, its declarations, and to which day each type of them was read
    from a complete list (before that day a missing declaration is known to be missing)."""
    knowledge = default_knowledge()
    rows = []
    for code in sorted(knowledge.states):
        record = knowledge.states[code]
        known = [m for treaty, m in record.memberships.items() if treaty in knowledge.treaties and m.status != "unknown"]
        rows.append({"state": code, "name": state_display_name(code, lang), "known": len(known),
                     "total": len(knowledge.treaties), "verified": sum(m.verified for m in known),
                     "declarations": len(record.declarations),
                     "declarations_read": {type_: complete.as_of.isoformat()
                                           for type_, complete in sorted(record.declarations_complete.items())}})
    return rows


def register(app: typer.Typer) -> None:
    from .ask_command import check_lang

    @app.command()
    def states(
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
        lang: str = typer.Option("en", "--lang", help="Language of the names: en or nl."),
    ) -> None:
        """Which states have treaty data, and how much of it is known and verified."""
        words = WORDS[check_lang(lang)]
        rows = coverage(lang)
        if as_json:
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        width = max(len(row["name"]) for row in rows)
        for row in rows:
            line = words["line"].format(**row)
            if row["declarations"]:
                line += "; " + words["declarations"].format(n=row["declarations"])
            for type_, as_of in row["declarations_read"].items():
                line += "; " + words["read"].format(type=type_, as_of=as_of)
            typer.echo(f"{row['state']}  {row['name']:<{width}}  {line}")
        typer.echo(words["other"])
