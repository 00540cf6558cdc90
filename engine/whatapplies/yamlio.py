"""Reading YAML with dates left as text, so pydantic (not PyYAML) judges them.

PyYAML turns 2020-02-30 into a ValueError with a traceback; as text it reaches the
model, which reports it as a field error naming file, entry and field.
"""

from __future__ import annotations

from typing import Any

import yaml


class DatesAsText(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp resolver."""


DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=DatesAsText)  # noqa: S506 - a SafeLoader subclass
