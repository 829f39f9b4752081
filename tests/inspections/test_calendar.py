"""Working-day calendar: every expected date below was counted by hand against a printed calendar."""

from datetime import date, datetime, timedelta

import holidays
import pytest

from inspections import calendar as working_days
from inspections.calendar import (
    LOCAL_CLOSURE_NAME,
    ClosedDay,
    WorkingDayCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
)

ENGLAND = WorkingDayCalendar()


# The real case: Barnsley's 2021 letter and its published deadline.


def test_barnsley_deadline_is_70_working_days_after_the_letter_was_received():
    assert add_working_days(date(2021, 11, 17), 70) == date(2022, 2, 28)


def test_counting_from_barnsley_publication_lands_two_working_days_late():
    assert add_working_days(date(2021, 11, 19), 70) == date(2022, 3, 2)


def test_barnsley_span_holds_exactly_70_working_days():
    assert working_days_between(date(2021, 11, 17), date(2022, 2, 28)) == 70


# The counting convention: the start day is not counted, the first working day after it is day 1.


def test_first_working_day_after_a_weekday_start_is_day_one():
    assert add_working_days(date(2021, 11, 17), 1) == date(2021, 11, 18)


def test_letter_received_on_a_friday_makes_monday_day_one():
    assert add_working_days(date(2021, 11, 19), 1) == date(2021, 11, 22)


def test_letter_received_on_a_saturday_makes_the_next_monday_day_one():
    assert add_working_days(date(2021, 11, 20), 1) == date(2021, 11, 22)


def test_letter_received_on_a_saturday_counts_like_one_received_the_friday_before():
    assert add_working_days(date(2021, 11, 20), 70) == date(2022, 3, 2)


def test_letter_received_on_a_bank_holiday_makes_the_next_working_day_day_one():
    late_summer_bank_holiday = date(2021, 8, 30)
    assert add_working_days(late_summer_bank_holiday, 1) == date(2021, 8, 31)
    assert add_working_days(late_summer_bank_holiday, 5) == date(2021, 9, 6)


def test_adding_zero_working_days_returns_the_start_even_on_a_weekend():
    assert add_working_days(date(2021, 11, 17), 0) == date(2021, 11, 17)
    assert add_working_days(date(2021, 11, 20), 0) == date(2021, 11, 20)


# Bank holidays: the ones a hand-kept list tends to miss.


def test_deadline_skips_good_friday_and_easter_monday():
    maundy_thursday_2022 = date(2022, 4, 14)
    assert add_working_days(maundy_thursday_2022, 1) == date(2022, 4, 19)
    assert add_working_days(maundy_thursday_2022, 5) == date(2022, 4, 25)


def test_deadline_skips_christmas_2021_substitute_days_and_new_year_substitute():
    # Christmas and Boxing Day 2021 fell on the weekend: the 27th and 28th were the bank holidays,
    # and 1 January 2022 was a Saturday, so Monday 3 January was too.
    christmas_eve_2021 = date(2021, 12, 24)
    assert add_working_days(christmas_eve_2021, 1) == date(2021, 12, 29)
    assert add_working_days(christmas_eve_2021, 3) == date(2021, 12, 31)
    assert add_working_days(christmas_eve_2021, 4) == date(2022, 1, 4)


def test_deadline_skips_christmas_2022_substitute_day_and_new_year_2023_substitute():
    # Christmas Day 2022 was a Sunday: Boxing Day on the 26th, the Christmas substitute on the 27th.
    friday_before_christmas_2022 = date(2022, 12, 23)
    assert add_working_days(friday_before_christmas_2022, 1) == date(2022, 12, 28)
    assert add_working_days(friday_before_christmas_2022, 4) == date(2023, 1, 3)


def test_deadline_skips_jubilee_bank_holidays():
    assert add_working_days(date(2022, 6, 1), 1) == date(2022, 6, 6)


def test_late_may_2022_was_a_working_day_because_the_spring_bank_holiday_moved_to_june():
    assert ENGLAND.is_working_day(date(2022, 5, 30))


def test_deadline_skips_the_queens_state_funeral():
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)


def test_deadline_skips_the_coronation_bank_holiday():
    assert add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)


@pytest.mark.parametrize(
    "closed_day",
    [
        date(2021, 12, 27),  # Christmas Day substitute
        date(2021, 12, 28),  # Boxing Day substitute
        date(2022, 1, 3),  # New Year's Day substitute
        date(2022, 6, 2),  # Spring bank holiday moved for the Platinum Jubilee
        date(2022, 6, 3),  # Platinum Jubilee
        date(2022, 9, 19),  # State funeral of Queen Elizabeth II
        date(2022, 12, 27),  # Christmas Day substitute
        date(2023, 1, 2),  # New Year's Day substitute
        date(2023, 5, 8),  # Coronation of King Charles III
        date(2021, 4, 2),  # Good Friday
        date(2022, 4, 15),
        date(2023, 4, 7),
        date(2024, 3, 29),
        date(2025, 4, 18),
        date(2026, 4, 3),
        date(2023, 12, 25),  # Christmas Day
        date(2024, 12, 25),
        date(2025, 12, 25),
        date(2024, 12, 26),  # Boxing Day
    ],
)
def test_england_and_wales_bank_holidays_are_not_working_days(closed_day):
    assert closed_day.weekday() < 5, "the case must be a weekday to prove anything"
    assert not ENGLAND.is_working_day(closed_day)


@pytest.mark.parametrize(
    "working_day",
    [
        date(2024, 1, 2),  # Scotland's 2 January holiday
        date(2022, 11, 30),  # St Andrew's Day (Scotland)
        date(2022, 7, 12),  # Battle of the Boyne (Northern Ireland)
        date(2023, 3, 17),  # St Patrick's Day (Northern Ireland)
        date(2022, 8, 1),  # Scotland's summer bank holiday
    ],
)
def test_bank_holidays_elsewhere_in_the_uk_are_working_days_in_england(working_day):
    assert ENGLAND.is_working_day(working_day)


def test_weekends_are_not_working_days():
    assert not ENGLAND.is_working_day(date(2021, 11, 20))
    assert not ENGLAND.is_working_day(date(2021, 11, 21))
    assert ENGLAND.is_working_day(date(2021, 11, 22))


# Leap years.


def test_29_february_is_counted_in_a_leap_year():
    assert add_working_days(date(2024, 2, 28), 1) == date(2024, 2, 29)
    assert add_working_days(date(2024, 2, 28), 2) == date(2024, 3, 1)
    assert working_days_between(date(2024, 2, 28), date(2024, 3, 1)) == 2


def test_the_day_after_28_february_is_1_march_outside_a_leap_year():
    assert add_working_days(date(2023, 2, 28), 1) == date(2023, 3, 1)


# Local non-working days.


def test_local_non_working_day_inside_the_span_pushes_the_deadline_back_a_day():
    council_closure = date(2021, 12, 1)
    assert add_working_days(date(2021, 11, 17), 70, extra_closed_days=[council_closure]) == date(2022, 3, 1)


def test_local_non_working_day_outside_the_span_changes_nothing():
    assert add_working_days(date(2021, 11, 17), 70, extra_closed_days=[date(2022, 3, 1)]) == date(2022, 2, 28)


def test_local_non_working_day_on_a_weekend_or_bank_holiday_is_not_counted_twice():
    closures = [date(2021, 12, 4), date(2021, 12, 27)]
    assert add_working_days(date(2021, 11, 17), 70, extra_closed_days=closures) == date(2022, 2, 28)


def test_local_non_working_day_is_not_a_working_day_only_for_that_calendar():
    council_closure = date(2021, 12, 1)
    assert not WorkingDayCalendar([council_closure]).is_working_day(council_closure)
    assert not is_working_day(council_closure, extra_closed_days=[council_closure])
    assert ENGLAND.is_working_day(council_closure)
    assert is_working_day(council_closure)


def test_calendar_reports_its_local_non_working_days():
    closures = [date(2021, 12, 1), date(2021, 12, 2)]
    assert WorkingDayCalendar(closures).extra_closed_days == frozenset(closures)


# Negative n: reminders before a deadline.


@pytest.mark.parametrize(
    ("working_days_before", "reminder"),
    [
        (1, date(2022, 2, 25)),
        (5, date(2022, 2, 21)),
        (10, date(2022, 2, 14)),
        (30, date(2022, 1, 17)),
    ],
)
def test_reminder_dates_count_working_days_back_from_the_deadline(working_days_before, reminder):
    assert add_working_days(date(2022, 2, 28), -working_days_before) == reminder


def test_counting_back_70_working_days_from_the_barnsley_deadline_reaches_the_day_received():
    assert add_working_days(date(2022, 2, 28), -70) == date(2021, 11, 17)


def test_counting_back_skips_christmas_substitute_days():
    assert add_working_days(date(2021, 12, 29), -1) == date(2021, 12, 24)


def test_counting_back_from_a_saturday_makes_the_friday_before_day_minus_one():
    assert add_working_days(date(2021, 11, 20), -1) == date(2021, 11, 19)


# Counting the working days between two dates.


def test_working_days_between_is_negative_when_the_end_is_before_the_start():
    assert working_days_between(date(2022, 2, 28), date(2021, 11, 17)) == -70


def test_working_days_between_a_day_and_itself_is_zero():
    assert working_days_between(date(2022, 2, 28), date(2022, 2, 28)) == 0


def test_working_days_between_counts_the_end_but_never_the_start():
    friday, saturday, monday = date(2021, 11, 19), date(2021, 11, 20), date(2021, 11, 22)
    assert working_days_between(friday, saturday) == 0
    assert working_days_between(friday, monday) == 1
    assert working_days_between(saturday, friday) == -1
    assert working_days_between(monday, friday) == -1


def test_working_days_between_skips_local_non_working_days():
    span = (date(2021, 11, 17), date(2022, 2, 28))
    assert working_days_between(*span, extra_closed_days=[date(2021, 12, 1)]) == 69


def test_adding_then_counting_working_days_round_trips_for_every_start_day_2021_to_2024():
    calendar = WorkingDayCalendar([date(2022, 12, 30), date(2023, 8, 1)])
    start = date(2021, 1, 1)
    while start <= date(2024, 12, 31):
        for n in (-75, -31, -10, -5, -1, 0, 1, 5, 10, 30, 70):
            assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n, (start, n)
        start += timedelta(days=1)


def test_counting_then_adding_working_days_returns_to_any_working_end_date():
    start = date(2021, 11, 17)
    end = date(2021, 11, 1)
    while end <= date(2022, 4, 30):
        if ENGLAND.is_working_day(end):
            assert ENGLAND.add_working_days(start, ENGLAND.working_days_between(start, end)) == end
        end += timedelta(days=1)


def test_working_days_between_matches_a_day_by_day_count_of_weekdays_that_are_not_holidays():
    # Cross-checks the calendar against the raw bank holiday list over a whole year.
    england = holidays.country_holidays("GB", subdiv="ENG", years=2022)
    start = date(2021, 12, 31)
    expected = sum(
        1
        for offset in range(1, 366)
        if (day := start + timedelta(days=offset)).weekday() < 5 and day not in england
    )
    assert expected == 250  # 260 weekdays in 2022 less its 10 weekday bank holidays
    assert working_days_between(start, date(2022, 12, 31)) == expected


# Neighbouring working days.


def test_next_working_day_is_strictly_after_the_given_day():
    assert ENGLAND.next_working_day(date(2022, 2, 28)) == date(2022, 3, 1)
    assert ENGLAND.next_working_day(date(2021, 12, 24)) == date(2021, 12, 29)


def test_previous_working_day_is_strictly_before_the_given_day():
    assert ENGLAND.previous_working_day(date(2022, 6, 6)) == date(2022, 6, 1)


def test_working_day_on_or_after_keeps_a_working_day_and_moves_a_closed_one_forward():
    assert ENGLAND.working_day_on_or_after(date(2022, 6, 1)) == date(2022, 6, 1)
    assert ENGLAND.working_day_on_or_after(date(2022, 6, 2)) == date(2022, 6, 6)


def test_working_day_on_or_before_keeps_a_working_day_and_moves_a_closed_one_back():
    assert ENGLAND.working_day_on_or_before(date(2022, 6, 6)) == date(2022, 6, 6)
    assert ENGLAND.working_day_on_or_before(date(2022, 6, 5)) == date(2022, 6, 1)


# Explaining a deadline.


def test_closed_days_between_names_the_substitute_days_in_the_barnsley_span():
    closed = ENGLAND.closed_days_between(date(2021, 11, 17), date(2022, 2, 28))
    assert [day.day for day in closed] == [date(2021, 12, 27), date(2021, 12, 28), date(2022, 1, 3)]
    assert "Christmas" in closed[0].name
    assert "Boxing" in closed[1].name
    assert "New Year" in closed[2].name


def test_closed_days_between_leaves_out_holidays_that_fall_on_a_weekend():
    closed = ENGLAND.closed_days_between(date(2021, 12, 24), date(2021, 12, 31))
    assert date(2021, 12, 25) not in [day.day for day in closed]


def test_closed_days_between_names_the_jubilee_and_funeral():
    closed = ENGLAND.closed_days_between(date(2022, 6, 1), date(2022, 9, 30))
    names = {day.day: day.name for day in closed}
    assert "Jubilee" in names[date(2022, 6, 3)]
    assert "Funeral" in names[date(2022, 9, 19)]
    assert date(2022, 6, 2) in names
    assert date(2022, 8, 29) in names  # Late summer bank holiday


def test_closed_days_between_includes_named_local_closures():
    calendar = WorkingDayCalendar({date(2021, 12, 1): "Council offices closed for the move"})
    assert calendar.closed_days_between(date(2021, 11, 30), date(2021, 12, 2)) == [
        ClosedDay(date(2021, 12, 1), "Council offices closed for the move")
    ]


def test_local_closures_given_without_names_get_a_generic_name():
    calendar = WorkingDayCalendar([date(2021, 12, 1)])
    assert calendar.closed_days_between(date(2021, 11, 30), date(2021, 12, 2)) == [
        ClosedDay(date(2021, 12, 1), LOCAL_CLOSURE_NAME)
    ]


def test_closed_days_between_accepts_the_span_in_either_order():
    forwards = ENGLAND.closed_days_between(date(2021, 11, 17), date(2022, 2, 28))
    backwards = ENGLAND.closed_days_between(date(2022, 2, 28), date(2021, 11, 17))
    assert backwards == forwards


# Guarding against misuse and slowness.


def test_a_datetime_is_refused_because_it_would_never_match_a_holiday():
    with pytest.raises(TypeError):
        add_working_days(datetime(2021, 11, 17, 9, 30), 70)
    with pytest.raises(TypeError):
        WorkingDayCalendar([datetime(2021, 12, 1, 0, 0)])


def test_bank_holidays_are_loaded_once_per_year_not_once_per_call(monkeypatch):
    add_working_days(date(2021, 11, 17), 70)  # loads 2021 and 2022

    def refuse(*args, **kwargs):
        raise AssertionError("the holiday list was rebuilt")

    monkeypatch.setattr(working_days.holidays, "country_holidays", refuse)
    for _ in range(152):
        assert add_working_days(date(2021, 11, 17), 70) == date(2022, 2, 28)
