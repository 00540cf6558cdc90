"""Soak and concurrency at CI size (issue #6); `python bench/soak.py --queries 100000` is the long run.

- Many queries in one process, with the rules run every time (answer cache bypassed):
  resident memory (VmRSS) stays flat after warm-up, and the last answer to a repeated
  question equals the first.
- Several threads asking at once (cache bypassed) get exactly the sequential answers.
"""

from __future__ import annotations

import importlib.util
import inspect
import io
import sys
import threading

import pytest
import whatapplies

from .conftest import ROOT

SOAK_QUERIES = 1_500
WARMUP = 300
MAX_GROWTH_MB = 30


def _soak_module():
    spec = importlib.util.spec_from_file_location("whatapplies_bench_soak", ROOT / "bench" / "soak.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


soak = _soak_module()


def test_the_soak_runs_the_rules_every_time(monkeypatch):
    """The soak must not be measuring a cache: every ask reaches RuleEngine.run."""
    from whatapplies.rule_engine import RuleEngine

    calls = []
    original = RuleEngine.run
    monkeypatch.setattr(RuleEngine, "run", lambda self, facts: calls.append(1) or original(self, facts))
    ask = soak.uncached_ask()
    question = soak.scenarios(distinct=1)[0]
    for _ in range(3):
        ask(question)
    assert len(calls) == 3


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_memory_stays_flat_over_many_queries():
    report = io.StringIO()
    result = soak.soak(SOAK_QUERIES, every=500, warmup=WARMUP, out=report)
    print(report.getvalue())
    assert result["mismatches"] == 0, report.getvalue()
    assert result["growth_after_warmup_mb"] < MAX_GROWTH_MB, report.getvalue()
    assert result["bad_scenarios"] < SOAK_QUERIES / 2  # the scenarios are mostly answerable


def _ask_uncached(scenario: dict) -> str:
    if "cache" in inspect.signature(whatapplies.ask).parameters:
        return whatapplies.ask(scenario, cache=False).model_dump_json()
    return whatapplies.ask(scenario).model_dump_json()


def test_threads_asking_at_once_get_the_sequential_answers():
    """Six threads released together by a barrier, each asking every scenario in its own order."""
    questions = [s for s in soak.scenarios(seed=11, distinct=60)]
    sequential = {}
    for index, question in enumerate(questions):
        try:
            sequential[index] = _ask_uncached(question)
        except Exception as error:  # noqa: BLE001 - a refused scenario must be refused the same way under threads
            sequential[index] = f"{type(error).__name__}: {error}"
    assert len(set(sequential.values())) > 20
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    results: list[dict[int, str]] = [{} for _ in range(threads_count)]
    failures: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            order = list(range(len(questions)))
            order = order[number * 7 % len(order):] + order[:number * 7 % len(order)]
            if number % 2:
                order.reverse()
            barrier.wait(timeout=60)
            for index in order:
                try:
                    results[number][index] = _ask_uncached(questions[index])
                except Exception as error:  # noqa: BLE001 - compared with the sequential outcome
                    results[number][index] = f"{type(error).__name__}: {error}"
        except BaseException as error:  # noqa: BLE001 - reported below  # pragma: no cover
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert not failures, failures
    for number, answers in enumerate(results):
        assert answers == sequential, f"thread {number} got a different answer"
