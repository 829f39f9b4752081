"""A board's meetings from its cadence: placed once, moved off bank holidays, rotated, owed their reports."""
import logging
from datetime import date, time

import pytest
import time_machine

from actions.models import Subgroup
from governance import services
from governance.models import ActionArising, AgendaItem, Board, BoardMember, Decision, Meeting, SubgroupReport
from governance.schedules import meetings_schedule
from governance.tasks import board_schedule_recompute, governance_daily
from tests.actions.factories import StrandFactory, SubgroupFactory
from tests.governance.factories import LastMondayBoardFactory

pytestmark = pytest.mark.django_db

JANUARY = date(2025, 1, 1)
YEAR_END = date(2025, 12, 31)
HISTORIES = (Board, BoardMember, Meeting, SubgroupReport, AgendaItem, Decision, ActionArising)


def history_rows() -> int:
    from inspections.models import Milestone

    return sum(model.history.count() for model in (*HISTORIES, Milestone))


def schedule(board, *, today=JANUARY, through=YEAR_END, by=None):
    return meetings_schedule(board=board, by=by, through=through, today=today)


def test_a_year_of_second_tuesdays_each_owed_a_report_by_every_subgroup(board_world):
    result = schedule(board_world.board)
    meetings = list(board_world.board.meetings.order_by("held_on"))
    assert result.created == 12
    assert [m.held_on for m in meetings][:3] == [date(2025, 1, 14), date(2025, 2, 11), date(2025, 3, 11)]
    assert all(m.status == Meeting.Status.PLANNED and m.time == time(10, 0) for m in meetings)
    assert meetings[0].reports_due_on == date(2025, 1, 7)  # 5 working days before
    for meeting in meetings:
        reports = list(meeting.reports.all())
        assert len(reports) == 4
        assert {r.kind for r in reports if r.subgroup_id == meeting.spotlight_id} == {"spotlight"}
        assert sum(r.kind == "short" for r in reports) == 3
        assert all(r.status == "draft" and r.sections == {} for r in reports)


def test_the_schedule_logs_what_it_wrote_at_info_as_production_logs(board_world, caplog):
    with caplog.at_level(logging.INFO, logger="governance.schedules"):
        schedule(board_world.board)
    (record,) = [record for record in caplog.records if record.getMessage() == "board meetings scheduled"]
    assert (record.board, record.meetings_created, record.meetings_reports_created) == (board_world.board.pk, 12, 48)


def test_the_spotlight_goes_round_the_subgroups_by_strand_number(board_world):
    schedule(board_world.board)
    spotlights = list(board_world.board.meetings.order_by("held_on").values_list("spotlight", flat=True))
    ids = [subgroup.pk for subgroup in board_world.subgroups]
    assert spotlights == ids * 3


def test_running_the_schedule_again_writes_nothing(board_world):
    schedule(board_world.board)
    before = history_rows()
    again = schedule(board_world.board)
    assert again.changed == 0
    assert history_rows() == before


def test_a_meeting_on_a_bank_holiday_is_held_the_next_working_day(board_world):
    board = LastMondayBoardFactory(plan=board_world.plan, name="SEND Partnership Board")
    schedule(board)
    august = board.meetings.get(scheduled_on=date(2025, 8, 25))
    assert august.held_on == date(2025, 8, 26)
    assert august.moved_reason == "Moved from Monday 25 August 2025 (Late Summer Bank Holiday)"
    assert august.reports_due_on == date(2025, 8, 18)
    may = board.meetings.get(scheduled_on=date(2025, 5, 26))
    assert may.held_on == date(2025, 5, 27) and "Spring Bank Holiday" in may.moved_reason


def test_a_new_cadence_moves_the_planned_meetings_but_not_those_held_or_moved_by_hand(board_world):
    board, admin = board_world.board, board_world.admin
    schedule(board)
    january, february, march = board.meetings.order_by("held_on")[:3]
    services.meeting_update(meeting=january, by=admin, held_on=january.held_on, time=january.time, status="held",
                            spotlight=january.spotlight, minutes_text="Noted.", today=date(2025, 1, 20))
    services.meeting_update(meeting=february, by=admin, held_on=date(2025, 2, 13), time=time(14, 0),
                            status="planned", spotlight=february.spotlight, today=date(2025, 1, 20))
    board.week_of_month = Board.WeekOfMonth.THIRD
    board.save()
    schedule(board, today=date(2025, 1, 20))
    days = set(board.meetings.values_list("held_on", flat=True))
    assert date(2025, 1, 14) in days  # held
    assert date(2025, 2, 13) in days  # moved by hand: the person's date stays
    assert date(2025, 3, 11) not in days and date(2025, 3, 18) in days  # planned: follows the cadence
    assert not Meeting.objects.filter(pk=march.pk).exists()
    assert board.meetings.get(held_on=date(2025, 2, 13)).moved_reason == "Moved by hand"


def test_a_meeting_with_a_written_report_or_minutes_is_never_deleted(board_world):
    board = board_world.board
    schedule(board)
    march, april = board.meetings.order_by("held_on")[2:4]
    report = march.reports.first()
    report.sections = {"summary": "Our draft"}
    report.save()
    Meeting.objects.filter(pk=april.pk).update(minutes_link="https://example.org/minutes")
    board.weekday = Board.Weekday.WEDNESDAY
    board.save()
    schedule(board)
    assert Meeting.objects.filter(pk__in=[march.pk, april.pk]).count() == 2
    assert board.meetings.filter(held_on=date(2025, 3, 12)).exists()


def test_a_cancelled_meeting_passes_its_turn_to_the_next(board_world):
    board, admin = board_world.board, board_world.admin
    schedule(board)
    first, second, third = board.meetings.order_by("held_on")[:3]
    services.meeting_update(meeting=second, by=admin, held_on=second.held_on, time=second.time, status="cancelled",
                            spotlight=second.spotlight, today=JANUARY)
    schedule(board)
    third.refresh_from_db()
    assert third.spotlight == board_world.subgroups[1]
    assert third.reports.get(subgroup=board_world.subgroups[1]).kind == "spotlight"
    assert third.reports.get(subgroup=board_world.subgroups[2]).kind == "short"


def test_a_spotlight_chosen_by_hand_stays_and_the_turns_continue_from_it(board_world):
    board, admin = board_world.board, board_world.admin
    schedule(board)
    first, second = board.meetings.order_by("held_on")[:2]
    services.meeting_update(meeting=first, by=admin, held_on=first.held_on, time=first.time, status="planned",
                            spotlight=board_world.subgroups[3], today=JANUARY)
    schedule(board)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.spotlight == board_world.subgroups[3] and first.spotlight_set_by_hand
    assert second.spotlight == board_world.subgroups[0]
    assert first.history.latest().history_change_reason.startswith("Spotlight changed to Local offer")


def test_a_subgroup_added_later_joins_the_rotation_and_owes_reports(board_world):
    board = board_world.board
    schedule(board)
    newcomer = SubgroupFactory(plan=board_world.plan, name="Health")
    StrandFactory(plan=board_world.plan, number=5, title="Health", subgroup=newcomer)
    schedule(board, today=date(2025, 3, 1))
    later = list(board.meetings.filter(held_on__gte=date(2025, 3, 1)).order_by("held_on"))
    assert [m.spotlight for m in later[:3]] == [*board_world.subgroups[2:4], newcomer]
    assert all(m.reports.filter(subgroup=newcomer).exists() for m in later)
    assert not board.meetings.get(held_on=date(2025, 1, 14)).reports.filter(subgroup=newcomer).exists()


def test_a_subgroup_with_no_strand_takes_its_turn_last():
    from governance.selectors import subgroups_in_turn
    from tests.actions.factories import PlanFactory

    plan = PlanFactory()
    loose = SubgroupFactory(plan=plan, name="A subgroup with no strand")
    StrandFactory(plan=plan, number=2, subgroup=SubgroupFactory(plan=plan, name="Zed"))
    assert subgroups_in_turn(plan)[-1] == loose
    assert Subgroup.objects.filter(plan=plan).count() == 2


def test_the_task_schedules_a_year_ahead(board_world):
    assert board_schedule_recompute(board_world.board.pk, "2025-01-01") > 0
    assert board_world.board.meetings.count() == 12  # to 1 January 2026: its second Tuesday is after
    assert board_schedule_recompute(board_world.board.pk, "2025-01-01") == 0
    assert board_schedule_recompute(999_999) == 0


def test_the_daily_run_schedules_every_board(board_world):
    assert governance_daily("2025-01-01") == {"meetings_changed": 12 + 12 * 4, "reminders_sent": 0}


@time_machine.travel(date(2025, 1, 1), tick=False)
def test_setting_up_a_board_schedules_its_meetings_once_it_commits(board_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        board = services.board_create(
            plan=board_world.plan, by=board_world.admin, name="SEND Executive Board", kind="executive",
            starts_on=date(2025, 1, 1), weekday=Board.Weekday.THURSDAY, week_of_month="first",
        )
    assert board.meetings.count() == 13  # 1 January 2026 is the first Thursday: New Year's Day, so the 2nd
    assert board.meetings.get(scheduled_on=date(2026, 1, 1)).held_on == date(2026, 1, 2)
    assert board.history.get().history_change_reason == "Board set up"
    assert board.meetings.first().history.get().history_user is None
