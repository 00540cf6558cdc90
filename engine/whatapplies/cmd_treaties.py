"""`whatapplies treaties STATE --on DATE`: what binds a state on a date, and `diff`: what changes between two dates.

Both ask the rules (rules/membership.py decides "bound on this date"); this module only
shows their status facts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, List, Optional

import typer

from .api import ask, explain_facts
from .facts import standing_segments, standing_source
from .knowledge import default_knowledge
from .names import UnknownName, is_group, resolve_state, state_display_name
from .output import WIDE_ENOUGH  # as `ask`: narrower, and each instrument is listed with its reasons underneath

WORDS = {
    "en": {"title": "{state} on {on}", "instrument": "instrument", "status": "status", "since": "since", "until": "until",
           "why": "why", "source": "source", "then": "then", "no source": "no source", "unverified": "unverified",
           "bound": "bound", "not-bound": "not bound", "unknown": "unknown",
           "declaration": "declaration in force: {type} from {since}", "to": " to {until}", "open": " (open-ended)",
           "register": "{type} declarations read from a complete list up to {until}: {source}",
           "no changes": "No verdict changes between {first} and {second}.",
           "basis": "{id}: {verdict}, on another basis: {old} -> {new}"},
    "nl": {"title": "{state} op {on}", "instrument": "verdrag", "status": "status", "since": "sinds",
           "until": "tot en met", "why": "waarom", "source": "bron", "then": "daarna", "no source": "geen bron",
           "unverified": "niet geverifieerd", "bound": "gebonden", "not-bound": "niet gebonden", "unknown": "onbekend",
           "declaration": "verklaring van kracht: {type} vanaf {since}", "to": " tot en met {until}",
           "register": "verklaringen {type} gelezen in een volledige lijst tot en met {until}: {source}",
           "open": " (zonder einddatum)", "no changes": "Geen andere uitkomsten tussen {first} en {second}.",
           "basis": "{id}: {verdict}, op een andere grond: {old} -> {new}"},
}


def _last_day(exclusive_end: str) -> str | None:
    """Facts carry the first day after a period; people read its last day."""
    return (dt.date.fromisoformat(exclusive_end) - dt.timedelta(days=1)).isoformat() if exclusive_end else None


def treaty_status(state: str, on: dt.date, lang: str = "en") -> dict[str, Any]:
    """Per instrument: bound / not-bound / unknown on `on`, with the dates and the source, as the rules found;
    `why`, `then`, the instrument's name and the membership's statement in `lang` (statements.py)."""
    from .ask_command import BadInput

    knowledge = default_knowledge()
    try:
        code = resolve_state(state, "state")
    except UnknownName as error:
        raise BadInput(str(error)) from None
    if is_group(code):
        raise BadInput("treaties: give a state, not an armed group")
    _, final = explain_facts({"date": on, "territory": code, "actor": code, "conflict": "none"})
    rows = []
    for fact in final:
        if fact["kind"] != "status" or fact["state"] != code or fact["instrument"] not in knowledge.treaties:
            continue
        segment, following = next(filter(None, (standing_segments(knowledge, fid) for fid in fact["inputs"])), (None, None))
        described = knowledge.fact(standing_source(code, fact["instrument"], segment) if segment else
                                   f"membership:{code}/{fact['instrument']}", lang)
        rows.append({
            "instrument": fact["instrument"],
            "name": _name(knowledge.treaties[fact["instrument"]], lang),
            "status": fact["value"],
            "since": fact["since"] or None,
            "until": _last_day(fact["until"]),
            "why": segment.account.say(lang) if segment else None,
            "then": following.account.say(lang) if following else None,  # why the standing ends at `until`
            "rule": fact["rule"],
            "statement": described.statement,
            "source": described.source.url,
            "verified": described.source.verified,
        })
    declarations = [
        {"type": fact["type"], "since": fact["since"], "until": _last_day(fact["until"]),
         "verified": all(knowledge.fact(fid, lang).source.verified for fid in fact["inputs"] if fid.startswith("declaration:"))}
        for fact in final if fact["kind"] == "declared" and fact["state"] == code
    ]
    # Where a missing declaration means none: read from a complete list up to `until` (facts.py)
    registers = []
    for fact in final:
        if fact["kind"] == "register" and fact["state"] == code:
            described = knowledge.fact(fact["fid"], lang)
            registers.append({"type": fact["type"], "until": fact["until"], "source": described.source.url,
                              "verified": described.source.verified})
    order = list(knowledge.treaties)
    rows.sort(key=lambda row: order.index(row["instrument"]))
    return {"state": code, "on": on.isoformat(), "instruments": rows, "declarations": declarations,
            "declarations_read": registers}


def _name(treaty: Any, lang: str) -> str:
    return treaty.name_nl if lang == "nl" else treaty.short


def print_treaties(result: dict[str, Any], console: Any, lang: str = "en") -> None:
    """`treaty_status`'s result for a person: a table on a wide terminal, a listing on a narrow one."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    words = WORDS[lang]
    title = words["title"].format(state=state_display_name(result["state"], lang), on=result["on"])
    table = Table(title=title, show_lines=True) if console.width >= WIDE_ENOUGH else None
    if table is not None:
        for column in ("instrument", "status", "since", "until", "why", "source"):
            table.add_column(words[column], ratio=2 if column in ("why", "source") else None)
    else:
        console.print(Text(title, style="bold underline"))
    for row in result["instruments"]:
        style = {"bound": "green", "not-bound": "red", "unknown": "magenta"}[row["status"]]
        status = Text(words[row["status"]], style=style)
        why = (row["why"] or "") + (f"\n{words['then']}: {row['then']}" if row["then"] else "")
        source = (row["source"] or words["no source"]) + ("" if row["verified"] else f"\n⚠ {words['unverified']}")
        if table is not None:
            table.add_row(row["name"], status, row["since"] or "", row["until"] or "", why, source)
            continue
        heading = Text("\n")
        heading.append(row["name"], style="bold")
        heading.append("  ")
        heading.append_text(status)
        for word in ("since", "until"):
            if row[word]:
                heading.append(f"  {words[word]} {row[word]}")
        body = Text(why + "\n" if why else "")
        body.append(f"{words['source']}: {source}", style="dim")
        console.print(heading, Padding(body, (0, 0, 0, 2)))
    console.print(table if table is not None else "")
    for declaration in result["declarations"]:
        console.print(words["declaration"].format(**declaration)
                      + (words["to"].format(until=declaration["until"]) if declaration["until"] else words["open"])
                      + ("" if declaration["verified"] else f" (⚠ {words['unverified']})"))
    for listed in result["declarations_read"]:
        console.print(words["register"].format(**listed) + ("" if listed["verified"] else f" (⚠ {words['unverified']})"))


def register(app: typer.Typer) -> None:
    from .ask_command import check_lang, parse_date, scenario_from

    @app.command()
    def treaties(
        state: str = typer.Argument(..., help="A state: code or name, English or Dutch."),
        on: Optional[str] = typer.Option(None, "--on", help="Date, YYYY-MM-DD (default: today)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
        lang: str = typer.Option("en", "--lang", help="Language of the accounts and labels: en or nl."),
    ) -> None:
        """What binds a state on a date: each treaty, since when, until when, why, with its source."""
        check_lang(lang)
        day = parse_date(on, "--on") if on else dt.date.today()
        result = treaty_status(state, day, lang)
        if as_json:
            typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
            return
        from rich.console import Console

        print_treaties(result, Console(), lang)

    @app.command()
    def diff(
        casefile: Optional[Path] = typer.Argument(None, help="A case file; flags override its scenario."),
        date: Optional[str] = typer.Option(None, "--date", help="First date, YYYY-MM-DD."),
        to: str = typer.Option(..., "--to", help="Second date, YYYY-MM-DD."),
        territory: Optional[str] = typer.Option(None, "--territory"),
        actor: Optional[str] = typer.Option(None, "--actor"),
        opponent: List[str] = typer.Option([], "--opponent"),
        nationality: Optional[str] = typer.Option(None, "--nationality"),
        conflict: Optional[str] = typer.Option(None, "--conflict"),
        weapon: Optional[str] = typer.Option(None, "--weapon"),
        use: Optional[str] = typer.Option(None, "--use"),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
        lang: str = typer.Option("en", "--lang", help="Language of the reasons: en or nl."),
    ) -> None:
        """What changes for the same situation between two dates: a verdict, or the rules that decide it."""
        words = WORDS[check_lang(lang)]
        first = scenario_from(casefile, date, territory, actor, opponent, nationality, conflict, weapon, use)
        second = first.model_copy(update={"date": parse_date(to, "--to")})
        before, after = ask(first, lang=lang), ask(second, lang=lang)
        changes = []
        for old, new in zip(before.regimes + before.bodies, after.regimes + after.bodies):
            # The same verdict on another basis matters too: the ICC by a state's membership, no longer
            # by its art. 12(3) declaration (`whatapplies rules ID` says what each rule is).
            if old.verdict != new.verdict or old.rules != new.rules:
                changes.append({"id": old.id, "from": old.verdict, "to": new.verdict, "reasons": new.reasons,
                                "rules_from": old.rules, "rules_to": new.rules})
        if as_json:
            typer.echo(json.dumps({"from": first.date.isoformat(), "to": second.date.isoformat(), "changes": changes},
                                  indent=2, ensure_ascii=False))
            return
        if not changes:
            typer.echo(words["no changes"].format(first=first.date, second=second.date))
        for change in changes:
            if change["from"] == change["to"]:
                typer.echo(words["basis"].format(id=change["id"], verdict=change["to"], old=", ".join(change["rules_from"]),
                                                 new=", ".join(change["rules_to"])))
            else:
                typer.echo(f"{change['id']}: {change['from']} -> {change['to']}")
            for reason in change["reasons"]:
                typer.echo(f"    {reason}")
