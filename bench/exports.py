"""Benchmark: downloading a plan of 1,000 actions and 30,000 updates as .xlsx and .csv, kept and freshly written.

Run from the project root against PostgreSQL (a throwaway database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsoa python bench/exports.py

The plan is bench/_plan_data.py's, the one bench/plan_pages.py measures (20 strands, 1,000 actions, 30,000
monthly updates with their history). Each export is requested through Django's test client, signed in as an
administrator, twice over: "kept", the usual case, where the file written for the plan's current data is read
back (after a change, the background job writes it as soon as the change commits: actions/export_refresh.py);
and "written", where the kept file is removed before each request (outside the timing), so the request writes
the file itself, as a download that arrives before the background job has run does. The goal applies to the
kept downloads; the written ones are printed so their cost stays in view. Every export request follows a request for the
accessibility page (a trivial signed-in page with the same layout), A B A B …, so both see the same machine;
the ratio is of the two medians, and the spread is the 25th to 75th percentile of the request-by-request ratios.
"""
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.settings.test")

from bench._plan_data import bench_plans, today_fixed
from bench._throwaway_database import run_in_throwaway_database

REQUESTS = 25
WARM_UP = 2
GOAL = 5.0  # an export at most five times the trivial page
EXPORTS = [("xlsx", "kept"), ("xlsx", "written"), ("csv", "kept"), ("csv", "written")]


def main() -> int:
    return run_in_throwaway_database("exports", run, print_table, test_client=True)


def run() -> dict:
    from django.conf import settings

    plans = bench_plans()
    results = dict(plans["about"])
    media = tempfile.mkdtemp(prefix="wsoa_bench_exports_")
    settings.MEDIA_ROOT = media  # the kept files go here, and go with it
    try:
        with today_fixed():
            results["exports"] = exports_measure(
                plans["big"]["plan"], plans["small"]["plan"], plans["people"]["admin"], Path(media)
            )
    finally:
        shutil.rmtree(media, ignore_errors=True)
    return results


def exports_measure(plan, small_plan, admin, media: Path) -> list[dict]:
    from django.test import Client
    from django.urls import reverse

    from actions.plan_export import EXPORT_FOLDER

    client = Client()
    client.force_login(admin)
    baseline_url = reverse("accessibility")

    def forget_kept_files() -> None:
        for path in (media / EXPORT_FOLDER).glob("*"):
            path.unlink()

    def export_url(of_plan, fmt: str) -> str:
        return reverse("actions:plan_export", args=[of_plan.pk, fmt])

    def timed(url: str, *, before=None) -> tuple[float, int]:
        if before is not None:
            before()
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, url
        return elapsed * 1000, len(response.content)

    rows, every_baseline = [], []
    for fmt, state in EXPORTS:
        before = forget_kept_files if state == "written" else None
        url = export_url(plan, fmt)
        baseline_ms, export_ms, size = _pairs(timed, baseline_url, url, before=before)
        every_baseline += baseline_ms
        ratios = sorted(export / base for export, base in zip(export_ms, baseline_ms, strict=True))
        rows.append({
            "export": f"{fmt}, {state}", "size": size, "ms": statistics.median(export_ms),
            "spread_ms": _quartiles(export_ms), "baseline_ms": statistics.median(baseline_ms),
            "ratio": statistics.median(export_ms) / statistics.median(baseline_ms), "ratio_spread": _quartiles(ratios),
            "queries": queries_of(client, url, before=before),
            "small": queries_of(client, export_url(small_plan, fmt), before=before),
        })
    baseline = {"export": "baseline: accessibility page", "ms": statistics.median(every_baseline),
                "spread_ms": _quartiles(every_baseline), "queries": queries_of(client, baseline_url)}
    return [baseline, *rows]


def _pairs(timed, baseline_url: str, url: str, *, before) -> tuple[list[float], list[float], int]:
    """The baseline page and the export requested in turn, A B A B …: both lists of times, and the file's size."""
    for _ in range(WARM_UP):
        timed(baseline_url)
        timed(url, before=before)
    baseline_ms, export_ms = [], []
    for _ in range(REQUESTS):
        baseline_ms.append(timed(baseline_url)[0])
        ms, size = timed(url, before=before)
        export_ms.append(ms)
    return baseline_ms, export_ms, size


def queries_of(client, url: str, *, before=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # a kept file to read, where one is wanted
    if before is not None:
        before()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def _quartiles(values: list[float]) -> tuple[float, float]:
    quartiles = statistics.quantiles(values, n=4)
    return quartiles[0], quartiles[2]


def print_table(results: dict, *, seconds: float) -> None:
    version = results["postgres"]
    rows = results["rows"]
    print(f"Plan exports: {rows['strands']} strands, {rows['actions']:,} actions, {rows['updates']:,} updates "
          f"(PostgreSQL {version // 10000}.{version % 10000})")
    print(f"generated in {results['generated_in']:.1f} s; {REQUESTS} requests of each export, each after a request "
          f"for the baseline page (A B A B …), after {WARM_UP} warm-up pairs, through Django's test client")
    print()
    header = (f"{'request':<30} {'median ms':>10} {'IQR ms':>15} {'x baseline':>11} {'IQR of ratios':>14} "
              f"{'queries':>8} {'10-action plan':>15} {'size':>9}")
    print(header)
    print("-" * len(header))
    baseline, *exports = results["exports"]
    low, high = baseline["spread_ms"]
    print(f"{baseline['export']:<30} {baseline['ms']:>10.1f} {f'{low:.1f}–{high:.1f}':>15} {1.0:>11.1f} {'':>14} "
          f"{baseline['queries']:>8}")
    unequal, over = [], []
    for row in exports:
        low, high = row["spread_ms"]
        ratio_low, ratio_high = row["ratio_spread"]
        small = str(row["small"])
        if row["small"] != row["queries"]:
            small += " (!)"
            unequal.append(row["export"])
        if row["ratio"] > GOAL and "kept" in row["export"]:
            over.append(row["export"])
        print(f"{row['export']:<30} {row['ms']:>10.1f} {f'{low:.1f}–{high:.1f}':>15} {row['ratio']:>11.1f} "
              f"{f'{ratio_low:.1f}–{ratio_high:.1f}':>14} {row['queries']:>8} {small:>15} "
              f"{row['size'] / 1024:>7.0f} kB")
    print()
    print(f"NOT EQUAL for {', '.join(unequal)}: a query per row has crept in" if unequal
          else "query counts are the same for 1,000 actions as for 10")
    print(f"over {GOAL:g}x the baseline: {', '.join(over)}" if over
          else f"every kept export within {GOAL:g}x the baseline (written: a download before the background job ran)")
    print(f"total run time {seconds:.1f} s, including creating and dropping the database")


if __name__ == "__main__":
    sys.exit(main())
