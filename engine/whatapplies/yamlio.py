"""Reading YAML with dates left as text, so pydantic (not PyYAML) judges them.

PyYAML turns 2020-02-30 into a ValueError with a traceback; as text it reaches the
model, which reports it as a field error naming file, entry and field.

The C parser (libyaml, `yaml.CSafeLoader`) is used when PyYAML was built with it: it
reads the seeds about 10x faster than the pure-Python one and builds the same data (both
use SafeConstructor and the same resolvers, minus the timestamp one here).
"""

from __future__ import annotations

from typing import Any

import yaml

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DatesAsText(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader (C when available) without the implicit timestamp resolver."""


DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class DuplicateKey(yaml.YAMLError):
    """A mapping repeats a key; PyYAML would silently keep the last one."""


def load_yaml(text: str, *, checked: bool = False) -> Any:
    """The document in `text` (a SafeLoader subclass: no arbitrary objects).

    `checked`: refuse a mapping that repeats a key (seeds/: a second `cwc:` block must not
    silently replace the first), naming where.
    """
    if not checked:
        return yaml.load(text, Loader=DatesAsText)
    from .errors import duplicate_key

    loader = DatesAsText(text)
    try:
        node = loader.get_single_node()
        problem = duplicate_key(node) if node is not None else None
        if problem:
            raise DuplicateKey(problem)
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
