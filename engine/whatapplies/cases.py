"""Case files (cases/*.yaml): a real situation and the answers it must get."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import duplicate_key, first_error, read_utf8, shorten
from .models import BODY_IDS, REGIME_IDS, Answer, BodyVerdict, RegimeVerdict, Scenario
from .yamlio import DatesAsText

MAX_CASE_BYTES = 256_000  # a case file is a few kB; the pure-Python parser reads this much in ~1 s


class _CaseLoader(yaml.SafeLoader):
    """yamlio's loader (dates left as text), always the pure-Python one: user files may be
    hostile, and libyaml's composer overflows the C stack (SIGSEGV) on ~50,000 nested
    brackets, where the Python one raises RecursionError."""


_CaseLoader.yaml_implicit_resolvers = DatesAsText.yaml_implicit_resolvers


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


def _parse(path: Path, text: str) -> Any:
    """The YAML document, refusing what PyYAML would accept silently (repeated keys)."""
    loader = None
    try:
        loader = _CaseLoader(text)  # the reader already refuses control characters here
        node = loader.get_single_node()
        repeated = duplicate_key(node)
        data = None if repeated or node is None else loader.construct_document(node)
    except RecursionError:
        raise CaseFileError(f"{path}: too deeply nested") from None
    except yaml.YAMLError as error:
        raise CaseFileError(f"{path}: not valid YAML: {_yaml_problem(error)}") from None
    except (ValueError, TypeError, OverflowError) as error:  # an explicit tag: !!timestamp 2020-02-30
        raise CaseFileError(f"{path}: not valid YAML: {shorten(str(error)) or type(error).__name__}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if repeated:
        raise CaseFileError(f"{path}: {repeated}")
    return data


def _yaml_problem(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None)
    mark = getattr(error, "problem_mark", None)
    if problem:
        context = getattr(error, "context", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        return shorten((f"{context}, " if context else "") + problem + where)
    return shorten(str(error).splitlines()[0]) if str(error) else "invalid YAML"


def load_case(path: Path) -> CaseFile:
    text = read_utf8(path, CaseFileError, limit=MAX_CASE_BYTES)
    data = _parse(path, text)
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
