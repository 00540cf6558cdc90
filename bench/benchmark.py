"""How fast whatapplies answers: one query, a cold CLI start, and a batch of events.

    python bench/benchmark.py [--events 100000] [--distinct D] [--sample 2000] [--processes K]

Prints a Markdown table. Synthetic events repeat: they are drawn from D distinct
incidents (about 16 states from seeds/, dates 2003-2025, every weapon with each valid
use), as a news or report pipeline would see the same incident many times. The cache
only helps with such repeats; with D = N every event runs the rules once.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_events(n: int, distinct: int, seed: int = 1) -> list[dict]:
    from whatapplies.knowledge import default_knowledge

    knowledge = default_knowledge()
    rng = random.Random(seed)
    states = sorted(knowledge.states)[:16]
    weapon_uses = [(None, None)] + [
        (weapon, use) for weapon, item in sorted(knowledge.weapons.weapons.items()) for use in (item.uses or [None])
    ]
    start, days = 731216, 8400  # 2003-01-01 + ~23 years, as ordinals
    incidents = []
    for _ in range(distinct):
        actor, opponent = rng.sample(states, 2)
        weapon, use = rng.choice(weapon_uses)
        event = {"date": _iso(start + rng.randrange(days)), "territory": rng.choice((actor, opponent)),
                 "actor": actor, "opponents": [opponent]}
        event.update({k: v for k, v in (("weapon", weapon), ("use", use)) if v})
        incidents.append(event)
    weights = [1 / (rank + 1) for rank in range(distinct)]  # a few incidents are reported very often
    return rng.choices(incidents, weights=weights, k=n)


def _iso(ordinal: int) -> str:
    import datetime as dt

    return dt.date.fromordinal(ordinal).isoformat()


def single_latency(events: list[dict]) -> tuple[float, float]:
    import whatapplies

    whatapplies.ask(events[0])
    times = []
    for event in events:
        began = time.perf_counter()
        whatapplies.ask(event)
        times.append(time.perf_counter() - began)
    times.sort()
    return times[len(times) // 2] * 1000, times[int(len(times) * 0.99) - 1] * 1000


def cold_start(runs: int = 5) -> tuple[float, float]:
    def median(command: list[str]) -> float:
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - began)
        return statistics.median(times) * 1000

    case = "cases/nagorno-karabakh-2020-wp-incendiary.yaml"
    script = shutil.which("whatapplies") or str(Path(sys.executable).with_name("whatapplies"))
    ask = median([script, "ask", case, "--json"])
    imports = median([sys.executable, "-c", "import typer, pydantic, durable.lang, yaml"])
    return ask, imports


def _run_chunk(args: tuple[list[dict], bool]) -> tuple[int, int]:
    from whatapplies.batch import answer_many

    events, cache = args
    bad = sum(isinstance(result, Exception) for _, result in answer_many(events, cache=cache))
    return len(events), bad


def batch(events: list[dict], cache: bool, processes: int) -> tuple[float, int]:
    """(events per second, bad rows)."""
    began = time.perf_counter()
    if processes > 1:
        chunks = [(events[i::processes], cache) for i in range(processes)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            done = pool.map(_run_chunk, chunks)
    else:
        done = [_run_chunk((events, cache))]
    elapsed = time.perf_counter() - began
    return sum(n for n, _ in done) / elapsed, sum(b for _, b in done)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--distinct", type=int, default=None, help="distinct incidents (default events/20, at most 5000)")
    parser.add_argument("--sample", type=int, default=2_000, help="events run without cache, extrapolated")
    parser.add_argument("--latency-queries", type=int, default=1_000)
    parser.add_argument("--processes", type=int, default=1)
    options = parser.parse_args()
    distinct = options.distinct or max(1, min(5_000, options.events // 20))

    rss_start = rss_mb()
    import whatapplies  # noqa: F401  (imported here so the first RSS figure is the bare interpreter)
    from whatapplies.api import default_engine

    default_engine()
    rss_loaded = rss_mb()
    events = synthetic_events(options.events, distinct)
    p50, p99 = single_latency(synthetic_events(options.latency_queries, options.latency_queries, seed=2))
    cold_ask, cold_imports = cold_start()
    sample = events[: options.sample]
    fresh_rate, _ = batch(sample, cache=False, processes=options.processes)
    cached_rate, bad = batch(events, cache=True, processes=options.processes)
    rss_end = rss_mb()

    rows = [
        ("single query `whatapplies.ask`, warm, p50", f"{p50:.1f} ms", f"{options.latency_queries:,} distinct queries"),
        ("single query `whatapplies.ask`, warm, p99", f"{p99:.1f} ms", ""),
        ("cold start `whatapplies ask <case> --json`", f"{cold_ask:.0f} ms", "median of 5"),
        ("cold start `import typer, pydantic, durable.lang, yaml`", f"{cold_imports:.0f} ms", "median of 5"),
        (f"batch, cache, {options.events:,} events / {distinct:,} distinct", f"{cached_rate:,.0f} events/s",
         f"{options.events / cached_rate:.1f} s total; {bad} bad rows"),
        (f"batch, fresh rule session per event ({len(sample):,} sampled)", f"{fresh_rate:,.0f} events/s",
         f"{options.events / fresh_rate:.0f} s extrapolated to {options.events:,}"),
        ("speed-up from the cache", f"{cached_rate / fresh_rate:.1f}x", ""),
        ("max RSS: interpreter / rules loaded / end", f"{rss_start:.0f} / {rss_loaded:.0f} / {rss_end:.0f} MB",
         "this process" if options.processes == 1 else f"parent only; {options.processes} worker processes"),
    ]
    print(f"| measure ({options.processes} process{'es' if options.processes > 1 else ''}) | value | note |")
    print("|---|---|---|")
    for measure, value, note in rows:
        print(f"| {measure} | {value} | {note} |")


if __name__ == "__main__":
    main()
