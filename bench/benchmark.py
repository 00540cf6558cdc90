"""How fast whatapplies answers: one query, a cold CLI start, and a batch of events.

    python bench/benchmark.py [--events 100000] [--distinct D] [--sample 300] [--processes K]
                              [--latency-queries N] [--warmup-queries W] [--no-cold-start]

Prints a Markdown table. Synthetic events: 16 states from seeds/ (BENCH_STATES), dates drawn
uniformly from 2003-2025, every weapon with each valid use (and no weapon), every event
drawn independently. With `--distinct D` events are instead drawn (Zipf-weighted) from D
incidents, as a news pipeline sees the same incident many times.

The batch is `whatapplies.batch.answer_json_many` (what `whatapplies batch` runs): the
situation cache plus K worker processes that share findings between situations
(fragments.py), each answer JSON written to /dev/null as the CLI writes it; then the same
events with a new cache for their verdicts alone (`whatapplies batch --verdicts`). It is
compared with a fresh rule session per event (no cache, same K processes), measured on a
sample of the same events and extrapolated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_DAY, LAST_DAY = dt.date(2003, 1, 1).toordinal(), dt.date(2025, 12, 31).toordinal()
# The first 16 states of seeds/ when the benchmark was written, named so that a state added since
# (Lebanon, session 8) does not change the events and every table stays comparable.
BENCH_STATES = ("AFG", "ARM", "AZE", "BDI", "BGD", "CIV", "COL", "ETH", "GBR", "GEO", "HUN", "IRQ", "ISR", "LBY", "LTU",
                "MLI")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_events(n: int, distinct: int | None = None, seed: int = 1) -> list[dict]:
    """n events; independent when `distinct` is None, else drawn from `distinct` incidents."""
    from whatapplies.knowledge import default_knowledge

    knowledge = default_knowledge()
    rng = random.Random(seed)
    states = [state for state in BENCH_STATES if state in knowledge.states]
    weapon_uses = [(None, None)] + [
        (weapon, use) for weapon, item in sorted(knowledge.weapons.weapons.items()) for use in (item.uses or [None])
    ]

    def event() -> dict:
        actor, opponent = rng.sample(states, 2)
        weapon, use = rng.choice(weapon_uses)
        drawn = {"date": dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY)).isoformat(),
                 "territory": rng.choice((actor, opponent)), "actor": actor, "opponents": [opponent]}
        drawn.update({k: v for k, v in (("weapon", weapon), ("use", use)) if v})
        return drawn

    if distinct is None:
        return [event() for _ in range(n)]
    incidents = [event() for _ in range(distinct)]
    weights = [1 / (rank + 1) for rank in range(distinct)]  # a few incidents are reported very often
    return rng.choices(incidents, weights=weights, k=n)


def single_latency(events: list[dict]) -> tuple[float, float, float, float]:
    """p50/p99 in ms of `whatapplies.ask`: each question new (the rules run), then each repeated (cache hit)."""
    import whatapplies

    def percentiles(cache: bool) -> tuple[float, float]:
        times = []
        for event in events:
            began = time.perf_counter()
            whatapplies.ask(event, cache=cache)
            times.append(time.perf_counter() - began)
        times.sort()
        return times[len(times) // 2] * 1000, times[max(int(len(times) * 0.99) - 1, 0)] * 1000

    whatapplies.ask(events[0], cache=False)
    fresh = percentiles(False)
    for event in events:  # fill the ask() cache, then ask everything again
        whatapplies.ask(event)
    return (*fresh, *percentiles(True))


PYDANTIC_FLOOR = "import typer, pydantic, durable.lang, yaml\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1).model_dump_json()"
# The least any program on this stack does to answer: one pydantic model, and one durable_rules ruleset of two
# rules run on one fact in a session of its own (the host's timer threads off, as rule_engine.py runs it).
STACK_FLOOR = PYDANTIC_FLOOR + """
from durable import engine
class Host(engine.Host):
    def _run(self): pass
ruleset = durable.lang.ruleset("floor")
with ruleset:
    durable.lang.when_all(durable.lang.m.kind == "a")(lambda c: c.assert_fact({"kind": "b", "fid": "b"}))
    durable.lang.when_all(durable.lang.m.kind == "b", durable.lang.m.kind == "never")(lambda c: None)
name, definition = ruleset.define()
host = Host({name: definition})
host.assert_facts(name, [{"kind": "a", "fid": "a", "sid": "1"}])
host.delete_state(name, "1")"""


def cold_start(runs: int = 15) -> tuple[float, float, float, float, tuple[float, float]]:
    """Medians in ms of: `whatapplies ask <case> --json`, the import floor, the floor plus one pydantic model,
    and that plus one durable_rules rule run (STACK_FLOOR); and the middle half (quartiles) of the ask / floor
    ratios taken round by round.

    The three commands take turns in each round, so a busy moment on the machine hits
    all three alike. Our modules are compiled to bytecode first, as a regular install
    does (this machine sets PYTHONDONTWRITEBYTECODE, which would make every start
    compile them again; the floor's packages come compiled).
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", "engine", "rules"], cwd=ROOT, check=True,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    case = "cases/nagorno-karabakh-2020-wp-incendiary.yaml"
    # The script this interpreter's install made, as the floor runs this interpreter: the first
    # `whatapplies` on PATH may be a version manager's shim (pyenv's costs ~130 ms a start here).
    beside = Path(sys.executable).with_name("whatapplies")
    script = str(beside) if beside.exists() else shutil.which("whatapplies")
    commands = [[script, "ask", case, "--json"],
                [sys.executable, "-c", "import typer, pydantic, durable.lang, yaml"],
                [sys.executable, "-c", PYDANTIC_FLOOR],
                [sys.executable, "-c", STACK_FLOOR]]
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs + 1):  # the first round only warms the file cache
        for command, kept in zip(commands, times):
            began = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            kept.append(time.perf_counter() - began)
    ask, imports, model, stack = (statistics.median(kept[1:]) * 1000 for kept in times)
    # Within a round the commands run seconds apart: their ratio drifts less than the medians' (±15% within minutes).
    ratios = sorted(ask_time / floor_time for ask_time, floor_time in zip(times[0][1:], times[1][1:]))
    return ask, imports, model, stack, (ratios[len(ratios) // 4], ratios[(3 * len(ratios)) // 4])


def warm_new_questions(warmup: list[dict], probes: list[dict]) -> tuple[float, float]:
    """p50/p99 in ms of `whatapplies.ask` on questions never asked before, after `warmup` other questions.

    With the cache on (the default), a new question is assembled from findings earlier
    questions made (fragments.py); the rules run only for findings not seen yet.
    """
    import whatapplies

    for event in warmup:
        whatapplies.ask(event)
    times = []
    for event in probes:
        began = time.perf_counter()
        whatapplies.ask(event)
        times.append(time.perf_counter() - began)
    times.sort()
    return times[len(times) // 2] * 1000, times[max(int(len(times) * 0.99) - 1, 0)] * 1000


def batch(events: list[dict], cache, processes: int, verdicts: bool = False) -> tuple[float, dict[str, int]]:
    """(events per second, stats) for answering `events` into /dev/null as `whatapplies batch` does
    (with `verdicts`, as `whatapplies batch --verdicts` does)."""
    from whatapplies.batch import answer_json_many

    stats: dict[str, int] = {}
    bad = 0
    began = time.perf_counter()
    answers = answer_json_many(events, cache=cache, processes=processes, stats=stats, encoded=True, verdicts=verdicts)
    with open(os.devnull, "wb") as sink:
        for number, result in enumerate(answers, 1):
            if isinstance(result, Exception):
                bad += 1
            elif verdicts:
                sink.write(b'{"row": %d, %s\n' % (number, result[1:]))
            else:
                sink.write(b'{"row": %d, "answer": %s}\n' % (number, result))
    elapsed = time.perf_counter() - began
    stats["bad"] = bad
    return len(events) / elapsed, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--distinct", type=int, default=None, help="draw events from D incidents (default: independent)")
    parser.add_argument("--sample", type=int, default=300, help="events answered with a fresh rule session each, extrapolated")
    parser.add_argument("--latency-queries", type=int, default=1_000)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-cold-start", action="store_true", help="skip the cold-start measurements")
    parser.add_argument("--warmup-queries", type=int, default=10_000,
                        help="questions asked before timing new ones with the cache on (0: skip)")
    options = parser.parse_args()
    processes = options.processes

    rss_start = rss_mb()
    import whatapplies  # noqa: F401  (imported here so the first RSS figure is the bare interpreter)
    from whatapplies.api import default_engine
    from whatapplies.batch import AnswerCache
    from whatapplies.models import BODY_IDS, REGIME_IDS

    default_engine()
    rss_loaded = rss_mb()
    events = synthetic_events(options.events, options.distinct)
    # The batch first, as `whatapplies batch` runs it: in a process that has asked nothing else
    # (the single-query measurements below leave ~10,000 answers and their findings in memory).
    sample = events[: options.sample]
    fresh_rate, _ = batch(sample, None, processes)
    cache = AnswerCache(maxsize=max(100_000, options.events))
    cached_rate, stats = batch(events, cache, processes)
    warm_rate, _ = batch(events, cache, processes)
    rss_batch = rss_mb()
    del cache
    cache = AnswerCache(maxsize=max(100_000, options.events))
    verdicts_rate, _ = batch(events, cache, processes, verdicts=True)
    verdicts_warm_rate, _ = batch(events, cache, processes, verdicts=True)
    del cache
    p50, p99, hit50, hit99 = single_latency(synthetic_events(options.latency_queries, seed=2))
    nan = float("nan")
    cold_ask, cold_imports, cold_model, cold_stack, (low, high) = (
        cold_start() if not options.no_cold_start else (nan, nan, nan, nan, (nan, nan)))
    warm50 = warm99 = float("nan")
    if options.warmup_queries:
        warm = synthetic_events(options.warmup_queries + 1_000, seed=3)
        warm50, warm99 = warm_new_questions(warm[:options.warmup_queries], warm[options.warmup_queries:])
    rss_end = rss_mb()

    ran, rows, situations = stats["ran"], stats["rows"], stats["situations"]
    answered = rows - stats["bad"]
    miss_ms = (rows / cached_rate) / max(ran, 1) * 1000
    model = "independent events" if options.distinct is None else f"drawn from {options.distinct:,} incidents"
    table = [
        ("single query `whatapplies.ask`, warm, new question, p50", f"{p50:.1f} ms",
         f"{options.latency_queries:,} independent queries, `cache=False`: the rules run"),
        ("single query `whatapplies.ask`, warm, new question, p99", f"{p99:.1f} ms", ""),
        ("single query `whatapplies.ask`, repeated question, p50", f"{hit50:.2f} ms", "the answer cache of `ask()`"),
        ("single query `whatapplies.ask`, repeated question, p99", f"{hit99:.2f} ms", ""),
        ("single query `whatapplies.ask`, new question after warm-up, p50", f"{warm50:.2f} ms",
         f"1,000 new queries after {options.warmup_queries:,} others; findings shared (fragments.py)"),
        ("single query `whatapplies.ask`, new question after warm-up, p99", f"{warm99:.2f} ms", ""),
        ("cold start `whatapplies ask <case> --json`", f"{cold_ask:.0f} ms", "median of 15, bytecode compiled"),
        ("cold start `import typer, pydantic, durable.lang, yaml`", f"{cold_imports:.0f} ms", "median of 15"),
        ("cold start ratio, ask / imports", f"{cold_ask / cold_imports:.2f}x",
         f"goal: 1.5x; round by round, the middle half {low:.2f}-{high:.2f}x"),
        ("the same imports + one pydantic model dumped to JSON", f"{cold_model:.0f} ms",
         f"{cold_model / cold_imports:.2f}x the imports: pydantic's model machinery alone"),
        ("the same + one durable_rules ruleset of two rules run on one fact", f"{cold_stack:.0f} ms",
         f"{cold_stack / cold_imports:.2f}x the imports: the least a program on this stack does to answer"),
        (f"batch, situation cache, {rows:,} events ({model})", f"{cached_rate:,.0f} events/s",
         f"{rows / cached_rate:.1f} s total; {stats['bad']} bad rows; empty cache at start"),
        ("distinct situations / situations answered by rules", f"{situations:,} / {ran:,}",
         f"hit rate {1 - ran / max(answered, 1):.1%}; {miss_ms:.1f} ms wall per situation"),
        ("rule runs (one regime's or body's slice each)", f"{stats.get('findings', 0):,}",
         f"{len(REGIME_IDS + BODY_IDS) * ran:,} findings needed; the rest shared between situations"),
        ("same batch again, cache warm (hits only)", f"{warm_rate:,.0f} events/s", "the parent process answers every hit"),
        ("the same batch, verdicts only (`--verdicts`), empty cache / warm",
         f"{verdicts_rate:,.0f} / {verdicts_warm_rate:,.0f} events/s", "each row's verdicts, read once per situation"),
        (f"batch, fresh rule session per event ({len(sample):,} sampled)", f"{fresh_rate:,.0f} events/s",
         f"{rows / fresh_rate:.0f} s extrapolated to {rows:,} events"),
        ("speed-up of the batch from the situation cache", f"{cached_rate / fresh_rate:.1f}x", ""),
        ("max RSS: interpreter / rules loaded / after the batch / end",
         f"{rss_start:.0f} / {rss_loaded:.0f} / {rss_batch:.0f} / {rss_end:.0f} MB",
         "this process" if processes == 1 else f"parent only; {processes} worker processes"),
    ]
    print(f"| measure ({processes} process{'es' if processes > 1 else ''}) | value | note |")
    print("|---|---|---|")
    for measure, value, note in table:
        if "nan" not in value:  # not measured in this run (--no-cold-start, --warmup-queries 0)
            print(f"| {measure} | {value} | {note} |")


if __name__ == "__main__":
    main()
