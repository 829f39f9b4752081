"""Benchmark: a board chair's dashboard for a meeting, on the plan of 20 strands, 1,000 actions and 30,000 updates
with a board that has met for two years (24 meetings), today and six months ago (``?on=``).

Run from the project root against PostgreSQL (a throwaway database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsoa python bench/dashboard.py

The plan is bench/_plan_data.py's; the board, its 24 monthly meetings (the last two still to come) and three
measures with two years of monthly readings are added here. Each dashboard is requested through Django's test
client, signed in as an administrator, right after the accessibility page (the same layout and session, no
data), A B A B …, so a busy moment of the machine weighs on both halves of a pair. Each row prints the median
time and spread (25th to 75th percentile), its ratio to the baseline paired with it, the median and spread of
the pair-by-pair ratios, and its SQL queries for this plan and for a plan of 10 actions (they must be equal).
"""
import os
import statistics
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.settings.test")

from bench._plan_data import TODAY, bench_plans, today_fixed
from bench._throwaway_database import run_in_throwaway_database
from bench.plan_pages import quartiles, queries_of, summary, timed

ROUNDS = 30  # pairs per page
WARM_UP = 2
GOAL = 5.0  # each dashboard at most five times the trivial page
PAST_DAY = TODAY - timedelta(days=182)
MEETINGS = 24
MEASURES = 3


def main() -> int:
    return run_in_throwaway_database("dashboard", run, print_table, test_client=True)


def run() -> dict:
    plans = bench_plans()
    results = dict(plans["about"])
    with today_fixed():
        big, small = board_add(plans["big"], plans["people"]), board_add(plans["small"], plans["people"])
        results["pages"] = pages_measure(big, small, plans["people"]["admin"])
    return results


def board_add(plan_data: dict, people: dict) -> dict:
    """A board meeting on the second Tuesday for two years up to a month after today, held until today, and the
    plan's impact measures read monthly: bulk inserts, as the schedule and the measure pages would leave them."""
    from dateutil.relativedelta import relativedelta

    from actions.models import ImpactMeasure, MeasureReading
    from governance.cadence import weekday_in_month
    from governance.models import Board, Meeting

    plan = plan_data["plan"]
    first = (TODAY.replace(day=1) - relativedelta(months=MEETINGS - 2))
    board = Board.objects.create(area_id=plan.inspection.area_id, plan=plan, name="SEND Improvement Board",
                                 chair=people["admin"], starts_on=first)
    subgroups = list(plan.subgroups.order_by("pk"))
    meetings = []
    for n in range(MEETINGS):
        month = first + relativedelta(months=n)
        day = weekday_in_month(month.year, month.month, 1, "second")
        meetings.append(Meeting(
            board=board, scheduled_on=day, held_on=day, time="10:00", reports_due_on=day - timedelta(days=7),
            status=Meeting.Status.HELD if day < TODAY else Meeting.Status.PLANNED,
            spotlight=subgroups[n % len(subgroups)],
        ))
    Meeting.objects.bulk_create(meetings)
    for n in range(MEASURES):
        measure = ImpactMeasure.objects.create(
            plan=plan, strand=plan_data["strand"], name=f"Measure {n + 1}", unit="%", baseline=30 + n,
            baseline_period=first - relativedelta(months=1), target=60, target_date=TODAY + relativedelta(years=1),
        )
        MeasureReading.objects.bulk_create(
            MeasureReading(measure=measure, period=first + relativedelta(months=m), value=30 + n + m)
            for m in range(MEETINGS - 1)
        )
    upcoming = [meeting for meeting in meetings if meeting.held_on >= TODAY]
    return {**plan_data, "next_meeting": upcoming[0]}


def pages(big: dict, small: dict) -> list[dict]:
    from django.urls import reverse

    def page(name: str, query: str = "") -> dict:
        def url(plan_data: dict) -> str:
            return reverse("reports:dashboard", args=[plan_data["next_meeting"].pk]) + query
        return {"page": name, "as": "admin", "url": url(big), "small": url(small)}

    return [page("dashboard, today"), page("dashboard, ?on= six months ago", f"?on={PAST_DAY.isoformat()}")]


def pages_measure(big: dict, small: dict, admin, *, rounds: int = ROUNDS, warm_up: int = WARM_UP) -> dict:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(admin)
    baseline_url = reverse("accessibility")
    rows = pages(big, small)
    for row in rows:
        row["queries"], row["small_queries"] = queries_of(client, row["url"]), queries_of(client, row["small"])
        row["baseline_ms"], row["ms"], row["baseline_cpu"], row["cpu"] = [], [], [], []
    baseline_queries = queries_of(client, baseline_url)
    for round_number in range(warm_up + rounds):
        for row in rows:
            (baseline_ms, baseline_cpu), (ms, cpu) = timed(client, baseline_url), timed(client, row["url"])
            if round_number >= warm_up:
                row["baseline_ms"].append(baseline_ms)
                row["ms"].append(ms)
                row["baseline_cpu"].append(baseline_cpu)
                row["cpu"].append(cpu)
    every_baseline = [ms for row in rows for ms in row["baseline_ms"]]
    return {
        "baseline": {"ms": statistics.median(every_baseline), "spread_ms": quartiles(every_baseline),
                     "queries": baseline_queries},
        "rows": [summary(row) for row in rows],
    }


def print_table(results: dict, *, seconds: float) -> None:
    version, rows = results["postgres"], results["rows"]
    print(f"Board dashboard: {rows['strands']} strands, {rows['actions']:,} actions, {rows['updates']:,} updates, "
          f"{MEETINGS} meetings, {MEASURES} measures (PostgreSQL {version // 10000}.{version % 10000}, today = {TODAY},"
          f" past day = {PAST_DAY})")
    print(f"{ROUNDS} pairs after {WARM_UP} warm-up pairs, each dashboard right after a baseline request (A B A B …)")
    print()
    header = (f"{'page':<34} {'median ms':>9} {'IQR ms':>13} {'x baseline':>10} {'pairs: median (IQR)':>19} "
              f"{'queries':>7} {'10-action plan':>14}")
    print(header)
    print("-" * len(header))
    baseline = results["pages"]["baseline"]
    low, high = baseline["spread_ms"]
    print(f"{'baseline: accessibility page':<34} {baseline['ms']:>9.1f} {f'{low:.1f}–{high:.1f}':>13} {1.0:>10.1f} "
          f"{'':>19} {baseline['queries']:>7}")
    unequal, over = [], []
    for row in results["pages"]["rows"]:
        small = str(row["small_queries"]) + (" (!)" if row["small_queries"] != row["queries"] else "")
        if row["small_queries"] != row["queries"]:
            unequal.append(row["page"])
        if row["ratio"] > GOAL:
            over.append(f"{row['page']} {row['ratio']:.2f}")
        low, high = row["spread_ms"]
        ratio_low, ratio_high = row["ratio_spread"]
        pairs = f"{row['pair_ratio']:.1f} ({ratio_low:.1f}–{ratio_high:.1f})"
        print(f"{row['page']:<34} {row['median_ms']:>9.1f} {f'{low:.1f}–{high:.1f}':>13} {row['ratio']:>10.1f} "
              f"{pairs:>19} {row['queries']:>7} {small:>14}")
    print()
    print(f"NOT EQUAL for {', '.join(unequal)}: a query per row has crept in" if unequal
          else "query counts are the same for 1,000 actions as for 10")
    print(f"over {GOAL:g}x the baseline: {', '.join(over)}" if over
          else f"every dashboard within {GOAL:g}x the baseline")
    print(f"total run time {seconds:.1f} s, including creating and dropping the database")


if __name__ == "__main__":
    sys.exit(main())
