"""The dashboard's figures, read from a plan written through the real services with pinned clocks (the
time-travel story: six months of updates, edits, an added and a removed action) and a board meeting monthly."""
import json
from dataclasses import asdict
from datetime import date

import pytest

from actions.plan_as_of import plan_as_of
from actions.selectors import ratings_on
from reports.dashboard import dashboard_day, meeting_dashboard
from reports.dashboard.shapes import plain
from tests.reports.conftest import BoardStory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 16)


def _dashboard(world: BoardStory, meeting_day: date, *, day: date | None = None, today: date = TODAY) -> dict:
    meeting = world.meetings[meeting_day]
    return asdict(meeting_dashboard(meeting=meeting, day=day or dashboard_day(meeting, today), today=today))


def _counts(group: dict) -> dict[str, int]:
    return {count["key"]: count["count"] for count in group["counts"] if count["count"]}


def test_a_past_meeting_shows_the_plan_at_the_end_of_its_day_and_a_coming_one_today(board_story):
    assert dashboard_day(board_story.meetings[date(2025, 4, 8)], TODAY) == date(2025, 4, 8)
    assert dashboard_day(board_story.meetings[date(2025, 7, 8)], TODAY) == TODAY


def test_ratings_on_a_meeting_day_are_the_rating_events_of_that_day(board_story):
    data = _dashboard(board_story, date(2025, 4, 8))
    expected = {}
    for event in ratings_on(board_story.plan, date(2025, 4, 8)):
        expected[event.to_rating] = expected.get(event.to_rating, 0) + 1
    expected["amber"] += 1  # 2.1, removed since: its events went with it, its history says it was amber
    assert _counts(data["ratings"]["plan"]) == expected == {"amber": 2, "green": 1, "red": 1}
    strands = {group["name"]: _counts(group) for group in data["ratings"]["by_strand"]}
    assert strands == {
        "Strand 1: EHC plans": {"amber": 1, "green": 1, "red": 1}, "Strand 2: Commissioning": {"amber": 1},
    }
    weaknesses = {group["name"]: group["total"] for group in data["ratings"]["by_weakness"]}
    assert weaknesses == {"Weakness 1: Quality of EHC plans": 3, "Weakness 2: Joint commissioning": 0}


def test_changes_since_the_previous_meeting_name_the_due_date_moved_by_whom_and_the_new_action(board_story):
    changes = _dashboard(board_story, date(2025, 4, 8))["changes"]
    assert changes["since"] == "2025-03-11"
    assert changes["moves"] == []  # 1.3 was added red: an addition, not a move
    assert [(m["action"]["reference"], m["from_words"], m["to_words"], m["by"]) for m in changes["due_moves"]] == [
        ("1.1", "31 March 2025", "30 June 2025", "Asha Patel"),
    ]
    assert [action["reference"] for action in changes["new_actions"]] == ["1.3"]


def test_rating_moves_carry_their_reasons_and_a_move_into_complete_is_newly_complete(board_story):
    february = _dashboard(board_story, date(2025, 3, 11))["changes"]
    assert [(m["action"]["reference"], m["from_label"], m["to_label"], m["reason"], m["worse"], m["by"])
            for m in february["moves"]] == [
        ("1.1", "Green – on track", "Amber – some risk", "Two auditors left", True, "Jo Smith"),
        ("1.2", "Not started", "Green – on track", "", False, "Jo Smith"),
    ]
    may = _dashboard(board_story, date(2025, 5, 13))["changes"]
    assert [m["action"]["reference"] for m in may["moves"]] == ["1.1"]
    assert [action["reference"] for action in may["newly_complete"]] == ["1.1"]


def test_overdue_and_due_before_the_next_meeting_are_counted_on_the_day(board_story):
    april = _dashboard(board_story, date(2025, 4, 8))["deadlines"]
    assert (april["overdue"], april["due_soon"], april["due_until"]) == (0, 1, "2025-05-13")  # 1.3, due 30 April
    may = _dashboard(board_story, date(2025, 5, 13))["deadlines"]
    assert (may["overdue"], may["due_soon"]) == (1, 0)


def test_missing_updates_are_the_open_actions_without_the_months_update_by_subgroup(board_story):
    missing = _dashboard(board_story, date(2025, 7, 8))["missing"]  # today, 16 June: no June update yet
    assert missing["month_words"] == "June 2025"
    assert [(row["name"], row["count"]) for row in missing["by_subgroup"]] == [("EHC plans subgroup", 2)]
    february = _dashboard(board_story, date(2025, 3, 11), day=date(2025, 2, 28))["missing"]
    assert february["total"] == 2  # 1.1 was updated for February on the 14th; 1.2's came late, 2.1 had none


def test_measures_use_only_the_readings_for_periods_up_to_the_day(board_story):
    [measure] = _dashboard(board_story, date(2025, 4, 8))["measures"]
    assert [row["period"] for row in measure["rows"]] == ["January 2025", "February 2025", "March 2025", "April 2025"]
    assert measure["trend"]["summary"] == (
        "EHC plans issued within 20 weeks: 41% (target 60% by March 2026), up from 38% in March 2025."
    )
    assert measure["chart"]["line_points"]


def test_today_read_live_agrees_with_today_read_from_the_history(board_story):
    live = _dashboard(board_story, date(2025, 7, 8), day=TODAY, today=TODAY)
    history = _dashboard(board_story, date(2025, 7, 8), day=TODAY, today=date(2025, 6, 17))
    live.pop("today_position"), history.pop("today_position")
    assert live == history


def test_six_months_back_shows_that_days_ratings(board_story):
    today, day = date(2025, 11, 3), date(2025, 5, 3)
    data = _dashboard(board_story, date(2025, 7, 8), day=day, today=today)
    expected = {}
    for event in ratings_on(board_story.plan, day):
        if event.action_id in {action.pk for action in plan_as_of(board_story.plan, day).actions}:
            expected[event.to_rating] = expected.get(event.to_rating, 0) + 1
    assert _counts(data["ratings"]["plan"]) == expected == {"blue": 1, "green": 1, "red": 1}


def test_the_dashboard_is_plain_json(board_story):
    data = _dashboard(board_story, date(2025, 5, 13))
    assert json.loads(json.dumps(data)) == data
    meeting = board_story.meetings[date(2025, 5, 13)]
    built = meeting_dashboard(meeting=meeting, day=dashboard_day(meeting, TODAY), today=TODAY)
    assert plain(built) == asdict(built)  # the page's fast conversion agrees with the standard one


def test_the_dashboard_reads_the_same_on_postgresql_as_through_the_reads_written_for_another_database(board_story):
    # PostgreSQL's own forms (arrays in the meeting's query, a lateral join for the records before a window, the
    # strands then in one query) against the forms the embedded default's SQLite uses, on every meeting's day and
    # on days between, live and past.
    from unittest import mock

    from django.db import connection

    from reports.selectors import meeting_for_dashboard

    admin = board_story.story.people["admin"]
    for meeting_day, meeting in board_story.meetings.items():
        for today in (TODAY, meeting_day):
            for day in {dashboard_day(meeting, today), date(2025, 2, 20), today}:
                if day > today:
                    continue
                read = meeting_for_dashboard(meeting.pk, user=admin)
                here = plain(meeting_dashboard(meeting=read, day=day, today=today))
                with mock.patch.object(connection, "vendor", "sqlite"):
                    other = meeting_for_dashboard(meeting.pk, user=admin)
                    there = plain(meeting_dashboard(meeting=other, day=day, today=today))
                assert here == there, (meeting_day, today, day)
    assert here["changes"]["since"]  # the last one compared was a real dashboard


def test_an_action_due_on_the_day_is_due_soon_and_overdue_the_day_after(board_story):
    # 1.3 is due on 30 April: on that day it is still in time, the next day it is overdue
    on_the_day = _dashboard(board_story, date(2025, 4, 8), day=date(2025, 4, 30))["deadlines"]
    day_after = _dashboard(board_story, date(2025, 4, 8), day=date(2025, 5, 1))["deadlines"]
    assert (on_the_day["overdue"], on_the_day["due_soon"]) == (0, 1)
    assert (day_after["overdue"], day_after["due_soon"]) == (1, 0)
