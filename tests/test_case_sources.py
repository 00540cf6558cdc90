"""Every expectation in cases/*.yaml says where its answer comes from.

A case file's `sources:` maps an id (or several ids separated by ", ") to one line
naming the legal or factual basis of the expected verdict: a seeds/ entry, a treaty
article, a letter quote id or a public document.
"""

import pytest
import yaml

import whatapplies

from .conftest import CASES

CASE_FILES = sorted(CASES.glob("*.yaml"))
KNOWN_IDS = set(whatapplies.REGIME_IDS) | set(whatapplies.BODY_IDS)


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _split(key):
    return [part.strip() for part in str(key).split(",")]


def test_there_are_cases():
    assert len(CASE_FILES) >= 4


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_every_expectation_has_a_source(path):
    case = _load(path)
    sources = case.get("sources") or {}
    assert isinstance(sources, dict), f"{path.name}: sources must be a map"
    covered = {part for key in sources for part in _split(key)}
    expect = case.get("expect") or {}
    expected = list(expect.get("regimes") or {}) + list(expect.get("bodies") or {})
    missing = [i for i in expected if i not in covered]
    assert missing == [], f"{path.name}: no source line for {missing}"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_source_keys_are_known_ids(path):
    sources = _load(path).get("sources") or {}
    for key in sources:
        parts = _split(key)
        assert all(parts), f"{path.name}: empty id in source key {key!r}"
        unknown = [p for p in parts if p not in KNOWN_IDS]
        assert unknown == [], f"{path.name}: source key {key!r} names unknown ids {unknown}"
        assert len(parts) == len(set(parts)), f"{path.name}: source key {key!r} repeats an id"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_every_id_has_one_source_line(path):
    sources = _load(path).get("sources") or {}
    seen = [p for key in sources for p in _split(key)]
    assert len(seen) == len(set(seen)), f"{path.name}: an id has more than one source line"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_source_lines_are_non_empty_single_lines(path):
    sources = _load(path).get("sources") or {}
    for key, line in sources.items():
        assert isinstance(line, str), f"{path.name}: source for {key!r} is not a string"
        assert line.strip(), f"{path.name}: source for {key!r} is empty"
        assert "\n" not in line.strip(), f"{path.name}: source for {key!r} spans several lines"
