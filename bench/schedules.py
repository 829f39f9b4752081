"""Benchmark: storing the schedules of 152 local areas, and the inspection page's query count.

Run from the project root against PostgreSQL (a throwaway database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsoa python bench/schedules.py

152 is the number of local authorities in England with SEND responsibilities: one inspection each, spread over
seven years and every lifecycle stage. It prints how long `milestones_recompute` takes per area, first when it
creates every milestone and again when nothing has changed, each against a trivial database read measured in
the same run (so the figures travel between machines), and how many queries the inspection page's selectors make
for an inspection with 5 and with 50 milestones (they must be equal).
"""
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.settings.test")

from bench._throwaway_database import run_in_throwaway_database

AREAS = 152
TODAY = date(2025, 6, 2)  # fixed, so every run computes the same statuses
FIRST_LETTER = date(2019, 1, 9)
BASELINE_REPEATS = 5
UNCHANGED_REPEATS = 3


def main() -> int:
    return run_in_throwaway_database("schedules", run, print_table)


def run() -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections.deadlines import milestones_for
    from inspections.models import Inspection
    from inspections.selectors import deadline_rules, inspection_facts, working_day_calendar
    from inspections.services import milestones_recompute

    ids = areas_with_one_inspection_each()
    rows: dict = {"postgres": connection.cursor().connection.server_version}

    def per_area(label: str, work, *, repeats: int = 1) -> dict:
        timings, queries = [], 0
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                result = work()
                timings.append(time.perf_counter() - start)
            queries = len(captured)
        seconds = statistics.median(timings)
        return {"label": label, "ms_per_area": seconds * 1000 / len(ids), "queries_per_area": queries / len(ids),
                "result": result}

    # Pure engine, no database: the facts and rules are loaded once beforehand. Also warms the bank-holiday cache.
    inspections = list(Inspection.objects.select_related("area").prefetch_related("weaknesses").filter(pk__in=ids))
    facts = [inspection_facts(inspection) for inspection in inspections]
    rules = deadline_rules()
    calendars = {inspection.pk: working_day_calendar(inspection.area) for inspection in inspections}

    def pure():
        return sum(
            len(milestones_for(fact, rules=rules, calendar=calendars[inspection.pk]))
            for fact, inspection in zip(facts, inspections, strict=True)
        )

    def baseline():
        return sum(Inspection.objects.filter(pk=pk).exists() for pk in ids)

    def recompute_all():
        changed = 0
        for pk in ids:
            changed += milestones_recompute(inspection_id=pk, today=TODAY).changed
        return changed

    rows["baseline"] = per_area("baseline: Inspection exists(), one query", baseline, repeats=BASELINE_REPEATS)
    rows["pure"] = per_area("milestones_for only (no database)", pure, repeats=BASELINE_REPEATS)
    rows["first"] = per_area("milestones_recompute, first run", recompute_all)
    rows["second"] = per_area("milestones_recompute, nothing changed", recompute_all, repeats=UNCHANGED_REPEATS)
    rows["page"] = {count: page_queries(milestones=count) for count in (5, 50)}
    return rows


def areas_with_one_inspection_each() -> list[int]:
    """152 areas, each with one inspection at a different stage, dated across seven years."""
    from inspections.calendar import WorkingDayCalendar
    from inspections.models import Inspection, LocalArea, NonWorkingDay, SignificantWeakness

    england = WorkingDayCalendar()
    areas = LocalArea.objects.bulk_create(
        LocalArea(name=f"Bench area {number:03}", local_authority=f"Bench area {number:03} Council")
        for number in range(1, AREAS + 1)
    )
    NonWorkingDay.objects.bulk_create(
        NonWorkingDay(area=area, day=date(2022, 1, 14) + timedelta(days=7 * (index % 20)), name="Closure day")
        for index, area in enumerate(areas)
        if index % 7 == 0
    )
    inspections = []
    for index, area in enumerate(areas):
        received = england.working_day_on_or_after(FIRST_LETTER + timedelta(days=16 * index))
        inspections.append(Inspection(area=area, **_stage(index % 10, received, england)))
    Inspection.objects.bulk_create(inspections)
    SignificantWeakness.objects.bulk_create(
        SignificantWeakness(inspection=inspection, number=number, title=f"Weakness {number}", text="Text.",
                            revisit_judgement="not_sufficient" if number == 1 and index % 20 == 6 else "")
        for index, inspection in enumerate(inspections)
        for number in (1, 2, 3)
    )
    return [inspection.pk for inspection in inspections]


def _stage(stage: int, received: date, england) -> dict:
    """The inspection's fields at one of ten stages (plan in draft to revisited; both frameworks)."""
    after = england.add_working_days
    ends = received - timedelta(days=56)
    fields = {
        "framework": "2016", "outcome": "wsoa_required", "starts_on": ends - timedelta(days=4), "ends_on": ends,
        "received_on": received, "published_on": after(received, 2),
    }
    submitted, decided = after(received, 66), after(received, 76)
    if stage == 1:
        fields["received_on"] = None  # only the publication date known: an estimated deadline
    elif stage == 2:
        fields.update(status="submitted", submitted_on=submitted)
    elif stage == 3:
        fields.update(status="not_fit", submitted_on=submitted, decision="not_fit", decided_on=decided)
    elif stage == 4:
        fields.update(status="resubmitted", submitted_on=submitted, decision="not_fit", decided_on=decided,
                      resubmitted_on=after(decided, 18))
    elif stage in (5, 6):
        fields.update(status="accepted", submitted_on=submitted, decision="fit", decided_on=decided,
                      accepted_on=decided)
        if stage == 6:
            fields.update(status="revisit", revisit_published_on=after(decided, 340))
    elif stage in (7, 8):
        fields.update(framework="2023", outcome="3" if stage == 7 else "2")
    elif stage == 9:
        fields.update(official_deadline=after(received, 68))
    return fields


def page_queries(*, milestones: int) -> int:
    """Queries the inspection page's selectors make for an inspection with this many milestones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections.models import Finding, Inspection, LocalArea, Milestone
    from inspections.selectors import findings_by_kind_and_section, inspection_for_page, timeline_rows

    area = LocalArea.objects.create(name=f"Page area {milestones}", local_authority="Page Council")
    inspection = Inspection.objects.create(area=area, framework="2016", outcome="wsoa_required",
                                           starts_on=date(2021, 9, 20), ends_on=date(2021, 9, 24))
    Finding.objects.bulk_create(Finding(inspection=inspection, kind="main", text=f"Finding {n}") for n in range(6))
    Milestone.objects.bulk_create(
        Milestone(inspection=inspection, key="review_meeting", sequence=n, label="Review meeting",
                  due=date(2022, 1, 3) + timedelta(days=7 * n), rule_key="bench", rule_label="Bench",
                  source="Bench", confidence="guidance", explanation="Bench.")
        for n in range(1, milestones + 1)
    )
    with CaptureQueriesContext(connection) as captured:
        page = inspection_for_page(inspection.pk)
        rows = timeline_rows(page, today=TODAY)
        findings_by_kind_and_section(page)
        for row in rows:
            str(row["milestone"])
    assert len(rows) == milestones
    return len(captured)


def print_table(rows: dict, *, seconds: float) -> None:
    baseline = rows["baseline"]["ms_per_area"]
    version = rows["postgres"]
    print(f"Schedules of {AREAS} local areas, one inspection each "
          f"(PostgreSQL {version // 10000}.{version % 10000}, today = {TODAY})")
    print()
    print(f"{'measurement':<44} {'ms/area':>9} {'x baseline':>11} {'queries/area':>13}  result")
    print(f"{'-' * 44} {'-' * 9} {'-' * 11} {'-' * 13}  {'-' * 22}")
    results = {
        "baseline": "{} found",
        "pure": "{} milestones computed",
        "first": "{} rows written",
        "second": "{} rows written",
    }
    for key, result in results.items():
        row = rows[key]
        print(f"{row['label']:<44} {row['ms_per_area']:>9.3f} {row['ms_per_area'] / baseline:>11.1f} "
              f"{row['queries_per_area']:>13.1f}  {result.format(row['result'])}")
    print()
    few, many = rows["page"][5], rows["page"][50]
    verdict = "equal" if few == many else "NOT EQUAL: a query per milestone has crept in"
    print(f"inspection page selectors (inspection_for_page, timeline_rows, findings): "
          f"5 milestones {few} queries, 50 milestones {many} queries: {verdict}")
    print(f"total run time {seconds:.1f} s, including creating and dropping the database")


if __name__ == "__main__":
    sys.exit(main())
