"""Schedules of many areas at once: the closures are read once for all of them, so query counts stay flat."""
from datetime import date

import pytest
from django.core import mail

from inspections.models import Milestone, NonWorkingDay
from inspections.reminders import milestone_reminders_send
from inspections.services import milestone_statuses_refresh
from tests.inspections.factories import LocalAreaFactory, MilestoneFactory, WsoaRequiredInspectionFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

SIZES = pytest.mark.parametrize(("areas", "per_area"), [(1, 3), (8, 5)], ids=["3 in 1 area", "40 in 8 areas"])


def open_milestones_in(*, areas: int, per_area: int, due: date, responsible=None) -> None:
    """`areas` areas, each with a closure day of its own and one inspection with `per_area` open milestones."""
    for number in range(areas):
        area = LocalAreaFactory()
        NonWorkingDay.objects.create(area=area, day=date(2022, 1, 3 + number), name=f"{area} closure day")
        inspection = WsoaRequiredInspectionFactory(area=area)
        if responsible is not None:
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
    with django_assert_num_queries(3):  # the open milestones, their responsible people, every area's closures
        sent = milestone_reminders_send(today=date(2022, 2, 14))  # more than 30 working days before: none due
    assert sent == 0


@SIZES
def test_each_reminder_sent_costs_only_its_claim(
    areas, per_area, make_user, django_assert_num_queries, django_capture_on_commit_callbacks
):
    lead = make_user(Role.OFFICER, email="lead@example.org")
    open_milestones_in(areas=areas, per_area=per_area, due=date(2022, 2, 28), responsible=lead)
    count = areas * per_area
    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(3 + 3 * count):
        # the three reads, then for each reminder a savepoint, the claim row and the savepoint's release
        sent = milestone_reminders_send(today=date(2022, 2, 14))
    assert sent == count
    assert len(mail.outbox) == count
    assert {message.to[0] for message in mail.outbox} == {"lead@example.org"}
