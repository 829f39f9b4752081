"""UK financial years and quarters: April to March, quarters named "Q1 2024/25"."""
from datetime import date

import pytest

from inspections.periods import financial_quarter_dates, financial_quarter_of, financial_year_name, financial_year_start


@pytest.mark.parametrize(("day", "expected"), [
    (date(2024, 4, 1), (date(2024, 4, 1), date(2024, 6, 30), "Q1 2024/25")),
    (date(2024, 9, 30), (date(2024, 7, 1), date(2024, 9, 30), "Q2 2024/25")),
    (date(2024, 12, 31), (date(2024, 10, 1), date(2024, 12, 31), "Q3 2024/25")),
    (date(2025, 2, 14), (date(2025, 1, 1), date(2025, 3, 31), "Q4 2024/25")),
    (date(2025, 3, 31), (date(2025, 1, 1), date(2025, 3, 31), "Q4 2024/25")),
    (date(1999, 12, 31), (date(1999, 10, 1), date(1999, 12, 31), "Q3 1999/00")),
])
def test_the_financial_quarter_of_a_day(day, expected):
    assert financial_quarter_of(day) == expected


def test_quarter_four_is_in_the_next_calendar_year_and_leap_february_is_inside_it():
    assert financial_quarter_dates(4, 2023) == (date(2024, 1, 1), date(2024, 3, 31))
    assert financial_quarter_of(date(2024, 2, 29))[2] == "Q4 2023/24"


def test_the_financial_year_starts_in_april():
    assert (financial_year_start(date(2024, 3, 31)), financial_year_start(date(2024, 4, 1))) == (2023, 2024)
    assert financial_year_name(2024) == "2024/25"


def test_there_is_no_fifth_quarter():
    with pytest.raises(ValueError, match="quarters 1 to 4"):
        financial_quarter_dates(5, 2024)
