"""Dates in the service's words, the same whatever the server's locale."""
from datetime import date

from inspections.dates import long_date, month_and_year, short_date, weekday_and_date


def test_dates_read_without_leading_zeros_in_english():
    day = date(2023, 4, 4)
    assert (long_date(day), short_date(day), month_and_year(day)) == ("4 April 2023", "4 Apr 2023", "April 2023")
    assert short_date(date(2021, 11, 17)) == "17 Nov 2021" and long_date(date(2022, 2, 28)) == "28 February 2022"


def test_the_short_month_of_september_is_three_letters():
    assert short_date(date(2024, 9, 30)) == "30 Sep 2024"


def test_a_picked_day_reads_with_its_weekday():
    assert weekday_and_date(date(2025, 3, 14)) == "Friday 14 March 2025"
    assert weekday_and_date(date(2024, 12, 1)) == "Sunday 1 December 2024"
