"""A real worker stores an inspection's schedule and sends reminders: idempotent when tasks run twice."""
import itertools
from datetime import date

import pytest
from django.db import transaction

from inspections.deadlines import milestones_for
from inspections.models import Inspection, LocalArea, Milestone, MilestoneReminder
from inspections.schedules import milestones_recompute, schedules_recompute_later
from inspections.selectors import deadline_rules, inspection_facts, working_day_calendar
from inspections.services import inspection_create
from inspections.tasks import inspection_schedule_recompute, milestones_daily
from tests.integration.conftest import wait_until
from wsoa.roles import Role
from wsoa.services import membership_add

pytestmark = pytest.mark.integration

BARNSLEY_DATES = {
    "framework": "2016",
    "starts_on": date(2021, 9, 20),
    "ends_on": date(2021, 9, 24),
    "received_on": date(2021, 11, 17),
    "published_on": date(2021, 11, 19),
    "outcome": "wsoa_required",
}
_sentinels = itertools.count(1)


def _wait_for_the_queue_to_drain(redis_client) -> None:
    """The worker runs one task at a time, in order: once a task sent last has run, every earlier one has."""
    from tests.integration.worker_tasks import attempt_recorder

    key = f"schedule-sentinel-{next(_sentinels)}"
    attempt_recorder.delay(key, 0)
    wait_until(lambda: redis_client.get(f"{key}:done"), what="the tasks sent before the sentinel to run")


def _rows(inspection) -> list[tuple]:
    return sorted(
        Milestone.objects.filter(inspection=inspection).values_list("pk", "key", "sequence", "due", "status")
    )


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER, email="officer@barnsley.example.org")


@pytest.fixture
def barnsley(celery_worker, officer):
    """Barnsley's inspection created as a view would: committed, its schedule left to the worker."""
    area, _ = LocalArea.objects.get_or_create(name="Barnsley", local_authority="Barnsley Metropolitan Borough Council")
    with transaction.atomic():
        inspection = inspection_create(by=officer, area=area, **BARNSLEY_DATES)
        assert not Milestone.objects.filter(inspection=inspection).exists()  # queued for after the commit
    wait_until(lambda: Milestone.objects.filter(inspection=inspection).exists(), what="the worker to store milestones")
    return inspection


def test_worker_stores_the_milestones_of_a_new_inspection(barnsley):
    wsoa = Milestone.objects.get(inspection=barnsley, key="wsoa_due")
    assert wsoa.due == date(2022, 2, 28)
    assert wsoa.rule_key == "wsoa_due_from_received"


def test_two_concurrent_recomputes_leave_one_set_of_rows(barnsley, redis_client):
    # Plan accepted, recorded without the services so that nothing has recomputed the schedule yet.
    Inspection.objects.filter(pk=barnsley.pk).update(
        status="accepted", submitted_on=date(2022, 2, 25), decision="fit", decided_on=date(2022, 4, 7),
        accepted_on=date(2022, 4, 7),
    )
    inspection_schedule_recompute.delay(barnsley.pk)
    inspection_schedule_recompute.delay(barnsley.pk)
    milestones_recompute(inspection_id=barnsley.pk)  # a third, in this process, racing the worker
    _wait_for_the_queue_to_drain(redis_client)

    rows = _rows(barnsley)
    keys = [(key, sequence) for _, key, sequence, _, _ in rows]
    assert len(keys) == len(set(keys)), "duplicate milestones"
    inspection = Inspection.objects.get(pk=barnsley.pk)
    expected = milestones_for(
        inspection_facts(inspection), rules=deadline_rules(), calendar=working_day_calendar(inspection.area)
    )
    assert sorted(keys) == sorted((item.key, item.sequence) for item in expected)
    assert {(key, sequence, due) for _, key, sequence, due, _ in rows} == {
        (item.key, item.sequence, item.due) for item in expected
    }
    assert ("review_meeting", 6) in keys

    history = Milestone.history.count()
    inspection_schedule_recompute.delay(barnsley.pk)
    inspection_schedule_recompute.delay(barnsley.pk)
    _wait_for_the_queue_to_drain(redis_client)
    assert _rows(barnsley) == rows  # same rows, same ids: nothing deleted and re-created
    assert Milestone.history.count() == history


def test_batches_racing_a_single_recompute_store_each_schedule_once(celery_worker, redis_client):
    """A rule change enqueues batches; run twice, beside a one-inspection task and a recompute in this process."""
    areas = LocalArea.objects.bulk_create(LocalArea(name=f"Area {n}", local_authority=f"Council {n}") for n in range(6))
    accepted = {**BARNSLEY_DATES, "status": "accepted", "submitted_on": date(2022, 2, 25), "decision": "fit",
                "decided_on": date(2022, 4, 7), "accepted_on": date(2022, 4, 7)}
    inspections = Inspection.objects.bulk_create(Inspection(area=areas[n % 6], **accepted) for n in range(70))
    raced = inspections[55]

    assert schedules_recompute_later(framework="2016") == 70  # two batches: 50 and 20
    schedules_recompute_later(framework="2016")
    inspection_schedule_recompute.delay(raced.pk)
    milestones_recompute(inspection_id=raced.pk)
    _wait_for_the_queue_to_drain(redis_client)

    rows = list(Milestone.objects.values_list("inspection", "key", "sequence"))
    assert len(rows) == len(set(rows)) == 9 * 70  # a WSoA, a fitness decision, 6 review meetings, a revisit each
    history = list(Milestone.history.values_list("id", "history_type", "history_change_reason"))
    assert len(history) == len(rows), "a schedule was written twice"
    assert {(kind, reason) for _, kind, reason in history} == {("+", "Worked out from the deadline rules")}


def test_daily_job_run_twice_sends_each_reminder_once(barnsley, officer, redis_client):
    rotherham = LocalArea.objects.create(name="Rotherham", local_authority="Rotherham Metropolitan Borough Council")
    dates = {**BARNSLEY_DATES, "received_on": date(2021, 11, 24), "published_on": date(2021, 11, 26)}
    later = inspection_create(by=officer, area=rotherham, **dates)
    wait_until(lambda: Milestone.objects.filter(inspection=later).exists(), what="the second area's milestones")
    membership_add(user=officer, area=rotherham, role=Role.OFFICER, by=None, reason="Works in both areas")
    for inspection in (barnsley, later):
        inspection.responsible_people.add(officer)
    barnsley_wsoa = Milestone.objects.get(inspection=barnsley, key="wsoa_due")
    later_wsoa = Milestone.objects.get(inspection=later, key="wsoa_due")
    assert (barnsley_wsoa.due, later_wsoa.due) == (date(2022, 2, 28), date(2022, 3, 7))

    milestones_daily.delay("2022-02-14")  # 10 working days before Barnsley's deadline, 15 before the other
    milestones_daily.delay("2022-02-14")
    _wait_for_the_queue_to_drain(redis_client)
    assert sorted(MilestoneReminder.objects.values_list("milestone", "threshold", "due")) == sorted([
        (barnsley_wsoa.pk, "10", date(2022, 2, 28)),
        (later_wsoa.pk, "30", date(2022, 3, 7)),
    ])
    barnsley_wsoa.refresh_from_db()
    assert barnsley_wsoa.status == Milestone.Status.DUE_SOON

    milestones_daily.delay("2022-02-15")
    milestones_daily.delay("2022-02-21")  # 5 working days before Barnsley's deadline, 10 before the other
    milestones_daily.delay("2022-02-21")
    _wait_for_the_queue_to_drain(redis_client)
    reminders = list(MilestoneReminder.objects.values_list("milestone", "threshold"))
    assert len(reminders) == len(set(reminders)) == 4
    assert set(reminders) == {
        (barnsley_wsoa.pk, "10"), (barnsley_wsoa.pk, "5"), (later_wsoa.pk, "30"), (later_wsoa.pk, "10"),
    }
