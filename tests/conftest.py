"""Shared fixtures: the real knowledge and one ruleset per test session."""

import shutil
from pathlib import Path

import pytest

import whatapplies
from whatapplies.api import default_engine
from whatapplies.knowledge import default_knowledge

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
SEEDS = ROOT / "seeds"
#: A real state with no file in seeds/states, to test "no data". Every UN member has one since session 14,
#: so the Holy See (a UN observer state); tests/test_states_command.py fails if it is ever given a file.
NO_DATA_STATE, NO_DATA_NAME = "VAT", "Holy See"

NK_INCENDIARY = {"date": "2020-10-31", "territory": "AZE", "actor": "AZE", "opponents": ["ARM"],
                 "weapon": "white-phosphorus", "use": "incendiary"}


def copy_seeds(parent: Path) -> Path:
    """A copy of seeds/ under `parent`, for a test to edit (its bytecode left behind)."""
    target = parent / "seeds"
    shutil.copytree(SEEDS, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.fixture(scope="session")
def knowledge():
    return default_knowledge()


@pytest.fixture(scope="session")
def engine():
    return default_engine()


@pytest.fixture(scope="session")
def nk_incendiary():
    return whatapplies.ask(NK_INCENDIARY)
