"""Case files (cases/*.yaml): a real situation and the answers it must get."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import first_error, read_utf8
from .yamlio import load_yaml
from .models import BODY_IDS, REGIME_IDS, Answer, BodyVerdict, RegimeVerdict, Scenario


class CaseFileError(ValueError):
    """A case file cannot be read; the message names the file and the field."""


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regimes: dict[str, RegimeVerdict] = Field(default_factory=dict)
    bodies: dict[str, BodyVerdict] = Field(default_factory=dict)

    @field_validator("regimes")
    @classmethod
    def _regime_ids(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(REGIME_IDS))
        if unknown:
            raise ValueError(f"unknown regime id(s) {unknown}; known: {', '.join(REGIME_IDS)}")
        return value

    @field_validator("bodies")
    @classmethod
    def _body_ids(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(BODY_IDS))
        if unknown:
            raise ValueError(f"unknown body id(s) {unknown}; known: {', '.join(BODY_IDS)}")
        return value


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    scenario: Scenario
    expect: Expect = Field(default_factory=Expect)
    sources: dict[str, str] = Field(
        default_factory=dict, description="Per expected id: where the expected answer comes from."
    )
    note: str | None = None


def load_case(path: Path) -> CaseFile:
    text = read_utf8(path, CaseFileError)
    try:
        data: Any = load_yaml(text)
    except RecursionError:
        raise CaseFileError(f"{path}: too deeply nested") from None
    except yaml.YAMLError as error:
        first = str(error).splitlines()[0] if str(error) else "invalid YAML"
        raise CaseFileError(f"{path}: not valid YAML: {first}") from None
    if not isinstance(data, dict):
        raise CaseFileError(f"{path}: expected a mapping with title, scenario and expect")
    try:
        return CaseFile.model_validate(data)
    except ValidationError as error:
        raise CaseFileError(f"{path}: {first_error(error)}") from None
    except RecursionError:
        raise CaseFileError(f"{path}: too deeply nested") from None


def case_paths(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.glob("*.yaml"))
        else:
            found.append(path)
    return found


def mismatches(case: CaseFile, answer: Answer) -> list[str]:
    """Each expectation the answer does not meet, as "id: expected X, got Y"."""
    got = answer.verdicts()
    lines = []
    for section in ("regimes", "bodies"):
        for ident, expected in getattr(case.expect, section).items():
            actual = got[section][ident]
            if actual != expected:
                lines.append(f"{ident}: expected {expected}, got {actual}")
    return lines
