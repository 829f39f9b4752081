"""Benchmark: storing the schedules of 152 local areas, directly and through a Celery worker.

Run from the project root against PostgreSQL and Redis (a throwaway database is created and dropped; the worker
consumes from a queue of its own):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsoa CELERY_BROKER_URL=redis://127.0.0.1:6379/9 \\
        python bench/schedules.py

152 is the number of local authorities in England with SEND responsibilities: one inspection each, spread over
seven years and every lifecycle stage. Every measurement is taken in interleaved rounds, each one right after a
pass of the baseline (a trivial database read), so the ratios travel between machines and a slow moment of the
machine weighs on both sides. A first recompute changes the data, so it is repeated by emptying the milestone
tables (milestones, their history and reminders) between runs, untimed. It also prints how many queries the
inspection page's selectors make for an inspection with 5 and with 50 milestones (they must be equal).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.settings.test")

from bench._throwaway_database import run_in_throwaway_database

ROOT = Path(__file__).resolve().parents[1]
AREAS = 152
TODAY = date(2025, 6, 2)  # fixed, so every run computes the same statuses
FIRST_LETTER = date(2019, 1, 9)
ROUNDS = 21  # timed rounds; each measurement is taken once per round, each time after its own baseline pass
WARM_UP = 2  # untimed rounds first: imports, caches and the worker's connections
WORKER_CONCURRENCY = 2  # as docker-compose.yml runs it
WORKER_POLL_SECONDS = 0.005
BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/9"


def main() -> int:
    return run_in_throwaway_database("schedules", run, print_table)


def run() -> dict:
    from django.db import connection

    ids = areas_with_one_inspection_each()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # fresh statistics, as a live database would have
    results: dict = {"postgres": connection.cursor().connection.server_version}
    with celery_worker() as worker:
        results["worker"] = worker
        results["rows"] = measure(ids, measurements(ids, worker))
    results["page"] = {count: page_queries(milestones=count) for count in (5, 50)}
    return results


def measurements(ids: list[int], worker: dict) -> dict:
    """key -> (label, work returning a count, whether to empty the milestone tables first, what the count is)."""
    from inspections.deadlines import milestones_for
    from inspections.models import Inspection
    from inspections.schedules import SCHEDULE_BATCH_SIZE, milestones_recompute, schedules_recompute
    from inspections.selectors import deadline_rules, inspection_facts, working_day_calendars

    inspections = list(Inspection.objects.prefetch_related("weaknesses").filter(pk__in=ids))
    facts = [inspection_facts(inspection) for inspection in inspections]
    rules = deadline_rules()
    calendars = working_day_calendars({inspection.area_id for inspection in inspections})
    batches = [ids[start : start + SCHEDULE_BATCH_SIZE] for start in range(0, len(ids), SCHEDULE_BATCH_SIZE)]

    def pure():
        return sum(
            len(milestones_for(fact, rules=rules, calendar=calendars[inspection.area_id]))
            for fact, inspection in zip(facts, inspections, strict=True)
        )

    def one_at_a_time():
        return sum(milestones_recompute(inspection_id=pk, today=TODAY).changed for pk in ids)

    def in_batches():
        return sum(schedules_recompute(inspection_ids=batch, today=TODAY).changed for batch in batches)

    batched = f"batches of {SCHEDULE_BATCH_SIZE}"
    rows = {
        "pure": ("milestones_for only (no database)", pure, False, "milestones computed"),
        "one_at_a_time": ("first recompute, one inspection at a time", one_at_a_time, True, "rows written"),
        "batches": (f"first recompute, {batched}", in_batches, True, "rows written"),
        "unchanged": (f"recompute, nothing changed, {batched}", in_batches, False, "rows written"),
    }
    if worker["ready"]:
        expected = pure()
        rows["worker"] = (
            f"first recompute, {batched}, through a worker", lambda: through_the_worker(expected), True, "rows stored"
        )
    return rows


def through_the_worker(expected: int) -> int:
    """Enqueue the recompute as a rule change does, then wait until the worker has stored every milestone."""
    from inspections.models import Milestone
    from inspections.schedules import schedules_recompute_later

    schedules_recompute_later()
    deadline = time.monotonic() + 60
    while (stored := Milestone.objects.count()) < expected:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the worker stored {stored} of {expected} milestones in 60 s")
        time.sleep(WORKER_POLL_SECONDS)
    return stored


def measure(ids: list[int], rows: dict) -> dict:
    """Interleaved rounds: for each measurement, a baseline pass then the measurement (A B A C A D ...).

    Queries are counted in the last warm-up round only: counting them slows each query a little, and it would
    slow the measurements but not the baseline.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections.models import Inspection

    def baseline():
        return sum(Inspection.objects.filter(pk=pk).exists() for pk in ids)

    samples = {key: {"base": [], "time": [], "queries": 0, "result": None} for key in rows}
    for round_number in range(WARM_UP + ROUNDS):
        for key, (_, work, from_empty, _) in rows.items():
            if from_empty:
                milestone_tables_empty()
            sample = samples[key]
            if round_number == WARM_UP - 1:
                with CaptureQueriesContext(connection) as captured:
                    work()
                sample["queries"] = len(captured)
                continue
            base_seconds, _ = timed(baseline)
            seconds, sample["result"] = timed(work)
            if round_number >= WARM_UP:
                sample["base"].append(base_seconds)
                sample["time"].append(seconds)
    return {key: {"label": label, "means": means, **samples[key]} for key, (label, _, _, means) in rows.items()}


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def milestone_tables_empty() -> None:
    """Truncate milestones, their history and their reminders, so the next recompute is a first one again."""
    from django.core.management.color import no_style
    from django.db import connection

    from inspections.models import Milestone, MilestoneReminder

    tables = [Milestone._meta.db_table, Milestone.history.model._meta.db_table, MilestoneReminder._meta.db_table]
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables):
            cursor.execute(statement)


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
    from wsoa.models import Membership, User
    from wsoa.roles import Role, memberships_of

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
    # The page is read as its area's administrator; their roles are loaded once a request, as on a page.
    person = User.objects.create_user(email=f"page-{milestones}@bench.example.org", password=None)
    Membership.objects.create(user=person, area=area, role=Role.ADMINISTRATOR)
    memberships_of(person)
    with CaptureQueriesContext(connection) as captured:
        page = inspection_for_page(inspection.pk, user=person)
        rows = timeline_rows(page, today=TODAY)
        findings_by_kind_and_section(page)
        for row in rows:
            str(row["milestone"])
    assert len(rows) == milestones
    return len(captured)


@contextmanager
def celery_worker():
    """A `celery -A wsoa worker` on the throwaway database, consuming a queue of its own; this process sends to it."""
    from wsoa.celery import app

    info = {"ready": False, "concurrency": WORKER_CONCURRENCY, "broker": BROKER_URL, "problem": ""}
    if not broker_answers():
        info["problem"] = f"Redis does not answer at {BROKER_URL}"
        yield info
        return
    queue = f"bench-schedules-{os.getpid()}"
    hostname = f"{queue}@bench"
    # The log goes to a file, not a pipe: a full pipe would stall the worker.
    with tempfile.TemporaryFile() as log, _worker_process(queue, hostname, log) as process:
        app.conf.update(task_always_eager=False, broker_url=BROKER_URL, task_default_queue=queue)
        try:
            started = time.monotonic()
            while not app.control.ping(timeout=0.5, destination=[hostname]):
                if process.poll() is not None or time.monotonic() - started > 60:
                    log.seek(0)
                    raise RuntimeError(f"the Celery worker did not start:\n{log.read().decode()[-2000:]}")
            info["ready"] = True
            yield info
        finally:
            app.conf.task_always_eager = True


@contextmanager
def _worker_process(queue: str, hostname: str, log):
    from django.db import connection

    database = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"]).geturl()
    env = {**os.environ, "DATABASE_URL": database, "CELERY_BROKER_URL": BROKER_URL, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "celery", "-A", "wsoa", "worker", "--pool", "prefork",
        "--concurrency", str(WORKER_CONCURRENCY), "--queues", queue, "--hostname", hostname, "--loglevel", "WARNING",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)  # its database connections close before the database is dropped
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def broker_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER_URL, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def print_table(results: dict, *, seconds: float) -> None:
    version, worker = results["postgres"], results["worker"]
    print(f"Schedules of {AREAS} local areas, one inspection each "
          f"(PostgreSQL {version // 10000}.{version % 10000}, today = {TODAY})")
    print(f"{ROUNDS} interleaved rounds after {WARM_UP} warm-up rounds: each measurement right after a baseline pass "
          f"of its own; medians, with min–max")
    print()
    print(f"{'measurement':<52} {'median ms':>9} {'min–max ms':>15} {'ms/area':>8} {'x baseline':>11} "
          f"{'min–max x':>12} {'queries/area':>12}  result")
    print(f"{'-' * 52} {'-' * 9} {'-' * 15} {'-' * 8} {'-' * 11} {'-' * 12} {'-' * 12}  {'-' * 22}")
    rows = results["rows"]
    base = [seconds for row in rows.values() for seconds in row["base"]]  # every baseline pass of every round
    print(_row("baseline: Inspection exists(), one query per area", base, [1.0] * len(base), "1.0",
               f"{AREAS} found"))
    for key, row in rows.items():
        ratios = [taken / baseline for taken, baseline in zip(row["time"], row["base"], strict=True)]
        queries = "–" if key == "worker" else f"{row['queries'] / AREAS:.1f}"
        print(_row(row["label"], row["time"], ratios, queries, f"{row['result']} {row['means']}"))
    if not worker["ready"]:
        print(f"{'first recompute through a worker':<52} skipped: {worker['problem']}")
    else:
        print(f"(the worker: prefork, {worker['concurrency']} processes, broker {worker['broker']}; timed from enqueue "
              f"until every milestone is stored, polled every {WORKER_POLL_SECONDS * 1000:.0f} ms)")
    print()
    few, many = results["page"][5], results["page"][50]
    verdict = "equal" if few == many else "NOT EQUAL: a query per milestone has crept in"
    print(f"inspection page selectors (inspection_for_page, timeline_rows, findings): "
          f"5 milestones {few} queries, 50 milestones {many} queries: {verdict}")
    print(f"total run time {seconds:.1f} s, including creating and dropping the database")


def _row(label: str, times: list[float], ratios: list[float], queries: str, result: str) -> str:
    ms = [taken * 1000 for taken in times]
    median = statistics.median(ms)
    spread = f"{min(ms):.1f}–{max(ms):.1f}"
    ratio_spread = f"{min(ratios):.1f}–{max(ratios):.1f}"
    return (f"{label:<52} {median:>9.1f} {spread:>15} {median / AREAS:>8.3f} {statistics.median(ratios):>11.1f} "
            f"{ratio_spread:>12} {queries:>12}  {result}")


if __name__ == "__main__":
    sys.exit(main())
