"""`whatapplies rules [PREFIX]`: the rulebook — each rule's id, the article it implements and its reason.

Answers name the rules that decided each verdict (`rule`, `rules`; `batch --verdicts`
gives only those ids). This command says what an id means without reading rules/: the
article and the plain-language reason, in English or Dutch, with the facts a reason
names as placeholders ("‹state› (‹role›) is not bound by ‹treaty› on ‹date›.").
"""

from __future__ import annotations

import json
import string
from typing import Any, Optional

import typer

from .render import catalogue

#: How a reason's placeholder is shown, per format spec (render.Renderer's kinds).
PLACEHOLDERS = {
    "en": {"state": "‹state›", "states": "‹states›", "states_or": "‹states›", "instrument": "‹treaty›", "weapon": "‹weapon›", "use": "‹use›",
           "use_clause": "used ‹use›", "category": "‹category›", "until_clause": " to ‹date›", "date": "‹date›",
           "date_before": "‹date›", "yesno": "‹yes/no›", "role": "‹role›", "conflict": "‹conflict›",
           "declaration": "‹declaration›", "unknown_basis": "‹why not known›", "subject": "‹regime or body›"},
    "nl": {"state": "‹staat›", "states": "‹staten›", "states_or": "‹staten›", "instrument": "‹verdrag›", "weapon": "‹wapen›", "use": "‹gebruik›",
           "use_clause": "gebruikt ‹gebruik›", "category": "‹categorie›", "until_clause": " tot en met ‹datum›",
           "date": "‹datum›", "date_before": "‹datum›", "yesno": "‹ja/nee›", "role": "‹rol›", "conflict": "‹conflict›",
           "declaration": "‹verklaring›", "unknown_basis": "‹waarom niet bekend›", "subject": "‹regime of orgaan›"},
}
WORDS = {"en": {"law": "law", "none": "no rule id starts with {prefix!r}"},
         "nl": {"law": "verdragstekst", "none": "geen regel-id begint met {prefix!r}"}}


def reason_template(template: str, lang: str) -> str:
    """A reason template with each placeholder shown by what it stands for; a verb that agrees with a
    state ("{who.state:is|zijn}") in its singular."""
    shown = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        shown.append(literal)
        if name is not None:
            spec = spec or ""
            if "|" in spec:
                shown.append(spec.partition("|")[0])
            else:
                shown.append(PLACEHOLDERS[lang].get(spec) or f"‹{name.rpartition('.')[2]}›")
    return "".join(shown)


def rulebook(prefix: str = "", lang: str = "en") -> list[dict[str, Any]]:
    """Every rule whose id starts with `prefix` (all rules for ""), in the order the rulebook holds them."""
    from .api import default_engine

    chosen = []
    for provision in default_engine().provisions.values():
        if not provision.id.startswith(prefix):
            continue
        template = catalogue(lang).get(provision.message_key, provision.reason)
        chosen.append({"id": provision.id, "article": provision.article, "reason": reason_template(template, lang),
                       "law": provision.law})
    return chosen


def register(app: typer.Typer) -> None:
    from .ask_command import BadInput, check_lang

    @app.command()
    def rules(
        prefix: Optional[str] = typer.Argument(None, help="A rule id, or the start of ids: ccw-p3, icc.route, rome."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
        lang: str = typer.Option("en", "--lang", help="Language of the reasons: en or nl."),
    ) -> None:
        """What a rule id means: the article it implements and its reason, for every rule or those under PREFIX."""
        words = WORDS[check_lang(lang)]
        wanted = (prefix or "").strip().rstrip(".")
        found = rulebook(wanted, lang)
        if not found:
            raise BadInput(words["none"].format(prefix=wanted))
        if as_json:
            typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
            return
        for rule in found:
            typer.echo(f"{rule['id']}  [{rule['article']}]")
            typer.echo(f"    {rule['reason']}")
            if rule["law"]:
                typer.echo(f"    {words['law']}: {rule['law']}")
