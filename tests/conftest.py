"""Shared fixtures: the real knowledge and one ruleset per test session."""

from pathlib import Path

import pytest

import whatapplies
from whatapplies.api import default_engine
from whatapplies.knowledge import default_knowledge

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
SEEDS = ROOT / "seeds"

NK_INCENDIARY = {"date": "2020-10-31", "territory": "AZE", "actor": "AZE", "opponents": ["ARM"],
                 "weapon": "white-phosphorus", "use": "incendiary"}


@pytest.fixture(scope="session")
def knowledge():
    return default_knowledge()


@pytest.fixture(scope="session")
def engine():
    return default_engine()


@pytest.fixture(scope="session")
def nk_incendiary():
    return whatapplies.ask(NK_INCENDIARY)
