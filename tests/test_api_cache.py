"""The caches behind a fast `ask`: answers in memory, validated knowledge on disk.

Neither may change what any answer says, and neither may stand in for data validation.
"""

import json
import os
import pickle
import subprocess
import sys

import pytest
import whatapplies
from whatapplies import api
from whatapplies import knowledge as knowledge_module
from whatapplies.cases import load_case
from whatapplies.cli import main
from whatapplies.facts import BadScenario
from whatapplies.knowledge import DataError, fingerprint, load, load_cached

from .conftest import CASES, NK_INCENDIARY, NO_DATA_STATE, SEEDS, copy_seeds

INCENDIARY = CASES / "nagorno-karabakh-2020-wp-incendiary.yaml"
SMOKESCREEN = {**NK_INCENDIARY, "use": "smokescreen"}


# ---------------------------------------------------------------- the answer cache in `ask`

@pytest.fixture()
def fresh_cache():
    api.clear_ask_cache()
    yield
    api.clear_ask_cache()


def test_the_first_new_question_runs_the_whole_ruleset_and_later_ones_share_findings(monkeypatch):
    """Setting up the shared findings costs ~200 ms: a script that asks once should not pay it."""
    cache = api._AskCache()
    monkeypatch.setattr(api, "_ask_cache", cache)
    first = whatapplies.ask(NK_INCENDIARY)
    assert cache.runners == {}
    second = whatapplies.ask(SMOKESCREEN)
    assert set(cache.runners) == {"en"}
    whatapplies.ask(NK_INCENDIARY, lang="nl")  # the first in Dutch: the whole ruleset again
    assert set(cache.runners) == {"en"}
    assert first.model_dump_json() == whatapplies.ask(NK_INCENDIARY, cache=False).model_dump_json()
    assert second.model_dump_json() == whatapplies.ask(SMOKESCREEN, cache=False).model_dump_json()


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("scenario", [NK_INCENDIARY, SMOKESCREEN], ids=["incendiary", "smokescreen"])
def test_cached_answer_equals_uncached(fresh_cache, scenario, lang):
    uncached = whatapplies.ask(scenario, lang=lang, cache=False).model_dump_json()
    first = whatapplies.ask(scenario, lang=lang)
    second = whatapplies.ask(scenario, lang=lang)
    assert api.ask_cache_info()["hits"] == 1
    assert first.model_dump_json() == uncached
    assert second.model_dump_json() == uncached
    assert second == first


def test_same_question_in_other_words_hits(fresh_cache):
    whatapplies.ask(NK_INCENDIARY)
    whatapplies.ask({**NK_INCENDIARY, "territory": "Azerbaijan", "opponents": ["Armenië"], "weapon": "WP"})
    assert api.ask_cache_info()["hits"] == 1


def test_different_questions_do_not_share_answers(fresh_cache):
    later = {**NK_INCENDIARY, "date": "2021-10-31"}
    for scenario in (NK_INCENDIARY, SMOKESCREEN, later):
        assert whatapplies.ask(scenario).model_dump_json() == whatapplies.ask(scenario, cache=False).model_dump_json()
    assert api.ask_cache_info()["hits"] == 0
    assert whatapplies.ask(NK_INCENDIARY, lang="nl").model_dump_json() != whatapplies.ask(NK_INCENDIARY).model_dump_json()
    assert api.ask_cache_info()["hits"] == 1 and api.ask_cache_info()["size"] == 4  # the English one, asked again


def test_mutating_an_answer_changes_no_later_answer(fresh_cache):
    expected = whatapplies.ask(NK_INCENDIARY, cache=False).model_dump_json()
    for _ in range(2):  # the answer that filled the cache, then one from the cache
        answer = whatapplies.ask(NK_INCENDIARY)
        answer.regimes[0].verdict = "applies" if answer.regimes[0].verdict != "applies" else "unknown"
        answer.regimes[0].reasons.append("changed by the caller")
        answer.bodies.clear()
    assert whatapplies.ask(NK_INCENDIARY).model_dump_json() == expected


def test_cache_false_bypasses(fresh_cache):
    whatapplies.ask(NK_INCENDIARY, cache=False)
    whatapplies.ask(NK_INCENDIARY, cache=False)
    assert api.ask_cache_info() == {"hits": 0, "misses": 0, "size": 0, "maxsize": api.ANSWER_CACHE_SIZE}


def test_other_knowledge_or_engine_bypasses(fresh_cache, knowledge, engine):
    other = load(SEEDS)  # equal content, but not the default object
    whatapplies.ask(NK_INCENDIARY, knowledge=other)
    whatapplies.ask(NK_INCENDIARY, knowledge=other)
    assert api.ask_cache_info()["size"] == 0
    whatapplies.ask(NK_INCENDIARY, knowledge=knowledge, engine=engine)  # the defaults themselves
    assert api.ask_cache_info()["size"] == 1


def test_cache_is_bounded(fresh_cache, monkeypatch):
    monkeypatch.setattr(api, "ANSWER_CACHE_SIZE", 2)
    for day in ("2020-10-29", "2020-10-30", "2020-10-31"):
        whatapplies.ask({**NK_INCENDIARY, "date": day})
    assert api.ask_cache_info()["size"] == 2
    whatapplies.ask({**NK_INCENDIARY, "date": "2020-10-29"})  # evicted: asked of the rules again
    assert api.ask_cache_info()["hits"] == 0


def test_bad_scenarios_still_raise(fresh_cache):
    with pytest.raises(BadScenario):
        whatapplies.ask({**NK_INCENDIARY, "territory": "Narnia"})
    with pytest.raises(BadScenario):
        whatapplies.ask({**NK_INCENDIARY, "territory": "Narnia"})


# ---------------------------------------------------------------- the knowledge cache on disk

@pytest.fixture()
def seeds(tmp_path):
    return copy_seeds(tmp_path)


@pytest.fixture()
def counted_loads(monkeypatch):
    calls = []
    real = knowledge_module.load

    def counting(root=None):
        calls.append(root)
        return real(root)

    monkeypatch.setattr(knowledge_module, "load", counting)
    monkeypatch.delenv(knowledge_module.CACHE_ENV, raising=False)
    return calls


def test_disk_cache_is_reused_then_invalidated_by_a_changed_seed(seeds, tmp_path, counted_loads):
    cache = tmp_path / "cache"
    first = load_cached(seeds, directory=cache)
    assert len(counted_loads) == 1 and len(list(cache.glob("knowledge-*.pickle"))) == 1
    again = load_cached(seeds, directory=cache)
    assert len(counted_loads) == 1, "an unchanged seeds folder is read from the cache"
    assert again.treaties == first.treaties and again.states == first.states and again.weapons == first.weapons
    assert again.letter_texts == first.letter_texts and again.referrals == first.referrals

    path = seeds / "treaties.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("short: CWC", "short: CWC-changed", 1), encoding="utf-8")
    changed = load_cached(seeds, directory=cache)
    assert len(counted_loads) == 2, "a changed seed is read and validated again"
    assert changed.treaties["cwc"].short == "CWC-changed"


def test_the_fingerprint_sees_every_file_but_bytecode(tmp_path):
    """The cache key: any file's bytes, name or place under the root changes it; __pycache__ does not."""
    root = tmp_path / "root"
    for name in ("a/x.yaml", "a-b/x.yaml", "a.yaml", "a/b/c.yaml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")
    keys = [fingerprint(root)]
    (root / "a" / "__pycache__").mkdir()
    (root / "a" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert fingerprint(root) == keys[0]
    (root / "a/b/c.yaml").write_text("changed", encoding="utf-8")
    keys.append(fingerprint(root))
    (root / "a/b/c.yaml").rename(root / "a/b/d.yaml")
    keys.append(fingerprint(root))
    (root / "a/b/d.yaml").rename(root / "a/d.yaml")
    keys.append(fingerprint(root))
    (root / "a-b" / "y.yaml").write_text("", encoding="utf-8")
    keys.append(fingerprint(root))
    assert len(set(keys)) == len(keys)


def test_a_broken_seed_is_refused_even_after_caching(seeds, tmp_path, counted_loads):
    cache = tmp_path / "cache"
    load_cached(seeds, directory=cache)
    path = seeds / "states" / "ARM.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("deposit: 1995-01-27", "deposit: 1995-02-30", 1),
                    encoding="utf-8")
    with pytest.raises(DataError, match="ARM.yaml"):
        load_cached(seeds, directory=cache)


def test_an_unreadable_cache_is_rebuilt(seeds, tmp_path, counted_loads):
    cache = tmp_path / "cache"
    load_cached(seeds, directory=cache)
    (pickled,) = cache.glob("knowledge-*.pickle")
    pickled.write_bytes(b"not a pickle")
    rebuilt = load_cached(seeds, directory=cache)
    assert len(counted_loads) == 2 and "cwc" in rebuilt.treaties
    load_cached(seeds, directory=cache)
    assert len(counted_loads) == 2


def test_a_pickle_of_another_knowledge_shape_is_rebuilt(seeds, tmp_path, counted_loads):
    """As from a process that imported an older knowledge.py (a field since added)."""
    cache = tmp_path / "cache"
    load_cached(seeds, directory=cache)
    (pickled,) = cache.glob("knowledge-*.pickle")
    key, stored = pickle.loads(pickled.read_bytes())
    del stored.__dict__["timelines"]
    pickled.write_bytes(pickle.dumps((key, stored)))
    assert "timelines" in vars(load_cached(seeds, directory=cache))
    assert len(counted_loads) == 2


def test_a_knowledge_read_from_the_cache_opens_only_the_states_asked_about(seeds, tmp_path, counted_loads):
    """A cold `ask` about two states need not unpickle fifty (knowledge.PackedStates)."""
    cache = tmp_path / "cache"
    built = load_cached(seeds, directory=cache)
    read = load_cached(seeds, directory=cache)
    assert len(counted_loads) == 1 and read.states._open == {}
    answer = whatapplies.ask({"date": "2020-10-31", "territory": "AZE", "actor": "AZE", "opponents": ["ARM"]},
                             knowledge=read, cache=False)
    assert answer.regime("geneva-conventions").verdict == "applies"
    assert set(read.states._open) == {"ARM", "AZE"}
    assert read.states == built.states and sorted(read.states) == sorted(built.states)
    assert NO_DATA_STATE not in read.states and read.states.get(NO_DATA_STATE) is None
    with pytest.raises(KeyError):
        read.states[NO_DATA_STATE]


def test_threads_opening_the_same_states_at_once_all_get_one_record(seeds, tmp_path, counted_loads):
    from concurrent.futures import ThreadPoolExecutor

    cache = tmp_path / "cache"
    load_cached(seeds, directory=cache)
    read = load_cached(seeds, directory=cache)
    codes = sorted(read.states) * 8
    with ThreadPoolExecutor(8) as pool:
        records = list(pool.map(read.states.__getitem__, codes))
    assert all(record is read.states[code] for code, record in zip(codes, records))


def test_cache_can_be_bypassed(seeds, tmp_path, counted_loads, monkeypatch):
    cache = tmp_path / "cache"
    load_cached(seeds, directory=cache, cache=False)
    monkeypatch.setenv(knowledge_module.CACHE_ENV, "0")
    load_cached(seeds, directory=cache)
    assert len(counted_loads) == 2 and not cache.exists()


def test_the_key_covers_the_loading_code():
    assert {"knowledge.py", "knowledge_models.py", "treaty_time.py", "yamlio.py"} <= set(knowledge_module._CODE)


# ---------------------------------------------------------------- the command line says the same

def test_cli_json_is_the_library_answer(capsys, fresh_cache):
    expected = whatapplies.ask(load_case(INCENDIARY).scenario, cache=False).model_dump_json(indent=2)
    assert main(["ask", str(INCENDIARY), "--json"]) == 0
    assert capsys.readouterr().out.strip() == expected


def test_cli_process_output_unchanged_by_caches(tmp_path):
    """A cold run (writes the knowledge cache), a warm one (reads it), and one with no cache."""
    expected = whatapplies.ask(load_case(INCENDIARY).scenario, cache=False).model_dump_json(indent=2)
    command = [sys.executable, "-m", "whatapplies", "ask", str(INCENDIARY), "--json"]
    env = {**os.environ, knowledge_module.CACHE_DIR_ENV: str(tmp_path / "cache")}
    outputs = []
    for extra in ({}, {}, {knowledge_module.CACHE_ENV: "0"}):
        done = subprocess.run(command, env={**env, **extra}, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout.strip())
    assert len(list((tmp_path / "cache").glob("knowledge-*.pickle"))) == 1
    assert outputs == [expected] * 3
    assert json.loads(outputs[0])["scenario"]["actor"] == "AZE"
