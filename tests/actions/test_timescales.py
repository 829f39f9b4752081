"""Reading timescales as councils write them in their action plans."""

from datetime import date, datetime

import pytest

from actions.timescales import Timescale, TimescaleError, parse_timescale

TODAY = date(2023, 6, 1)


def due(value):
    return parse_timescale(value, today=TODAY).due


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/03/2023", date(2023, 3, 31)),
        ("31/3/2023", date(2023, 3, 31)),
        ("31.03.23", date(2023, 3, 31)),
        ("31-03-2023", date(2023, 3, 31)),
        ("2023-03-31", date(2023, 3, 31)),
        ("2023-03-31 00:00:00", date(2023, 3, 31)),
        ("31st March 2023", date(2023, 3, 31)),
        ("31 Mar 23", date(2023, 3, 31)),
        ("31-Mar-23", date(2023, 3, 31)),
        ("March 31, 2023", date(2023, 3, 31)),
    ],
)
def test_day_month_year_text_is_read_as_that_day(value, expected):
    assert due(value) == expected


def test_numeric_dates_are_read_day_first_as_in_the_uk():
    assert due("04/05/2023") == date(2023, 5, 4)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("March 2023", date(2023, 3, 31)),
        ("Mar-23", date(2023, 3, 31)),
        ("Mar 23", date(2023, 3, 31)),
        ("Mar 2023", date(2023, 3, 31)),
        ("march '23", date(2023, 3, 31)),
        ("Sept 2023", date(2023, 9, 30)),
        ("Sept. 2023", date(2023, 9, 30)),
        ("Sep-23", date(2023, 9, 30)),
        ("February 2024", date(2024, 2, 29)),
        ("June 2023", date(2023, 6, 30)),
    ],
)
def test_a_month_means_its_last_day(value, expected):
    assert due(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("End of March 2023", date(2023, 3, 31)),
        ("end March 2023", date(2023, 3, 31)),
        ("By September 2022", date(2022, 9, 30)),
        ("by the end of March 2023", date(2023, 3, 31)),
        ("Deadline: 31/03/2023", date(2023, 3, 31)),
        ("Due by 30/06/2023", date(2023, 6, 30)),
        ("  March   2023 ", date(2023, 3, 31)),
    ],
)
def test_deadline_words_around_the_date_are_ignored(value, expected):
    assert due(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Q1 2023/24", date(2023, 6, 30)),
        ("Q2 2023/24", date(2023, 9, 30)),
        ("Q3 2023/24", date(2023, 12, 31)),
        ("Q4 2023/24", date(2024, 3, 31)),
        ("Q3 2023-24", date(2023, 12, 31)),
        ("Q3 23/24", date(2023, 12, 31)),
        ("Q3 2023/2024", date(2023, 12, 31)),
        ("Quarter 3 2023/24", date(2023, 12, 31)),
        ("Qtr 3 23-24", date(2023, 12, 31)),
        ("Q3 FY23/24", date(2023, 12, 31)),
        ("Q3 of 2023/24", date(2023, 12, 31)),
        ("2023/24 Q3", date(2023, 12, 31)),
    ],
)
def test_a_quarter_is_of_the_uk_financial_year_and_means_its_last_day(value, expected):
    assert due(value) == expected


@pytest.mark.parametrize("value", ["2023/24", "2023-24", "FY23/24", "Financial year 2023/24", "23/24", "By 23-24"])
def test_a_financial_year_means_31_march_at_its_end(value):
    assert due(value) == date(2024, 3, 31)


@pytest.mark.parametrize(
    "value", ["Ongoing", "ongoing", "On-going", "On going", "Continuous", "Ongoing – reviewed termly"]
)
def test_ongoing_has_no_due_date(value):
    timescale = parse_timescale(value, today=TODAY)
    assert timescale == Timescale(due=None, ongoing=True, original=value)


def test_ongoing_with_a_date_in_the_remark_is_not_silently_dropped():
    with pytest.raises(TimescaleError):
        parse_timescale("Ongoing until March 2024", today=TODAY)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_has_no_due_date_and_is_not_ongoing(value):
    assert parse_timescale(value, today=TODAY) == Timescale(due=None, ongoing=False, original="")


def test_datetime_cell_gives_its_date():
    timescale = parse_timescale(datetime(2023, 3, 31, 0, 0), today=TODAY)
    assert (timescale.due, timescale.original) == (date(2023, 3, 31), "2023-03-31")


def test_date_value_gives_itself():
    assert due(date(2023, 7, 1)) == date(2023, 7, 1)


@pytest.mark.parametrize(("serial", "expected"), [(45016, date(2023, 3, 31)), (45016.0, date(2023, 3, 31))])
def test_excel_serial_number_is_a_date(serial, expected):
    assert due(serial) == expected


def test_excel_serial_with_a_time_of_day_gives_the_day():
    assert due(45016.75) == date(2023, 3, 31)


def test_excel_serial_saved_as_text_in_a_csv_is_a_date():
    assert due("45107") == date(2023, 6, 30)


def test_small_number_is_not_taken_as_a_date_in_1900():
    with pytest.raises(TimescaleError, match=r'^"12" is a number, not a date$'):
        parse_timescale(12, today=TODAY)


def test_a_range_gives_its_end_as_due_and_its_start_as_first_day():
    timescale = parse_timescale("Sept 2022 – March 2023", today=TODAY)
    assert timescale.due == date(2023, 3, 31)
    assert timescale.first_day == date(2022, 9, 1)
    assert timescale.is_range


def test_a_range_with_a_hyphen_and_short_years():
    timescale = parse_timescale("Sept 22 - Mar 23", today=TODAY)
    assert (timescale.first_day, timescale.due, timescale.is_range) == (date(2022, 9, 1), date(2023, 3, 31), True)


def test_a_month_has_its_first_day_but_is_not_a_range():
    timescale = parse_timescale("April 2023", today=TODAY)
    assert (timescale.first_day, timescale.due, timescale.is_range) == (date(2023, 4, 1), date(2023, 4, 30), False)


def test_a_range_that_runs_backwards_is_refused():
    with pytest.raises(TimescaleError, match="runs backwards"):
        parse_timescale("March 2023 - Sept 2022", today=TODAY)


def test_unreadable_text_names_the_value_and_what_is_accepted():
    with pytest.raises(TimescaleError) as raised:
        parse_timescale("soon", today=TODAY)
    assert str(raised.value) == '"soon" is not a date, month, quarter or "Ongoing"'
    assert raised.value.value == "soon"


@pytest.mark.parametrize("value", ["Spring 2023", "Summer term 2023", "Autumn 2023", "Easter 2023"])
def test_seasons_and_terms_are_ambiguous(value):
    with pytest.raises(TimescaleError, match="is ambiguous: a season or term"):
        parse_timescale(value, today=TODAY)


def test_a_quarter_without_a_financial_year_is_ambiguous():
    with pytest.raises(TimescaleError, match=r'is ambiguous: give the financial year, e\.g\. "Q3 2023/24"'):
        parse_timescale("Q3 2023", today=TODAY)


def test_a_year_alone_is_ambiguous():
    with pytest.raises(TimescaleError, match=r'^"2023" is ambiguous'):
        parse_timescale("2023", today=TODAY)


@pytest.mark.parametrize("value", ["03/24", "11/12", "23/25"])
def test_two_short_numbers_that_could_be_a_month_are_ambiguous(value):
    with pytest.raises(TimescaleError, match=rf'^"{value}" is ambiguous: write the month as a word'):
        parse_timescale(value, today=TODAY)


def test_a_month_without_a_year_is_refused():
    with pytest.raises(TimescaleError, match=r'^"March" has no year$'):
        parse_timescale("March", today=TODAY)


def test_an_impossible_date_is_refused():
    with pytest.raises(TimescaleError, match="is not a real date"):
        parse_timescale("31/02/2023", today=TODAY)


def test_a_financial_year_must_have_consecutive_years():
    with pytest.raises(TimescaleError, match="the two years must follow each other"):
        parse_timescale("Q3 2023/25", today=TODAY)


@pytest.mark.parametrize("value", ["TBC", "tbc", "N/A", "When funding allows", "yes"])
def test_placeholders_are_not_timescales(value):
    with pytest.raises(TimescaleError, match='is not a date, month, quarter or "Ongoing"'):
        parse_timescale(value, today=TODAY)


def test_a_boolean_cell_is_not_a_timescale():
    with pytest.raises(TimescaleError):
        parse_timescale(True, today=TODAY)


def test_dates_far_outside_the_plan_years_are_typos():
    with pytest.raises(TimescaleError, match="is outside the years 2000–2043"):
        parse_timescale("31/03/1923", today=TODAY)
    with pytest.raises(TimescaleError, match="is outside the years 2000–2043"):
        parse_timescale(datetime(2099, 3, 31), today=TODAY)


def test_two_digit_years_are_this_century():
    assert due("Mar 25") == date(2025, 3, 31)
    with pytest.raises(TimescaleError, match="is outside the years"):
        parse_timescale("Mar 99", today=TODAY)


def test_original_text_is_kept_tidied():
    assert parse_timescale("  Q3   2023/24 ", today=TODAY).original == "Q3 2023/24"
