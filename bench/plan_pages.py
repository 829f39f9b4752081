"""Benchmark: the action plan's busy pages on a plan of 20 strands, 1,000 actions and 30,000 monthly updates.

Run from the project root against PostgreSQL (a throwaway database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsoa python bench/plan_pages.py

The plan is generated with bulk inserts, history rows included (a creation record per action, one per rating
change, one per update), then each page is requested through Django's test client, signed in as an
administrator or as an officer who leads 50 of the actions. Every page request follows a request for the
accessibility page (a trivial view with the same layout and session) by the same person, A B A B …, in rounds
that take every page in turn, so a busy moment of the machine weighs on both halves of a pair. Each row prints
the page's median time and its spread (25th to 75th percentile), its ratio to the baseline (the page's median
over the median of the baseline requests paired with it), and the median and spread of the pair-by-pair
ratios, and the ratio of the page's CPU time in this process to the baseline's (which a busy machine disturbs less).
It also prints the SQL queries each page makes, for this plan and for a plan of 10 actions: the two
counts must be equal.
"""
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.settings.test")

from bench._plan_data import TODAY, bench_plans, today_fixed
from bench._throwaway_database import run_in_throwaway_database

ROUNDS = 40  # pairs per page
WARM_UP = 2  # untimed rounds first
GOAL = 3.0  # every page at most three times the trivial page
# The plan as it stood about six months before "today" (?on=): read from the history and the rating events.
PAST_DAY = TODAY - timedelta(days=182)


def main() -> int:
    return run_in_throwaway_database("plan_pages", run, print_table, test_client=True)


def run() -> dict:
    plans = bench_plans()
    results = dict(plans["about"])
    with today_fixed():
        results["pages"] = pages_measure(plans["big"], plans["small"], plans["people"])
    return results


def pages(big: dict, small: dict) -> list[dict]:
    """Each page to measure: its name, who asks for it, its address on the big plan and, for the pages that exist
    on any plan, on the 10-action plan."""
    from django.urls import reverse

    def filtered(plan_data: dict) -> str:
        return f"?strand={plan_data['other_strand'].pk}&rating=green&q=measurable"

    def past(plan_data: dict) -> str:
        return f"?on={PAST_DAY.isoformat()}"

    def page(name: str, who: str, url_name: str, *objects: str, query=lambda plan_data: "", compare=True) -> dict:
        def url(plan_data: dict) -> str:
            return reverse(url_name, args=[plan_data[each].pk for each in objects]) + query(plan_data)

        return {"page": name, "as": who, "url": url(big), "small": url(small) if compare else None}

    return [
        page("plan overview", "admin", "actions:plan", "plan"),
        page("strand page (50 actions)", "admin", "actions:strand", "strand"),
        page("action list, first page", "admin", "actions:action_list", "plan"),
        page("action list, filtered", "admin", "actions:action_list", "plan", query=filtered),
        page("action page (30 updates)", "admin", "actions:action", "action"),
        page("plan overview, ?on=", "admin", "actions:plan", "plan", query=past),
        page("strand page, ?on=", "admin", "actions:strand", "strand", query=past),
        page("action list, ?on=", "admin", "actions:action_list", "plan", query=past),
        page("action page, ?on=", "admin", "actions:action", "action", query=past),
        page("My actions (50 actions)", "officer", "actions:my_actions", compare=False),
        page("home page", "officer", "home", compare=False),
        page("plan overview", "officer", "actions:plan", "plan", compare=False),
        page("own action page", "officer", "actions:action", "officer_action", compare=False),
        page("health check", "admin", "health", compare=False),
    ]


def pages_measure(big: dict, small: dict, people: dict) -> dict:
    from django.test import Client
    from django.urls import reverse

    clients = {}
    for who in ("admin", "officer"):
        clients[who] = Client()
        clients[who].force_login(people[who])
    baseline_url = reverse("accessibility")
    rows = pages(big, small)
    for row in rows:
        client = clients[row["as"]]
        row["queries"] = queries_of(client, row["url"])
        row["small_queries"] = queries_of(client, row["small"]) if row["small"] else None
        row["baseline_ms"], row["ms"], row["baseline_cpu"], row["cpu"] = [], [], [], []
    baseline_queries = queries_of(clients["admin"], baseline_url)

    for round_number in range(WARM_UP + ROUNDS):
        for row in rows:
            client = clients[row["as"]]
            (baseline_ms, baseline_cpu), (ms, cpu) = timed(client, baseline_url), timed(client, row["url"])
            if round_number >= WARM_UP:
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


def timed(client, url: str) -> tuple[float, float]:
    """The request's wall time and this process's CPU time for it, in ms. The CPU time leaves out the database's
    own work and any wait for a core, so on a busy machine it still compares the pages' Python work."""
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert response.status_code == 200, url
    return elapsed * 1000, cpu * 1000


def queries_of(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request fills the per-process caches (content types, templates)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def summary(row: dict) -> dict:
    """The page's median and spread, and its ratio to the baseline requests paired with it."""
    ratios = [ms / baseline for ms, baseline in zip(row["ms"], row["baseline_ms"], strict=True)]
    median, baseline = statistics.median(row["ms"]), statistics.median(row["baseline_ms"])
    return {**row, "median_ms": median, "spread_ms": quartiles(row["ms"]), "ratio": median / baseline,
            "pair_ratio": statistics.median(ratios), "ratio_spread": quartiles(ratios),
            "cpu_ratio": statistics.median(row["cpu"]) / statistics.median(row["baseline_cpu"])}


def quartiles(values: list[float]) -> tuple[float, float]:
    low, _, high = statistics.quantiles(values, n=4)
    return low, high


def print_table(results: dict, *, seconds: float) -> None:
    version = results["postgres"]
    rows = results["rows"]
    print(f"Action plan pages: {rows['strands']} strands, {rows['actions']:,} actions, {rows['updates']:,} updates, "
          f"{rows['history']:,} history rows (PostgreSQL {version // 10000}.{version % 10000}, today = {TODAY})")
    print(f"generated in {results['generated_in']:.1f} s; {ROUNDS} rounds after {WARM_UP} warm-up rounds, each page "
          f"right after a baseline request by the same person (A B A B …), through Django's test client")
    print()
    header = (f"{'page':<28} {'as':<8} {'median ms':>9} {'IQR ms':>13} {'x baseline':>10} {'pairs: median (IQR)':>19} "
              f"{'x CPU':>5} {'queries':>7} {'10-action plan':>14}")
    print(header)
    print("-" * len(header))
    baseline = results["pages"]["baseline"]
    low, high = baseline["spread_ms"]
    print(f"{'baseline: accessibility page':<28} {'both':<8} {baseline['ms']:>9.1f} {f'{low:.1f}–{high:.1f}':>13} "
          f"{1.0:>10.1f} {'':>19} {1.0:>5.1f} {baseline['queries']:>7}")
    unequal, over = [], []
    for row in results["pages"]["rows"]:
        small = "" if row["small_queries"] is None else str(row["small_queries"])
        if row["small_queries"] is not None and row["small_queries"] != row["queries"]:
            small += " (!)"
            unequal.append(row["page"])
        if row["ratio"] > GOAL:
            over.append(f"{row['page']} ({row['as']}) {row['ratio']:.2f}")
        low, high = row["spread_ms"]
        ratio_low, ratio_high = row["ratio_spread"]
        pairs = f"{row['pair_ratio']:.1f} ({ratio_low:.1f}–{ratio_high:.1f})"
        print(f"{row['page']:<28} {row['as']:<8} {row['median_ms']:>9.1f} {f'{low:.1f}–{high:.1f}':>13} "
              f"{row['ratio']:>10.1f} {pairs:>19} {row['cpu_ratio']:>5.1f} {row['queries']:>7} {small:>14}")
    print()
    print(f"NOT EQUAL for {', '.join(unequal)}: a query per row has crept in" if unequal
          else "query counts are the same for 1,000 actions as for 10")
    print(f"over {GOAL:g}x the baseline: {', '.join(over)}" if over else f"every page within {GOAL:g}x the baseline")
    print(f"total run time {seconds:.1f} s, including creating and dropping the database")


if __name__ == "__main__":
    sys.exit(main())
