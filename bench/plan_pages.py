"""Benchmark: the action plan's busy pages on a plan of 20 strands, 1,000 actions and 30,000 monthly updates.

Run from the project root against PostgreSQL (a throwaway database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsoa python bench/plan_pages.py

The plan is generated with bulk inserts, history rows included (a creation record per action, one per rating
change, one per update), then each page is requested through Django's test client, signed in as an
administrator or as an officer who leads 50 of the actions. It prints each page's median time next to the
accessibility page's (a trivial view with the same layout, measured in the same run, so the ratios travel
between machines) and the SQL queries each page makes, for this plan and for a plan of 10 actions: the two
counts must be equal.
"""
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.settings.test")

from bench._plan_data import TODAY, bench_plans, today_fixed
from bench._throwaway_database import run_in_throwaway_database

REQUESTS = 25
WARM_UP = 2


def main() -> int:
    return run_in_throwaway_database("plan_pages", run, print_table, test_client=True)


def run() -> dict:
    plans = bench_plans()
    results = dict(plans["about"])
    with today_fixed():
        results["pages"] = pages_measure(plans["big"], plans["small"], plans["people"])
    return results


def pages_measure(big: dict, small: dict, people: dict) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    def urls(plan_data: dict) -> dict[str, str]:
        plan, strand = plan_data["plan"], plan_data["strand"]
        action_list = reverse("actions:action_list", args=[plan.pk])
        return {
            "plan overview": reverse("actions:plan", args=[plan.pk]),
            "strand page (50 actions)" if plan_data is big else "strand page": reverse("actions:strand",
                                                                                         args=[strand.pk]),
            "action list, first page": action_list,
            "action list, filtered": f"{action_list}?strand={plan_data['other_strand'].pk}&rating=green&q=measurable",
            "action page (30 updates)" if plan_data is big else "action page": reverse(
                "actions:action", args=[plan_data["action"].pk]),
        }

    clients = {}
    for who in ("admin", "officer"):
        clients[who] = Client()
        clients[who].force_login(people[who])

    def measure(who: str, url: str) -> tuple[float, int]:
        client = clients[who]
        for _ in range(WARM_UP):
            assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured)  # now: the next request clears the connection's query log
        timings = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200
        return statistics.median(timings) * 1000, queries

    small_urls = dict(zip(urls(big), urls(small).values(), strict=True))
    rows = []
    baseline, baseline_queries = measure("admin", reverse("accessibility"))
    rows.append({"page": "baseline: accessibility page", "as": "admin", "ms": baseline, "queries": baseline_queries,
                 "small": baseline_queries})
    for name, url in urls(big).items():
        ms, queries = measure("admin", url)
        rows.append({"page": name, "as": "admin", "ms": ms, "queries": queries,
                     "small": measure("admin", small_urls[name])[1]})
    for name, url in {
        "My actions (50 actions)": reverse("actions:my_actions"),
        "plan overview": reverse("actions:plan", args=[big["plan"].pk]),
        "own action page": reverse("actions:action", args=[big["officer_action"].pk]),
    }.items():
        ms, queries = measure("officer", url)
        rows.append({"page": name, "as": "officer", "ms": ms, "queries": queries, "small": None})
    health_ms, health_queries = measure("admin", reverse("health"))
    rows.append({"page": "health check", "as": "admin", "ms": health_ms, "queries": health_queries, "small": None})
    for row in rows:
        row["ratio"] = row["ms"] / baseline
    return rows


def print_table(results: dict, *, seconds: float) -> None:
    version = results["postgres"]
    rows = results["rows"]
    print(f"Action plan pages: {rows['strands']} strands, {rows['actions']:,} actions, {rows['updates']:,} updates, "
          f"{rows['history']:,} history rows (PostgreSQL {version // 10000}.{version % 10000}, today = {TODAY})")
    print(f"generated in {results['generated_in']:.1f} s; median of {REQUESTS} requests per page after "
          f"{WARM_UP} warm-up requests, through Django's test client")
    print()
    print(f"{'page':<32} {'as':<8} {'median ms':>10} {'x baseline':>11} {'queries':>8} {'10-action plan':>15}")
    print(f"{'-' * 32} {'-' * 8} {'-' * 10} {'-' * 11} {'-' * 8} {'-' * 15}")
    unequal = []
    for row in results["pages"]:
        small = "" if row["small"] is None else str(row["small"])
        if row["small"] is not None and row["small"] != row["queries"]:
            small += " (!)"
            unequal.append(row["page"])
        print(f"{row['page']:<32} {row['as']:<8} {row['ms']:>10.1f} {row['ratio']:>11.1f} {row['queries']:>8} "
              f"{small:>15}")
    print()
    if unequal:
        print(f"NOT EQUAL for {', '.join(unequal)}: a query per row has crept in")
    else:
        print("query counts are the same for 1,000 actions as for 10")
    print(f"total run time {seconds:.1f} s, including creating and dropping the database")


if __name__ == "__main__":
    sys.exit(main())
