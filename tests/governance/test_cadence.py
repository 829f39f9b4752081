"""The days a board's cadence gives, moved off bank holidays and closures, and the cadence in words."""
from datetime import date

import pytest

from governance.cadence import (
    WEEKS_OF_MONTH,
    Cadence,
    cadence_in_words,
    meeting_dates,
    reports_due_on,
    scheduled_days,
    weekday_in_month,
)
from governance.models import Board
from inspections.calendar import WorkingDayCalendar

ENGLAND = WorkingDayCalendar()
SECOND_TUESDAY = Cadence(frequency="monthly", weekday=1, week_of_month="second")
LAST_MONDAY = Cadence(frequency="monthly", weekday=0, week_of_month="last")


def test_second_tuesday_of_each_month():
    days = scheduled_days(SECOND_TUESDAY, anchor=date(2025, 1, 1), start=date(2025, 1, 1), through=date(2025, 4, 30))
    assert days == [date(2025, 1, 14), date(2025, 2, 11), date(2025, 3, 11), date(2025, 4, 8)]


def test_last_monday_falls_on_the_summer_bank_holiday_and_moves_to_tuesday():
    [august] = meeting_dates(LAST_MONDAY, anchor=date(2025, 8, 1), start=date(2025, 8, 1), through=date(2025, 8, 31),
                             calendar=ENGLAND)
    assert august.scheduled_on == date(2025, 8, 25)
    assert august.held_on == date(2025, 8, 26)
    assert august.moved_reason == "Moved from Monday 25 August 2025 (Late Summer Bank Holiday)"


def test_easter_monday_moves_the_meeting_to_tuesday():
    third_monday = Cadence(frequency="monthly", weekday=0, week_of_month="third")
    [april] = meeting_dates(third_monday, anchor=date(2025, 4, 1), start=date(2025, 4, 1), through=date(2025, 4, 30),
                            calendar=ENGLAND)
    assert (april.scheduled_on, april.held_on) == (date(2025, 4, 21), date(2025, 4, 22))
    assert "Easter Monday" in april.moved_reason


def test_boxing_day_on_a_friday_moves_the_meeting_past_the_weekend():
    last_friday = Cadence(frequency="monthly", weekday=4, week_of_month="last")
    [december] = meeting_dates(last_friday, anchor=date(2025, 12, 1), start=date(2025, 12, 1),
                               through=date(2025, 12, 31), calendar=ENGLAND)
    assert (december.scheduled_on, december.held_on) == (date(2025, 12, 26), date(2025, 12, 29))
    assert december.moved_reason.startswith("Moved from Friday 26 December 2025 (Boxing Day")


def test_a_local_closure_moves_the_meeting_and_says_so():
    calendar = WorkingDayCalendar({date(2025, 3, 11): "Council closure day"})
    [march] = meeting_dates(SECOND_TUESDAY, anchor=date(2025, 3, 1), start=date(2025, 3, 1), through=date(2025, 3, 31),
                            calendar=calendar)
    assert march.held_on == date(2025, 3, 12)
    assert march.moved_reason == "Moved from Tuesday 11 March 2025 (Council closure day)"


def test_a_working_day_is_not_moved():
    [day] = meeting_dates(SECOND_TUESDAY, anchor=date(2025, 9, 1), start=date(2025, 9, 1), through=date(2025, 9, 30),
                          calendar=ENGLAND)
    assert (day.scheduled_on, day.held_on, day.moved_reason) == (date(2025, 9, 9), date(2025, 9, 9), "")


@pytest.mark.parametrize(("week", "expected"), [
    ("first", date(2025, 9, 1)), ("second", date(2025, 9, 8)), ("fourth", date(2025, 9, 22)),
    ("last", date(2025, 9, 29)),
])
def test_weekday_in_month(week, expected):
    assert weekday_in_month(2025, 9, 0, week) == expected


def test_every_four_weeks_keeps_its_phase_from_the_anchor_whatever_the_start():
    every_four = Cadence(frequency="weeks", weekday=2, interval_weeks=4)
    from_anchor = scheduled_days(every_four, anchor=date(2025, 1, 6), start=date(2025, 1, 6), through=date(2025, 4, 1))
    later = scheduled_days(every_four, anchor=date(2025, 1, 6), start=date(2025, 2, 10), through=date(2025, 4, 1))
    assert from_anchor == [date(2025, 1, 8), date(2025, 2, 5), date(2025, 3, 5)]
    assert later == [date(2025, 3, 5)]


def test_nothing_before_the_anchor():
    assert scheduled_days(SECOND_TUESDAY, anchor=date(2025, 2, 12), start=date(2025, 1, 1),
                          through=date(2025, 3, 31)) == [date(2025, 3, 11)]


def test_reports_are_due_working_days_before_the_meeting_across_a_bank_holiday():
    # Tuesday 26 August 2025, after the Summer bank holiday: five working days before is Monday 18 August.
    assert reports_due_on(date(2025, 8, 26), 5, ENGLAND) == date(2025, 8, 18)
    assert reports_due_on(date(2025, 8, 26), 0, ENGLAND) == date(2025, 8, 26)


def test_the_cadence_in_words():
    assert cadence_in_words(SECOND_TUESDAY, report_due_working_days=5) == (
        "Monthly, second Tuesday, reports due 5 working days before"
    )
    assert cadence_in_words(Cadence(frequency="weeks", weekday=3, interval_weeks=6), report_due_working_days=1) == (
        "Every 6 weeks, on Thursday, reports due 1 working day before"
    )


def test_a_cadence_on_a_weekend_or_an_unknown_week_is_refused():
    with pytest.raises(ValueError, match="weekday"):
        Cadence(frequency="monthly", weekday=5, week_of_month="first")
    with pytest.raises(ValueError, match="week of the month"):
        Cadence(frequency="monthly", weekday=1, week_of_month="fifth")


def test_the_board_offers_the_weeks_and_days_the_cadence_knows():
    assert tuple(Board.WeekOfMonth.values) == WEEKS_OF_MONTH
    assert [label for _, label in Board.Weekday.choices] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert tuple(Board.Frequency.values) == ("monthly", "weeks")
