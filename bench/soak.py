"""Soak: many queries in one process, with the rules run every time; does memory stay flat?

    python bench/soak.py --queries 100000          # the issue's figure (~20 ms per query)
    python bench/soak.py --queries 10000 --every 1000
    python bench/soak.py --queries 60000 --shared  # ask's own caches and shared findings

With `--shared`, every query is a new question (a random date from 1995 to 2025) asked
with the caches on, so the memory measured is that of the shared findings (fragments.py)
and ask's answer cache, which are bounded; it grows until they are full.

Asks varied scenarios through `whatapplies.ask` with any answer cache bypassed
(`cache=False` when ask has that parameter), so every query asserts facts, runs every
stage of the rules and deletes its durable_rules session. Prints VmRSS (current resident
memory, from /proc/self/status; not only the peak) at start, after warm-up and every
`--every` queries, and the growth after warm-up. Exit 1 when the growth exceeds
`--max-growth-mb`, or when a repeated question gets a different answer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import itertools
import random
import resource
import sys
import time


def rss_mb() -> float:
    """Current resident set size in MB (VmRSS); falls back to the peak where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


STATES = ["AZE", "ARM", "SYR", "IRQ", "UKR", "RUS", "PHL", "NLD", "GBR", "USA", "COL", "IRN", "YEM", "SAU", "GEO"]
WEAPONS = [("white-phosphorus", "incendiary"), ("white-phosphorus", "smokescreen"), ("sarin", None),
           ("chlorine", None), ("cluster-munition", None), ("anti-personnel-mine", None),
           ("explosive-weapon", None), (None, None)]
DATES = ["1995-06-01", "1999-06-01", "2002-07-01", "2008-08-10", "2013-08-21", "2017-04-04", "2020-10-31",
         "2022-09-13", "2024-03-01"]


def scenarios(seed: int = 6, distinct: int = 400) -> list[dict]:
    """`distinct` varied, valid scenarios (states, armed groups, weapons, dates, conflict types)."""
    rng = random.Random(seed)
    found: list[dict] = []
    while len(found) < distinct:
        actor = rng.choice(STATES + ["group:rebels"])
        territory = rng.choice(STATES)
        opponent = rng.choice([s for s in STATES if s != actor] + ["group:ISIS"])
        weapon, use = rng.choice(WEAPONS)
        scenario = {"date": rng.choice(DATES), "territory": territory, "actor": actor, "opponents": [opponent]}
        if actor.startswith("group:"):
            scenario["nationality"] = territory
        if weapon:
            scenario["weapon"] = weapon
        if use:
            scenario["use"] = use
        found.append(scenario)
    return found


def fresh_scenarios(queries: int, seed: int = 7) -> list[dict]:
    """`queries` scenarios as `scenarios` draws them, each with a random day: nearly every one a new question."""
    rng = random.Random(seed)
    first, last = dt.date(1995, 1, 1).toordinal(), dt.date(2025, 12, 31).toordinal()
    return [{**scenario, "date": dt.date.fromordinal(rng.randint(first, last)).isoformat()}
            for scenario in scenarios(seed, queries)]


def uncached_ask():
    """`whatapplies.ask` with the answer cache bypassed, whatever version is installed."""
    import whatapplies

    if "cache" in inspect.signature(whatapplies.ask).parameters:
        return lambda scenario: whatapplies.ask(scenario, cache=False)
    return whatapplies.ask


def soak(queries: int, every: int, warmup: int, out=sys.stdout, shared: bool = False) -> dict:
    """Run the soak; return the figures (also used by tests/test_soak.py at CI size)."""
    start_rss = rss_mb()
    if shared:
        import whatapplies

        ask = whatapplies.ask
    else:
        ask = uncached_ask()
    from whatapplies.facts import BadScenario

    pool = fresh_scenarios(queries) if shared else scenarios()
    reference_question = {"date": "2020-10-31", "territory": "AZE", "actor": "AZE", "opponents": ["ARM"],
                          "weapon": "white-phosphorus", "use": "incendiary"}
    first = ask(reference_question).model_dump_json()
    mismatches = bad = 0
    began = time.perf_counter()
    warm_rss = None
    samples: list[tuple[int, float]] = []
    print(f"start: RSS {start_rss:.1f} MB (before importing whatapplies)", file=out)
    for done, scenario in enumerate(itertools.islice(itertools.cycle(pool), queries), start=1):
        try:
            ask(scenario)
        except BadScenario:
            bad += 1
        if done % 97 == 0 and ask(reference_question).model_dump_json() != first:
            mismatches += 1
        if done == warmup:
            warm_rss = rss_mb()
            print(f"after warm-up ({warmup} queries): RSS {warm_rss:.1f} MB", file=out)
        if done % every == 0 or done == queries:
            elapsed = time.perf_counter() - began
            samples.append((done, rss_mb()))
            print(f"{done:>8} queries  {elapsed:8.1f} s  {1000 * elapsed / done:6.2f} ms/query  "
                  f"RSS {samples[-1][1]:7.1f} MB", file=out, flush=True)
    if warm_rss is None:
        warm_rss = samples[0][1] if samples else rss_mb()
    last = ask(reference_question).model_dump_json()
    elapsed = time.perf_counter() - began
    end_rss = rss_mb()
    result = {
        "queries": queries,
        "seconds": elapsed,
        "ms_per_query": 1000 * elapsed / max(queries, 1),
        "rss_start_mb": start_rss,
        "rss_warm_mb": warm_rss,
        "rss_end_mb": end_rss,
        "growth_after_warmup_mb": end_rss - warm_rss,
        "peak_mb": peak_mb(),
        "bad_scenarios": bad,
        "mismatches": mismatches + (last != first),
        "samples": samples,
    }
    print(f"end: RSS {end_rss:.1f} MB; growth after warm-up {result['growth_after_warmup_mb']:+.1f} MB; "
          f"peak {result['peak_mb']:.1f} MB; {result['ms_per_query']:.2f} ms/query; "
          f"{bad} scenarios refused; {result['mismatches']} changed answers to the repeated question", file=out)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=None, help="report RSS every N queries (default: queries/20)")
    parser.add_argument("--warmup", type=int, default=None, help="queries before the baseline RSS (default: 500)")
    parser.add_argument("--max-growth-mb", type=float, default=30.0)
    parser.add_argument("--shared", action="store_true", help="new questions with the caches on (see above)")
    args = parser.parse_args(argv)
    every = args.every or max(args.queries // 20, 1)
    warmup = args.warmup if args.warmup is not None else min(500, max(args.queries // 10, 1))
    result = soak(args.queries, every, warmup, shared=args.shared)
    failed = result["growth_after_warmup_mb"] > args.max_growth_mb or result["mismatches"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
