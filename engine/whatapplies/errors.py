"""One-line descriptions of validation errors, for messages that name the field."""

from __future__ import annotations

from pydantic import ValidationError


def first_error(error: ValidationError) -> str:
    """'field a.b.c: message' for the first problem pydantic found."""
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or "(top level)"
    return f"field {location}: {first['msg']}"
