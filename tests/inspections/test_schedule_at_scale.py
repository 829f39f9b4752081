"""Schedules of many areas at once: rules and closures read once for all of them, so query counts stay flat."""
from datetime import date

import pytest
from django.core import mail

from inspections.models import Inspection, Milestone, NonWorkingDay
from inspections.reminders import milestone_reminders_send
from inspections.schedules import (
    milestone_mark_met,
    milestone_reopen,
    milestone_statuses_refresh,
    schedules_recompute,
    schedules_recompute_later,
)
from tests.inspections.factories import LocalAreaFactory, MilestoneFactory, WsoaRequiredInspectionFactory
from wsoa.roles import Role
from wsoa.services import membership_add

pytestmark = pytest.mark.django_db

SIZES = pytest.mark.parametrize(("areas", "per_area"), [(1, 3), (8, 5)], ids=["3 in 1 area", "40 in 8 areas"])


def open_milestones_in(*, areas: int, per_area: int, due: date, responsible=None) -> None:
    """`areas` areas, each with a closure day of its own and one inspection with `per_area` open milestones."""
    for number in range(areas):
        area = LocalAreaFactory()
        NonWorkingDay.objects.create(area=area, day=date(2022, 1, 3 + number), name=f"{area} closure day")
        inspection = WsoaRequiredInspectionFactory(area=area)
        if responsible is not None:
            membership_add(user=responsible, area=area, role=Role.OFFICER, by=None, reason="Test")
            inspection.responsible_people.add(responsible)
        MilestoneFactory.create_batch(per_area, inspection=inspection, due=due)


@SIZES
def test_refreshing_statuses_takes_the_same_three_queries_for_3_or_40_milestones(
    areas, per_area, django_assert_num_queries
):
    open_milestones_in(areas=areas, per_area=per_area, due=date(2022, 3, 1))
    with django_assert_num_queries(3):  # the open milestones, every area's closures, one update
        changed = milestone_statuses_refresh(today=date(2022, 3, 10))
    assert changed == areas * per_area
    assert set(Milestone.objects.values_list("status", flat=True)) == {Milestone.Status.OVERDUE}


def test_each_area_keeps_its_own_closures_when_statuses_are_refreshed_together():
    closed_early, open_as_usual = LocalAreaFactory(name="Closed early"), LocalAreaFactory(name="Open as usual")
    NonWorkingDay.objects.create(area=closed_early, day=date(2022, 2, 15), name="Council closure day")
    for area in (closed_early, open_as_usual):
        MilestoneFactory(inspection=WsoaRequiredInspectionFactory(area=area), due=date(2022, 2, 28))

    # Friday 11 February 2022 is 11 working days before the deadline, 10 where the council closes on the 15th.
    milestone_statuses_refresh(today=date(2022, 2, 11))

    statuses = dict(Milestone.objects.values_list("inspection__area__name", "status"))
    assert statuses == {"Closed early": Milestone.Status.DUE_SOON, "Open as usual": Milestone.Status.UPCOMING}


@SIZES
def test_reminders_read_every_areas_calendar_in_one_query_for_3_or_40_milestones(
    areas, per_area, make_user, django_assert_num_queries
):
    lead = make_user(Role.OFFICER, email="lead@example.org")
    open_milestones_in(areas=areas, per_area=per_area, due=date(2022, 6, 1), responsible=lead)
    with django_assert_num_queries(4):  # the open milestones, their responsible people and their areas, closures
        sent = milestone_reminders_send(today=date(2022, 2, 14))  # more than 30 working days before: none due
    assert sent == 0


@SIZES
def test_each_reminder_sent_costs_only_its_claim(
    areas, per_area, make_user, django_assert_num_queries, django_capture_on_commit_callbacks
):
    lead = make_user(Role.OFFICER, email="lead@example.org")
    open_milestones_in(areas=areas, per_area=per_area, due=date(2022, 2, 28), responsible=lead)
    count = areas * per_area
    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(4 + 8 * count):
        # the four reads, then for each reminder in its savepoint the claim row and, in its own savepoint, the
        # e-mail's outbox row with its history record, after one look for deactivated recipients (sending it
        # comes after the commit)
        sent = milestone_reminders_send(today=date(2022, 2, 14))
    assert sent == count
    assert len(mail.outbox) == count
    assert {message.to[0] for message in mail.outbox} == {"lead@example.org"}


# --- schedules_recompute: many inspections in one transaction ------------------------------------------------------

TODAY = date(2022, 5, 3)
ACCEPTED = {"status": "accepted", "submitted_on": date(2022, 2, 25), "decision": "fit",
            "decided_on": date(2022, 4, 7), "accepted_on": date(2022, 4, 7)}


def accepted_inspections_in(areas: int, *, per_area: int = 1) -> list[int]:
    """Accepted plans (a WSoA, a fitness decision, six review meetings and a revisit each), a closure per area."""
    ids = []
    for number in range(areas):
        area = LocalAreaFactory()
        NonWorkingDay.objects.create(area=area, day=date(2022, 6, 1 + number), name=f"{area} closure day")
        ids += [WsoaRequiredInspectionFactory(area=area, **ACCEPTED).pk for _ in range(per_area)]
    return ids


@pytest.mark.parametrize(("areas", "per_area"), [(1, 1), (8, 3)], ids=["1 inspection", "24 in 8 areas"])
def test_recomputing_1_or_24_schedules_takes_the_same_queries(areas, per_area, django_assert_num_queries):
    ids = accepted_inspections_in(areas, per_area=per_area)
    # Savepoint, the locked inspections, their weaknesses, the rules, the closures, the stored milestones,
    # the new rows and their history rows, release.
    with django_assert_num_queries(9):
        first = schedules_recompute(inspection_ids=ids, today=TODAY)
    assert first.created == Milestone.objects.count() == 9 * len(ids)
    with django_assert_num_queries(7):  # nothing to write
        assert schedules_recompute(inspection_ids=ids, today=TODAY).changed == 0


def test_a_batch_run_twice_writes_nothing_the_second_time():
    ids = accepted_inspections_in(3, per_area=2)
    schedules_recompute(inspection_ids=ids, today=TODAY)
    rows = sorted(Milestone.objects.values_list("pk", "inspection", "key", "sequence", "due", "status", "explanation"))
    history = Milestone.history.count()

    assert schedules_recompute(inspection_ids=ids, today=TODAY).changed == 0

    assert sorted(Milestone.objects.values_list("pk", "inspection", "key", "sequence", "due", "status",
                                                "explanation")) == rows
    assert Milestone.history.count() == history == len(rows)


def test_a_batch_gives_each_inspection_its_own_areas_closures():
    closed, open_as_usual = LocalAreaFactory(name="Closed"), LocalAreaFactory(name="Open as usual")
    NonWorkingDay.objects.create(area=closed, day=date(2022, 1, 14), name="Council closure day")
    NonWorkingDay.objects.create(area=None, day=date(2022, 1, 21), name="County-wide closure")
    ids = [WsoaRequiredInspectionFactory(area=area).pk for area in (closed, open_as_usual)]

    schedules_recompute(inspection_ids=ids, today=TODAY)

    stored = Milestone.objects.filter(key="wsoa_due").select_related("inspection__area")
    wsoa = {milestone.inspection.area.name: milestone for milestone in stored}
    assert (wsoa["Closed"].due, wsoa["Open as usual"].due) == (date(2022, 3, 2), date(2022, 3, 1))
    assert "Council closure day on 14 January 2022" in wsoa["Closed"].explanation
    assert "Council closure day" not in wsoa["Open as usual"].explanation
    assert "County-wide closure on 21 January 2022" in wsoa["Open as usual"].explanation


def test_a_batch_skips_inspections_deleted_before_it_ran():
    (kept,) = accepted_inspections_in(1)
    assert schedules_recompute(inspection_ids=[kept, kept + 1000], today=TODAY).created == 9


def test_a_closure_day_for_many_inspections_enqueues_batches_of_50(django_capture_on_commit_callbacks):
    area = LocalAreaFactory(name="Large county")
    Inspection.objects.bulk_create(WsoaRequiredInspectionFactory.build_batch(120, area=area))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert schedules_recompute_later(area=area) == 120
    assert len(callbacks) == 3  # 50, 50 and 20
    assert Milestone.objects.filter(key="wsoa_due", due=date(2022, 2, 28)).count() == 120


# --- every milestone history record says why, in words --------------------------------------------------------------


def reasons(milestone_id) -> list[tuple[str, str]]:
    records = Milestone.history.filter(id=milestone_id).order_by("history_date", "history_id")
    return [(record.history_type, record.history_change_reason) for record in records]


def test_milestone_history_says_what_the_rules_and_people_did(make_user):
    officer = make_user(Role.OFFICER, email="officer@example.org")
    inspection = WsoaRequiredInspectionFactory(status="not_fit", submitted_on=date(2022, 2, 25), decision="not_fit",
                                               decided_on=date(2022, 3, 10))
    schedules_recompute(inspection_ids=[inspection.pk], today=TODAY)
    wsoa = Milestone.objects.get(inspection=inspection, key="wsoa_due")
    resubmission = Milestone.objects.get(inspection=inspection, key="resubmission_due")

    Inspection.objects.filter(pk=inspection.pk).update(decided_on=date(2022, 3, 11))
    schedules_recompute(inspection_ids=[inspection.pk], today=TODAY)  # the resubmission moves a day
    milestone_mark_met(milestone=resubmission, by=officer, on=date(2022, 4, 1))
    milestone_reopen(milestone=resubmission, by=officer)
    Inspection.objects.filter(pk=inspection.pk).update(status="fit", decision="fit")
    schedules_recompute(inspection_ids=[inspection.pk], today=TODAY)  # no resubmission after a fit decision

    assert reasons(wsoa.pk) == [("+", "Worked out from the deadline rules")]
    assert reasons(resubmission.pk) == [
        ("+", "Worked out from the deadline rules"),
        ("~", "Worked out again from the deadline rules"),
        ("~", "Marked as met"),
        ("~", "Opened again"),
        ("-", "Deleted: the deadline rules no longer give it"),
    ]
    people = Milestone.history.filter(id=resubmission.pk, history_change_reason__in=["Marked as met", "Opened again"])
    assert {record.history_user for record in people} == {officer}


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (date(2022, 2, 25), Milestone.Status.DUE_SOON),  # the 10th working day after Friday 11 February
        (date(2022, 2, 27), Milestone.Status.DUE_SOON),  # the Sunday after it: still 10 working days away
        (date(2022, 2, 28), Milestone.Status.UPCOMING),  # the 11th
        (date(2025, 2, 28), Milestone.Status.UPCOMING),  # three years away
    ],
)
def test_due_soon_means_at_most_10_working_days_away(due, status):
    MilestoneFactory(due=due)
    milestone_statuses_refresh(today=date(2022, 2, 11))
    assert Milestone.objects.get().status == status
