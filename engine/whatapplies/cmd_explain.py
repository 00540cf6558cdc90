"""`whatapplies explain`: the derivation behind every verdict, as an indented tree.

It takes the same inputs as `ask`: its parameters are `ask`'s own (case file, scenario
flags, --lang), so the two cannot drift apart; only --json differs in meaning.
"""

from __future__ import annotations

import inspect
import typing

import typer

from .ask_command import check_lang, scenario_from
from .cli import ask
from .output import verdict_word

SCENARIO_INPUTS = ("casefile", "date", "territory", "actor", "opponent", "nationality", "conflict", "weapon", "use")


def _parameters() -> list[inspect.Parameter]:
    hints = typing.get_type_hints(ask)
    shared = [p.replace(annotation=hints[p.name]) for p in inspect.signature(ask).parameters.values()
              if p.name in SCENARIO_INPUTS + ("lang",)]
    as_json = inspect.Parameter("as_json", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=bool,
                                default=typer.Option(False, "--json", help="Print the derivation trees as JSON."))
    return shared + [as_json]


def explain(**given: typing.Any) -> None:
    """Show how each verdict was reached: the rules that fired, their articles, and the facts with their sources."""
    import json

    from .explain import explain as explain_scenario
    from .explain import text_lines

    lang = check_lang(given["lang"])
    scenario = scenario_from(*(given[name] for name in SCENARIO_INPUTS))
    result = explain_scenario(scenario, lang=lang)
    if given["as_json"]:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for section in ("regimes", "bodies"):
        for item in result[section]:
            typer.echo(f"{item['id']}: {verdict_word(item['verdict'], lang)}")
            typer.echo("\n".join(text_lines(item["tree"])))
            typer.echo("")


explain.__signature__ = inspect.Signature(_parameters())  # type: ignore[attr-defined]


def register(app: typer.Typer) -> None:
    app.command(name="explain")(explain)
