"""Reading ``?on=``, where a day ends in Europe/London, and whose rating a past day shows: plain rules, no database."""
from datetime import UTC, date, datetime

import pytest

from actions.past_day import NOT_A_DATE, DayAsked, Saved, day_asked, end_of_day, rating_then

TODAY = date(2025, 6, 16)


@pytest.mark.parametrize("text, asked", [
    (None, DayAsked()),
    ("", DayAsked()),
    ("2025-03-14", DayAsked(day=date(2025, 3, 14))),
    ("1999-12-31", DayAsked(day=date(1999, 12, 31))),
    ("2025-06-16", DayAsked()),  # today: today's plan
    ("2025-06-17", DayAsked(after_today=date(2025, 6, 17))),
    ("9999-12-31", DayAsked(after_today=date(9999, 12, 31))),
])
def test_a_day_is_read_as_a_past_day_today_or_a_later_day(text, asked):
    assert day_asked(text, today=TODAY) == asked


@pytest.mark.parametrize("text", [
    "2025-13-45", "2025-02-29", "0000-01-01", "2025-3-14", "14/03/2025", "20250314", "2025-03-14 ", "\x00",
    "../../", "x" * 10_000, "２０２５-０３-１４", "2025-03-14\n", "2025-03-14T00:00", "-0001-01-01",
])  # fmt: skip
def test_anything_else_is_a_problem_in_words(text):
    assert day_asked(text, today=TODAY) == DayAsked(problem=NOT_A_DATE)


def test_a_day_ends_at_midnight_in_london_in_winter_and_in_summer():
    assert end_of_day(date(2025, 1, 14)).astimezone(UTC) == datetime(2025, 1, 15, 0, 0, tzinfo=UTC)
    assert end_of_day(date(2025, 7, 14)).astimezone(UTC) == datetime(2025, 7, 14, 23, 0, tzinfo=UTC)


def test_the_days_the_clocks_change_are_23_and_25_hours_long():
    def hours(day: date) -> float:
        start, end = end_of_day(date.fromordinal(day.toordinal() - 1)), end_of_day(day)
        return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600

    assert (hours(date(2025, 3, 30)), hours(date(2025, 10, 26)), hours(date(2025, 6, 1))) == (23, 25, 24)


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=UTC)


def test_the_events_rating_wins_over_the_history_when_they_differ():
    # An update posted on 3 March for February counts from 28 February; the history has it from 3 March.
    history = Saved("not_started", "", _at(1))
    assert rating_then(history=history, event=Saved("green", "", _at(3))) == ("green", "")


def test_with_no_event_the_history_is_all_there_is():
    assert rating_then(history=Saved("amber", "Slipped", _at(1)), event=None) == ("amber", "Slipped")


def test_with_the_same_rating_the_later_text_gives_the_reason():
    event = Saved("amber", "Staff left", _at(2))
    reworded = Saved("amber", "Staff left; the provider withdrew", _at(5))
    assert rating_then(history=reworded, event=event) == ("amber", "Staff left; the provider withdrew")
    revised_later = Saved("amber", "Revised reason", _at(6))
    assert rating_then(history=reworded, event=revised_later) == ("amber", "Revised reason")
