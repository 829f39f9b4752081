"""Milestone reminders: once per threshold and due date, on the area's working days, to active responsible people."""
from datetime import date, timedelta

import pytest
from django.core import mail

from inspections.models import Inspection, Milestone, MilestoneReminder, NonWorkingDay
from inspections.reminders import milestone_reminders_send
from inspections.schedules import milestone_mark_met, milestones_recompute
from tests.inspections.barnsley import (
    FIRST_DAY_OVERDUE,
    FIVE_BEFORE,
    ONE_BEFORE,
    SOON_AFTER_THE_LETTER,
    TEN_BEFORE,
    THIRTY_BEFORE,
    WSOA_DUE,
)
from tests.inspections.factories import WsoaRequiredInspectionFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(db):
    """Barnsley's inspection: letter received 17 November 2021, a Written Statement of Action required."""
    return WsoaRequiredInspectionFactory()


def recompute(inspection) -> None:
    milestones_recompute(inspection_id=inspection.pk, today=SOON_AFTER_THE_LETTER)


def wsoa_of(inspection) -> Milestone:
    return Milestone.objects.get(inspection=inspection, key="wsoa_due")


@pytest.fixture
def responsible(make_user, inspection):
    active = make_user(Role.OFFICER, email="lead@barnsley.example.org")
    left = make_user(Role.OFFICER, email="left@barnsley.example.org")
    left.is_active = False
    left.save()
    make_user(Role.BOARD_CHAIR, email="chair@barnsley.example.org")  # not responsible for this inspection
    inspection.responsible_people.set([active, left])
    recompute(inspection)
    return active


def send_reminders(today, django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return milestone_reminders_send(today=today)


def test_reminders_go_out_at_30_10_5_1_working_days_and_when_overdue_once_each(
    responsible, inspection, django_capture_on_commit_callbacks
):
    sent_on = {}
    day = WSOA_DUE - timedelta(days=60)
    while day <= WSOA_DUE + timedelta(days=10):
        first = send_reminders(day, django_capture_on_commit_callbacks)
        second = send_reminders(day, django_capture_on_commit_callbacks)  # a retried or duplicated job
        assert second == 0, f"sent twice on {day}"
        if first:
            sent_on[day] = first
        day += timedelta(days=1)

    assert sent_on == {THIRTY_BEFORE: 1, TEN_BEFORE: 1, FIVE_BEFORE: 1, ONE_BEFORE: 1, FIRST_DAY_OVERDUE: 1}
    assert len(mail.outbox) == 5
    assert [message.to for message in mail.outbox] == [[responsible.email]] * 5
    assert "due in 30 working days" in mail.outbox[0].subject
    assert "due in 1 working day:" in mail.outbox[3].subject
    assert mail.outbox[4].subject.startswith("Overdue:")
    assert all("(Barnsley)" in message.subject for message in mail.outbox)
    reminders = MilestoneReminder.objects.filter(milestone__inspection=inspection).order_by("sent_at", "pk")
    assert [reminder.threshold for reminder in reminders] == ["30", "10", "5", "1", "overdue"]


def test_reminders_only_go_out_on_working_days_and_catch_up_on_the_next(
    responsible, inspection, django_capture_on_commit_callbacks
):
    assert send_reminders(date(2022, 2, 12), django_capture_on_commit_callbacks) == 0  # Saturday
    assert send_reminders(date(2022, 2, 13), django_capture_on_commit_callbacks) == 0  # Sunday
    assert send_reminders(TEN_BEFORE, django_capture_on_commit_callbacks) == 1
    assert mail.outbox[0].subject.startswith("Written Statement of Action due is due in 10 working days")


def test_no_reminders_on_the_areas_local_non_working_day(responsible, inspection, django_capture_on_commit_callbacks):
    NonWorkingDay.objects.create(area=inspection.area, day=FIRST_DAY_OVERDUE, name="Council closure day")
    assert send_reminders(FIRST_DAY_OVERDUE, django_capture_on_commit_callbacks) == 0
    assert send_reminders(date(2022, 3, 2), django_capture_on_commit_callbacks) == 1
    assert mail.outbox[0].subject.startswith("Overdue:")


def test_reminders_go_only_to_active_responsible_people(responsible, inspection, django_capture_on_commit_callbacks):
    send_reminders(TEN_BEFORE, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["lead@barnsley.example.org"]
    assert MilestoneReminder.objects.get().recipients == "lead@barnsley.example.org"


def test_without_an_active_responsible_person_nothing_is_claimed(responsible, inspection,
                                                                 django_capture_on_commit_callbacks):
    responsible.is_active = False
    responsible.save()
    assert send_reminders(TEN_BEFORE, django_capture_on_commit_callbacks) == 0
    assert not MilestoneReminder.objects.exists()
    responsible.is_active = True
    responsible.save()
    assert send_reminders(date(2022, 2, 15), django_capture_on_commit_callbacks) == 1  # a late joiner still hears


def test_a_met_milestone_gets_no_reminders(responsible, inspection, django_capture_on_commit_callbacks):
    milestone_mark_met(milestone=wsoa_of(inspection), by=responsible, on=date(2022, 2, 10))
    assert send_reminders(TEN_BEFORE, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_a_new_due_date_gets_fresh_reminders(responsible, inspection, django_capture_on_commit_callbacks):
    assert send_reminders(TEN_BEFORE, django_capture_on_commit_callbacks) == 1
    Inspection.objects.filter(pk=inspection.pk).update(received_on=date(2021, 11, 24))
    recompute(inspection)
    assert wsoa_of(inspection).due == date(2022, 3, 7)
    assert send_reminders(date(2022, 2, 21), django_capture_on_commit_callbacks) == 1  # 10 days before 7 March
    assert send_reminders(date(2022, 2, 21), django_capture_on_commit_callbacks) == 0
    assert sorted(MilestoneReminder.objects.values_list("threshold", "due")) == [
        ("10", WSOA_DUE), ("10", date(2022, 3, 7)),
    ]
    assert len(mail.outbox) == 2


def test_a_deadline_on_a_weekend_is_overdue_on_the_next_working_day(
    responsible, inspection, django_capture_on_commit_callbacks
):
    saturday = date(2022, 2, 26)
    Inspection.objects.filter(pk=inspection.pk).update(official_deadline=saturday)
    recompute(inspection)
    assert wsoa_of(inspection).due == saturday
    assert send_reminders(date(2022, 2, 25), django_capture_on_commit_callbacks) == 1  # Friday: the last day
    assert send_reminders(date(2022, 2, 28), django_capture_on_commit_callbacks) == 1  # Monday: overdue
    assert mail.outbox[-1].subject.startswith("Overdue:")


def test_someone_no_longer_in_the_area_is_not_reminded(make_user, django_capture_on_commit_callbacks):
    from tests.inspections.factories import MilestoneFactory
    from wsoa.services import memberships_set

    stays = make_user(Role.OFFICER, email="stays@example.org")
    leaves = make_user(Role.OFFICER, email="left@example.org")
    inspection = WsoaRequiredInspectionFactory()
    inspection.responsible_people.add(stays, leaves)
    MilestoneFactory(inspection=inspection, due=date(2022, 2, 28))
    memberships_set(user=leaves, memberships=[])
    with django_capture_on_commit_callbacks(execute=True):
        milestone_reminders_send(today=date(2022, 2, 14))
    assert [message.to for message in mail.outbox] == [["stays@example.org"]]
