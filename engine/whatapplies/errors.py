"""One-line errors for user input: validation messages that name the field, unreadable files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

MAX_MESSAGE = 300  # characters of user input an error line may quote


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` on one line, at most `limit` characters: a 2 MB name must not become a 2 MB error line."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def first_error(error: ValidationError, top_level: str = "(top level)") -> str:
    """'field a.b.c: message' for the first problem pydantic found."""
    first = error.errors(include_url=False, include_input=False, include_context=False)[0]
    location = ".".join(str(part) for part in first["loc"]) or top_level
    return shorten(f"field {location}: {first['msg']}")


def cannot_read(path: Path, error: OSError | ValueError) -> str:
    """The one line for a file that cannot be opened or read."""
    if isinstance(error, OSError):
        return f"{path}: cannot read: {error.strerror or type(error).__name__}"
    return f"{shorten(repr(str(path)), 80)}: cannot read: {error}"  # e.g. an embedded NUL byte in the path


def read_utf8(path: Path, failure: type[Exception], limit: int | None = None) -> str:
    """The file's text (a UTF-8 byte-order mark is dropped); `failure` with one line if it cannot be read.

    With `limit`, a file of more than `limit` bytes is refused after reading `limit` + 1
    of them, so /dev/zero or a runaway file cannot exhaust memory.
    """
    try:
        with open(path, "rb") as stream:
            raw = stream.read() if limit is None else stream.read(limit + 1)
    except (OSError, ValueError) as error:
        raise failure(cannot_read(path, error)) from None
    if limit is not None and len(raw) > limit:
        raise failure(f"{path}: larger than {limit:,} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise failure(f"{path}: not UTF-8 text (byte {error.start})") from None


def duplicate_key(node: Any) -> str | None:
    """'a.b: duplicate key x (line N)' for the first mapping in a composed YAML node graph that
    repeats a key, else None. PyYAML silently keeps the last of two equal keys.

    Aliased nodes are visited once, so an alias bomb costs its size in nodes, not its expansion.
    """
    import yaml

    seen: set[int] = set()
    stack: list[tuple[Any, str]] = [(node, "")]
    while stack:
        current, where = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in current.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                if name is not None:
                    if name in keys:
                        place = f"{where}: " if where else ""
                        return shorten(f"{place}duplicate key {name!r} (line {key.start_mark.line + 1})")
                    keys.add(name)
                stack.append((value, f"{where}.{name}" if where else str(name)))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, f"{where}.{index}" if where else str(index)) for index, item in enumerate(current.value))
    return None
