"""One-line errors for user input: validation messages that name the field, unreadable files."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError


def first_error(error: ValidationError, top_level: str = "(top level)") -> str:
    """'field a.b.c: message' for the first problem pydantic found."""
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or top_level
    return f"field {location}: {first['msg']}"


def read_utf8(path: Path, failure: type[Exception]) -> str:
    """The file's text (a UTF-8 byte-order mark is dropped); `failure` with one line if it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise failure(f"{path}: cannot read: {error.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise failure(f"{path}: not UTF-8 text") from None
