"""`whatapplies schema`: the JSON Schemas of the public contract (Scenario in, Answer out)."""

from __future__ import annotations

import json

import typer

from .models import Answer, Scenario


def schemas() -> dict[str, object]:
    return {"scenario": Scenario.model_json_schema(), "answer": Answer.model_json_schema()}


def register(app: typer.Typer) -> None:
    @app.command()
    def schema() -> None:
        """Print the JSON Schemas of a scenario (input) and an answer (output)."""
        typer.echo(json.dumps(schemas(), indent=2, ensure_ascii=False))
