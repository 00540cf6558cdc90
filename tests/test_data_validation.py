"""A broken data file is refused at load, naming file, entry and field."""

import shutil

import pytest

from whatapplies.knowledge import DataError, load

from .conftest import SEEDS


@pytest.fixture()
def seeds(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_seeds_load():
    knowledge = load(SEEDS)
    assert {"ARM", "AZE"} <= set(knowledge.states)


def test_unknown_treaty(seeds):
    edit(seeds / "states" / "ARM.yaml", "  ccw-amended-art1:", "  ccw-amended-art9:")
    with pytest.raises(DataError, match=r"states/ARM.yaml: memberships.ccw-amended-art9: unknown treaty"):
        load(seeds)


def test_withdrawal_notified_before_deposit(seeds):
    edit(seeds / "states" / "ARM.yaml", "    entry_into_force: 2024-02-01\n",
         "    entry_into_force: 2024-02-01\n    withdrawal: {notified: 2020-01-01}\n")
    with pytest.raises(DataError, match=r"states/ARM.yaml: field memberships.rome-statute: .*withdrawal notified before the deposit"):
        load(seeds)


def test_quote_not_in_letter(seeds):
    edit(seeds / "letters.yaml", "quote: Fosfor is geen chemisch wapen.", "quote: Fosfor is een chemisch wapen.")
    with pytest.raises(DataError, match=r"letters.yaml: facts.0 \(L1.phosphorus-not-chemical-weapon\).quote: not found"):
        load(seeds)


def test_duplicate_declaration(seeds):
    path = seeds / "states" / "ARM.yaml"
    text = path.read_text(encoding="utf-8")
    block = text[text.index("declarations:\n") + len("declarations:\n"):]
    path.write_text(text + block, encoding="utf-8")
    with pytest.raises(DataError, match=r"states/ARM.yaml: declarations.\d+.id: duplicate id"):
        load(seeds)


def test_impossible_date(seeds):
    edit(seeds / "states" / "ARM.yaml", "deposit: 1995-01-27", "deposit: 1995-02-30")
    with pytest.raises(DataError, match=r"ARM.yaml"):
        load(seeds)


def test_verified_without_source(seeds):
    edit(seeds / "treaties.yaml", "    sources: [https://www.opcw.org/chemical-weapons-convention/articles]\n", "    sources: []\n")
    with pytest.raises(DataError, match=r"treaties.yaml: treaties.0: .*verified: true needs at least one source"):
        load(seeds)
