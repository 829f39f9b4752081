"""Board meetings in the inspection's timeline and calendar feeds, written as milestones the deadline rules leave
alone."""
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from governance import services
from governance.schedules import BOARD_MEETING, meetings_schedule
from inspections.feeds import calendar_token_renew
from inspections.models import Milestone
from inspections.reminders import milestone_reminders_send
from inspections.schedules import milestones_recompute
from tests.governance.factories import LastMondayBoardFactory

pytestmark = pytest.mark.django_db

JANUARY = date(2025, 1, 1)


@pytest.fixture
def scheduled(board_world):
    meetings_schedule(board=board_world.board, by=None, through=date(2025, 12, 31), today=JANUARY)
    return board_world


def board_milestones(world):
    return Milestone.objects.filter(inspection=world.plan.inspection, key=BOARD_MEETING).order_by("due")


def test_each_meeting_is_a_milestone_named_with_its_spotlight(scheduled):
    milestones = list(board_milestones(scheduled))
    assert len(milestones) == 12
    assert milestones[1].label == "SEND Improvement Board meeting (spotlight: Strand 2 – Graduated response)"
    assert milestones[1].due == date(2025, 2, 11)
    assert milestones[1].rule_label == "Monthly, second Tuesday, reports due 5 working days before"
    assert "Reports due Tuesday 4 February 2025." in milestones[1].explanation
    assert {m.sequence for m in milestones} == set(scheduled.board.meetings.values_list("pk", flat=True))


def test_a_meeting_moved_from_a_bank_holiday_says_so_in_the_timeline(board_world):
    board = LastMondayBoardFactory(plan=board_world.plan, name="SEND Partnership Board")
    meetings_schedule(board=board, by=None, through=date(2025, 12, 31), today=JANUARY)
    august = Milestone.objects.get(key=BOARD_MEETING, sequence=board.meetings.get(scheduled_on=date(2025, 8, 25)).pk)
    assert august.due == date(2025, 8, 26)
    assert "Moved from Monday 25 August 2025 (Late Summer Bank Holiday)." in august.explanation


def test_recomputing_the_inspections_deadlines_keeps_the_board_meetings(scheduled):
    before = list(board_milestones(scheduled).values_list("pk", "due", "label"))
    result = milestones_recompute(inspection_id=scheduled.plan.inspection_id, today=JANUARY)
    assert result.created > 0  # the deadline rules' own milestones
    assert list(board_milestones(scheduled).values_list("pk", "due", "label")) == before


def test_a_held_meeting_is_met_and_a_cancelled_one_leaves_the_timeline(scheduled):
    january, february = scheduled.board.meetings.order_by("held_on")[:2]
    admin = scheduled.admin
    services.meeting_update(meeting=january, by=admin, held_on=january.held_on, time=january.time, status="held",
                            spotlight=january.spotlight, today=date(2025, 1, 20))
    services.meeting_update(meeting=february, by=admin, held_on=february.held_on, time=february.time,
                            status="cancelled", spotlight=february.spotlight, today=date(2025, 1, 20))
    met = Milestone.objects.get(key=BOARD_MEETING, sequence=january.pk)
    assert (met.status, met.met_on) == ("met", date(2025, 1, 14))
    assert not Milestone.objects.filter(key=BOARD_MEETING, sequence=february.pk).exists()
    assert Milestone.history.filter(sequence=february.pk, history_type="-").get().history_change_reason == (
        "Board meeting cancelled"
    )


def test_a_meeting_moved_by_hand_moves_its_milestone(scheduled):
    march = scheduled.board.meetings.get(held_on=date(2025, 3, 11))
    services.meeting_update(meeting=march, by=scheduled.admin, held_on=date(2025, 3, 13), time=march.time,
                            status="planned", spotlight=march.spotlight, today=JANUARY)
    milestone = Milestone.objects.get(key=BOARD_MEETING, sequence=march.pk)
    assert milestone.due == date(2025, 3, 13)
    assert milestone.history.latest().history_change_reason == "Board meeting moved to Thursday 13 March 2025"


def test_the_inspection_page_and_its_calendar_feed_show_the_meetings(scheduled, client):
    admin = scheduled.admin
    client.force_login(admin)
    page = client.get(reverse("inspections:detail", args=[scheduled.plan.inspection_id])).content.decode()
    assert "SEND Improvement Board meeting (spotlight: Strand 1 – EHC plans)" in page
    token = calendar_token_renew(user=admin).token
    feed = client.get(reverse("inspections:inspection_feed", args=[token, scheduled.plan.inspection_id]))
    body = feed.content.decode().replace("\r\n ", "")
    assert "SUMMARY:SEND Improvement Board meeting (spotlight: Strand 2 – Graduated response) – Barnsley" in body
    assert "DTSTART;VALUE=DATE:20250211" in body


def test_the_deadline_reminders_leave_board_meetings_to_governance(scheduled):
    scheduled.plan.inspection.responsible_people.add(scheduled.admin)
    milestone_reminders_send(today=date(2025, 2, 10))
    assert not any("Board meeting" in message.subject for message in mail.outbox)
