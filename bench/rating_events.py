"""Benchmark: a plan's ratings on a day, and every change between two days, at 1,000 actions and 30,000 updates.

Run from the project root against PostgreSQL (a throwaway database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsoa python bench/rating_events.py

The plan is bench/_plan_data.py's (20 strands, 1,000 actions, 30,000 monthly updates with their history), with
its rating events written as the services would have: one "added" event per action and one per change of
rating. Each read is run in full (every row fetched), right after a one-row query of the
same table (the baseline, one round trip), A B A B …; the ratio is of the two medians and the spread is the
25th to 75th percentile of the read-by-read ratios. The query count of each read is printed too: it must be 1.
"""
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.settings.test")

from bench._plan_data import TODAY, bench_plans
from bench._throwaway_database import run_in_throwaway_database

RUNS = 25
WARM_UP = 3


def main() -> int:
    return run_in_throwaway_database("rating_events", run, print_table)


def run() -> dict:
    plans = bench_plans()
    results = dict(plans["about"])
    plan = plans["big"]["plan"]
    results["events"] = events_write(plan)
    results["reads"] = reads_measure(plan)
    return results


def events_write(plan) -> int:
    """How many rating events the generated plan has: bench/_plan_data.py writes them as the services would
    have, one "added" per action and one per change of rating."""
    from actions.models import RatingEvent

    return RatingEvent.objects.filter(plan=plan).count()


def reads_measure(plan) -> list[dict]:
    from actions.models import RatingEvent
    from actions.selectors import rating_changes_between, ratings_on

    one = RatingEvent.objects.filter(plan=plan).values_list("pk", flat=True).first()
    baseline = ("baseline: one event by id", lambda: list(RatingEvent.objects.filter(pk=one)))
    reads = [
        ("ratings of every action, today", lambda: list(ratings_on(plan, TODAY))),
        ("ratings of every action, a year ago", lambda: list(ratings_on(plan, TODAY - timedelta(days=365)))),
        ("changes between two meetings (4 weeks)",
         lambda: list(rating_changes_between(plan, TODAY - timedelta(days=56), TODAY - timedelta(days=28)))),
        ("changes in the last year", lambda: list(rating_changes_between(plan, TODAY - timedelta(days=365), TODAY))),
    ]
    rows, every_baseline = [], []
    for name, read in reads:
        base_ms, read_ms, count = _pairs(baseline[1], read)
        every_baseline += base_ms
        ratios = sorted(r / b for r, b in zip(read_ms, base_ms, strict=True))
        rows.append({"read": name, "ms": statistics.median(read_ms), "spread_ms": _quartiles(read_ms),
                     "ratio": statistics.median(read_ms) / statistics.median(base_ms),
                     "ratio_spread": _quartiles(ratios), "rows": count, "queries": _queries(read)})
    first = {"read": baseline[0], "ms": statistics.median(every_baseline), "spread_ms": _quartiles(every_baseline),
             "rows": 1, "queries": _queries(baseline[1])}
    return [first, *rows]


def _pairs(baseline, read) -> tuple[list[float], list[float], int]:
    for _ in range(WARM_UP):
        baseline()
        read()
    base_ms, read_ms, count = [], [], 0
    for _ in range(RUNS):
        base_ms.append(_timed(baseline)[0])
        ms, count = _timed(read)
        read_ms.append(ms)
    return base_ms, read_ms, count


def _timed(read) -> tuple[float, int]:
    start = time.perf_counter()
    rows = read()
    return (time.perf_counter() - start) * 1000, len(rows)


def _queries(read) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def _quartiles(values: list[float]) -> tuple[float, float]:
    quartiles = statistics.quantiles(values, n=4)
    return quartiles[0], quartiles[2]


def print_table(results: dict, *, seconds: float) -> None:
    version = results["postgres"]
    rows = results["rows"]
    print(f"Rating events: {rows['actions']:,} actions, {rows['updates']:,} updates, {results['events']:,} events "
          f"(PostgreSQL {version // 10000}.{version % 10000})")
    print(f"{RUNS} runs of each read, each after the baseline query (A B A B …), after {WARM_UP} warm-up pairs")
    print()
    header = f"{'read':<42} {'median ms':>10} {'IQR ms':>15} {'x baseline':>11} {'IQR of ratios':>14} {'rows':>7} " \
             f"{'queries':>8}"
    print(header)
    print("-" * len(header))
    for row in results["reads"]:
        low, high = row["spread_ms"]
        ratio = f"{row['ratio']:.1f}" if "ratio" in row else "1.0"
        spread = f"{row['ratio_spread'][0]:.1f}–{row['ratio_spread'][1]:.1f}" if "ratio_spread" in row else ""
        print(f"{row['read']:<42} {row['ms']:>10.2f} {f'{low:.2f}–{high:.2f}':>15} {ratio:>11} {spread:>14} "
              f"{row['rows']:>7,} {row['queries']:>8}")
    bad = [row["read"] for row in results["reads"] if row["queries"] != 1]
    print()
    print("every read is one query" if not bad else f"more than one query: {', '.join(bad)} (!)")
    print(f"total run time {seconds:.1f} s, including generating the plan and creating and dropping the database")


if __name__ == "__main__":
    sys.exit(main())
