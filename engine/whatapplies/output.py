"""Showing an Answer to a person: a rich table for the terminal, Markdown for memos."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .models import Answer, Finding

if TYPE_CHECKING:  # rich is imported when a table is printed, not for --json or Markdown
    from rich.console import Console, Group
    from rich.table import Table

HEADINGS = {
    "en": {"regimes": "Legal regimes", "bodies": "Who could investigate", "id": "id", "verdict": "verdict",
           "why": "why", "citation": "citation", "source": "source", "routes": "routes",
           "unverified": "rests on an unverified fact", "scenario": "Situation", "letter": "letter"},
    "nl": {"regimes": "Rechtsregimes", "bodies": "Wie kan onderzoeken", "id": "id", "verdict": "oordeel",
           "why": "waarom", "citation": "bepaling", "source": "bron", "routes": "routes",
           "unverified": "berust op een niet-geverifieerd feit", "scenario": "Situatie", "letter": "brief"},
}
VERDICTS = {
    "en": {},
    "nl": {"applies": "van toepassing", "does_not_apply": "niet van toepassing", "conditional": "onder voorwaarden",
           "unknown": "onbekend", "competent": "bevoegd", "not_competent": "niet bevoegd"},
}
STYLE = {"applies": "green", "competent": "green", "does_not_apply": "red", "not_competent": "red",
         "conditional": "yellow", "unknown": "magenta"}


def verdict_word(verdict: str, lang: str) -> str:
    return VERDICTS.get(lang, {}).get(verdict, verdict)


def source_line(finding: Finding, lang: str = "en") -> str:
    """The first source behind a finding: a letter quote, or a URL."""
    for fact in finding.facts:
        if fact.source.kind == "letter" and fact.source.quote:
            return f"“{fact.source.quote}” ({fact.source.document})"
    for fact in finding.facts:
        if fact.source.url:
            return fact.source.url
    return ""


def extra_routes(finding: Finding) -> list[str]:
    """The routes to show after the reasons: none when the reasons are the routes (nothing else decided)."""
    routes = [condition.route for condition in finding.conditions]
    return [] if routes == finding.reasons else routes


def scenario_line(answer: Answer, lang: str = "en") -> str:
    """The situation in one line, in the answer's language: states, conflict, weapon and use by name
    (render.Renderer shows them as the reasons do)."""
    from .knowledge import default_knowledge
    from .render import Renderer

    s = answer.scenario
    show = Renderer(default_knowledge(), lang).format_field
    opponents = ", ".join(show(o, "state") for o in s.opponents) or "-"
    against = "tegen" if lang == "nl" else "vs"
    parts = [s.date.isoformat(), f"{show(s.actor, 'state')} {against} {opponents}", f"in {show(s.territory, 'state')}",
             show(s.conflict, "conflict")]
    if s.weapon:
        parts.append(show(s.weapon, "weapon") + (f" ({show(s.use, 'use')})" if s.use else ""))
    return " · ".join(parts)


def _table(title: str, findings: list[Finding], lang: str) -> Table:
    from rich.table import Table
    from rich.text import Text

    h = HEADINGS[lang]
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column(h["id"], no_wrap=True)
    table.add_column(h["verdict"], no_wrap=True)
    table.add_column(h["why"], ratio=3)
    table.add_column(h["citation"], ratio=1)
    table.add_column(h["source"], ratio=2)
    for finding in findings:
        why = Text("\n".join(finding.reasons))
        for route in extra_routes(finding):
            why.append(f"\n→ {route}", style="dim")
        if finding.unverified:
            why.append(f"\n⚠ {h['unverified']}", style="yellow")
        table.add_row(
            finding.id,
            Text(verdict_word(finding.verdict, lang), style=STYLE.get(finding.verdict, "")),
            why,
            "\n".join(finding.citations[:3]),
            source_line(finding, lang),
        )
    return table


#: Below this many columns the five-column table squeezes every reason into a sliver:
#: show each finding as a heading line and its reasons underneath instead.
WIDE_ENOUGH = 110


def _listing(title: str, findings: list[Finding], lang: str) -> Group:
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    h = HEADINGS[lang]
    parts: list[Any] = [Text(title, style="bold underline")]
    for finding in findings:
        heading = Text("\n")
        heading.append(finding.id, style="bold")
        heading.append("  ")
        heading.append(verdict_word(finding.verdict, lang), style=STYLE.get(finding.verdict, ""))
        body = Text("\n".join(finding.reasons))
        for route in extra_routes(finding):
            body.append(f"\n→ {route}", style="dim")
        if finding.citations:
            body.append(f"\n{h['citation']}: {'; '.join(finding.citations)}", style="cyan")
        source = source_line(finding, lang)
        if source:
            body.append(f"\n{h['source']}: {source}", style="dim")
        if finding.unverified:
            body.append(f"\n⚠ {h['unverified']}", style="yellow")
        parts += [heading, Padding(body, (0, 0, 0, 2))]
    return Group(*parts)


def print_table(answer: Answer, console: Console, lang: str = "en") -> None:
    """A table on a wide terminal; on a narrow one (or a pipe of < 110 columns) a listing."""
    h = HEADINGS[lang]
    console.print(f"[bold]{h['scenario']}:[/bold] {scenario_line(answer, lang)}")
    for title, findings in ((h["regimes"], answer.regimes), (h["bodies"], answer.bodies)):
        if console.width >= WIDE_ENOUGH:
            console.print(_table(title, findings, lang))
        else:
            console.print(_listing(title, findings, lang))
            console.print()


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(answer: Answer, lang: str = "en") -> str:
    h = HEADINGS[lang]
    lines = [f"**{h['scenario']}:** {scenario_line(answer, lang)}", ""]
    for title, findings in ((h["regimes"], answer.regimes), (h["bodies"], answer.bodies)):
        lines += [f"### {title}", "", f"| {h['id']} | {h['verdict']} | {h['why']} | {h['citation']} | {h['source']} |",
                  "|---|---|---|---|---|"]
        for finding in findings:
            why = " ".join(finding.reasons)
            routes = extra_routes(finding)
            if routes:
                why += " " + h["routes"] + ": " + " ".join(routes)  # each route is a sentence of its own
            if finding.unverified:
                why += f" ⚠ {h['unverified']}."
            lines.append(
                f"| {finding.id} | {verdict_word(finding.verdict, lang)} | {_md_escape(why)} | "
                f"{_md_escape('; '.join(finding.citations))} | {_md_escape(source_line(finding, lang))} |"
            )
        lines.append("")
    return "\n".join(lines)
