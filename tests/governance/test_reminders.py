"""Each subgroup lead is told once per meeting what they owe it, from the day reports are due."""
from datetime import date

import pytest
from django.core import mail

from governance.models import ReportDueReminder
from governance.reminders import report_reminders_send
from governance.schedules import meetings_schedule
from wsoa.services import memberships_set

pytestmark = pytest.mark.django_db

FEBRUARY_MEETING = date(2025, 2, 11)  # reports due Tuesday 4 February 2025
DUE = date(2025, 2, 4)


@pytest.fixture
def scheduled(board_world):
    meetings_schedule(board=board_world.board, by=None, through=date(2025, 12, 31), today=date(2025, 1, 15))
    return board_world


def send(today, capture):
    with capture(execute=True):
        return report_reminders_send(today=today)


def test_each_lead_hears_once_what_they_owe_and_by_when(scheduled, django_capture_on_commit_callbacks):
    assert send(date(2025, 2, 3), django_capture_on_commit_callbacks) == 0  # not due yet
    assert send(DUE, django_capture_on_commit_callbacks) == 4
    assert send(DUE, django_capture_on_commit_callbacks) == 0
    assert send(date(2025, 2, 5), django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 4
    spotlight_lead = scheduled.subgroups[0].lead  # February's is the first meeting scheduled: strand 1's turn
    [to_spotlight] = [message for message in mail.outbox if message.to == [spotlight_lead.email]]
    assert to_spotlight.subject == (
        "Spotlight report due for the SEND Improvement Board on Tuesday 11 February 2025 (Barnsley)"
    )
    assert "EHC plans owes the spotlight report, due today." in to_spotlight.body
    other = next(message for message in mail.outbox if message.to == [scheduled.subgroups[1].lead.email])
    assert "Graduated response owes a short report, due today." in other.body
    assert ReportDueReminder.objects.count() == 4


def test_the_next_meeting_brings_a_new_email(scheduled, django_capture_on_commit_callbacks):
    send(DUE, django_capture_on_commit_callbacks)
    assert send(date(2025, 3, 4), django_capture_on_commit_callbacks) == 4  # March 11's reports
    lead = scheduled.subgroups[0].lead
    assert len([message for message in mail.outbox if message.to == [lead.email]]) == 2


def test_a_missed_day_is_caught_up_but_never_on_a_weekend(scheduled, django_capture_on_commit_callbacks):
    assert send(date(2025, 2, 8), django_capture_on_commit_callbacks) == 0  # Saturday
    assert send(date(2025, 2, 10), django_capture_on_commit_callbacks) == 4
    assert "has passed: please send it now" in mail.outbox[0].body
    assert send(FEBRUARY_MEETING, django_capture_on_commit_callbacks) == 0  # the meeting day: too late


def test_a_lead_with_no_role_in_the_area_is_not_told(scheduled, django_capture_on_commit_callbacks):
    outsider = scheduled.subgroups[2].lead
    memberships_set(user=outsider, memberships=[])
    assert send(DUE, django_capture_on_commit_callbacks) == 3
    assert all(message.to != [outsider.email] for message in mail.outbox)


def test_a_submitted_report_is_not_chased_and_a_board_may_send_none(scheduled, django_capture_on_commit_callbacks):
    meeting = scheduled.board.meetings.get(held_on=FEBRUARY_MEETING)
    meeting.reports.filter(subgroup=scheduled.subgroups[0]).update(status="submitted", submitted_at="2025-02-01T10:00Z")
    assert send(DUE, django_capture_on_commit_callbacks) == 3
    scheduled.board.reminders_on = False
    scheduled.board.save()
    assert send(date(2025, 3, 4), django_capture_on_commit_callbacks) == 0


def test_a_lead_of_two_subgroups_gets_one_email_listing_both(scheduled, django_capture_on_commit_callbacks):
    first, second = scheduled.subgroups[:2]
    second.lead = first.lead
    second.save()
    assert send(DUE, django_capture_on_commit_callbacks) == 3
    [message] = [m for m in mail.outbox if m.to == [first.lead.email]]
    assert "EHC plans owes the spotlight report" in message.body and "Graduated response owes a short" in message.body
    assert ReportDueReminder.objects.filter(recipient=first.lead).count() == 2
