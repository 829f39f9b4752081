"""The limits every form puts on what is typed: dates in the GOV.UK pattern."""

from datetime import date

import pytest
from django import forms

from tests.inspections.test_views import _date
from wsoa.fields import DateField


class _ApprovalDateForm(forms.Form):
    approved_on = DateField(label="Date approved")


def _date_errors(day: str, month: str, year: str) -> list[str]:
    form = _ApprovalDateForm({"approved_on_0": day, "approved_on_1": month, "approved_on_2": year})
    assert not form.is_valid()
    return form.errors["approved_on"]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("99999999999999999999", "3", "2024", "Date approved must be a real date"),
        ("1", "99999999999999999999", "2024", "Date approved must be a real date"),
        ("1", "3", "99999999999999999999", "Date approved must have a year of 4 numbers, like 2024"),
        ("-1", "3", "2024", "Date approved must be a real date, in numbers"),
        ("1e309", "3", "2024", "Date approved must be a real date, in numbers"),
        ("0x10", "3", "2024", "Date approved must be a real date, in numbers"),
        ("１２", "3", "2024", "Date approved must be a real date, in numbers"),  # full-width digits
        ("1\x00", "3", "2024", "Date approved must be a real date, in numbers"),
        ("👩🏽‍🏫", "3", "2024", "Date approved must be a real date, in numbers"),
        ("001", "3", "2024", "Date approved must be a real date"),
        ("30", "2", "2024", "Date approved must be a real date"),
        ("31", "12", "1899", "Date approved must be between 1900 and 2100"),
        ("1", "1", "2101", "Date approved must be between 1900 and 2100"),
        ("", "3", "2024", "Date approved must include a day"),
        ("1", "", "", "Date approved must include a month and year"),
    ],
)
def test_a_date_refuses_any_text_that_is_not_a_real_date_in_words(day, month, year, message):
    assert _date_errors(day, month, year) == [message]


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2100, 12, 31), date(2024, 2, 29)])
def test_a_date_between_1900_and_2100_is_taken(day):
    form = _ApprovalDateForm(_date("approved_on", day))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["approved_on"] == day
