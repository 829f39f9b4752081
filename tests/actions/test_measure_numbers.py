"""A measure's numbers as people write them, typed in and shown back: plain tests of a pure module."""
from decimal import Decimal

import pytest

from actions.measure_numbers import (
    NumberProblem,
    format_change,
    format_measure_value,
    parse_measure_value,
    parse_or_none,
    typed_form,
)


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("41.0000"), "%", "41%"),
        (Decimal("12.5000"), "%", "12.5%"),
        (Decimal("215"), "days", "215 days"),
        (Decimal("1204"), "plans", "1,204 plans"),
        (Decimal("1"), "days", "1 day"),
        (Decimal("1"), "visits a month", "1 visit a month"),
        (Decimal("1"), "children", "1 child"),
        (Decimal("2"), "children", "2 children"),
        (Decimal("3650"), "", "3,650"),
        (Decimal("1204.5"), "£", "£1,204.5"),
        (Decimal("0.0000"), "%", "0%"),
        (Decimal("9999999999.9999"), "", "9,999,999,999.9999"),
    ],
)
def test_values_are_shown_as_people_write_them(value, unit, shown):
    assert format_measure_value(value, unit) == shown


def test_no_value_is_a_dash_or_the_words_asked_for():
    assert format_measure_value(None, "%") == "–"
    assert format_measure_value(None, "%", empty="Not set") == "Not set"


@pytest.mark.parametrize(
    ("typed", "unit", "value"),
    [
        ("41%", "%", Decimal("41")),
        ("41", "%", Decimal("41")),
        ("41 %", "%", Decimal("41")),
        ("1,204", "plans", Decimal("1204")),
        ("1204 plans", "plans", Decimal("1204")),
        (" 12.5 ", "%", Decimal("12.5")),
        ("215 days", "days", Decimal("215")),
        ("215 DAYS", "days", Decimal("215")),
        ("1 day", "days", Decimal("1")),
        ("£1,204.50", "£", Decimal("1204.50")),
        ("0.0001", "", Decimal("0.0001")),
        ("+7", "", Decimal("7")),
        ("-0", "", Decimal("0")),
        ("9999999999.9999", "", Decimal("9999999999.9999")),
    ],
)
def test_values_are_read_as_people_type_them(typed, unit, value):
    assert parse_measure_value(typed, unit=unit) == value


@pytest.mark.parametrize(
    ("typed", "unit", "problem"),
    [
        ("forty", "%", "must be a number, like 41%"),
        ("forty", "days", "must be a number, like 41 or 1,204"),
        ("", "days", "must be a number, like 41 or 1,204"),
        ("1e309", "", "must be a number, like 41 or 1,204"),
        ("0x10", "", "must be a number, like 41 or 1,204"),
        ("NaN", "", "must be a number, like 41 or 1,204"),
        ("Infinity", "", "must be a number, like 41 or 1,204"),
        ("１２", "", "must be a number, like 41 or 1,204"),  # full-width digits
        ("١٢", "", "must be a number, like 41 or 1,204"),  # Arabic-Indic digits
        ("1,2,3", "", "must be a number, like 41 or 1,204"),
        ("41 days", "%", "must be a number, like 41%"),
        ("4\x001", "", "must be a number, like 41 or 1,204"),
        ("👩🏽‍🏫", "", "must be a number, like 41 or 1,204"),
        ("x" * 10_000, "", "must be a number, like 41 or 1,204"),
        ("101", "%", "must be a percentage between 0 and 100"),
        ("-1", "days", "must be 0 or more"),
        ("99999999999999999999", "", "must be less than 10,000,000,000"),
        ("9" * 10_000, "", "must be less than 10,000,000,000"),
        ("12.34567", "", "must have no more than 4 decimal places"),
    ],
)
def test_anything_else_is_refused_in_words(typed, unit, problem):
    with pytest.raises(NumberProblem) as refused:
        parse_measure_value(typed, unit=unit)
    assert str(refused.value) == problem


def test_a_blank_box_is_no_value():
    assert parse_or_none("  ", unit="%") is None
    assert parse_or_none("41%", unit="%") == Decimal("41")


def test_a_change_is_sized_in_percentage_points_or_the_unit():
    assert format_change(Decimal("6"), "%") == "6 percentage points"
    assert format_change(Decimal("-1"), "%") == "1 percentage point"
    assert format_change(Decimal("-35"), "days") == "35 days"
    assert format_change(None, "days") == ""


def test_a_saved_value_goes_back_into_its_box_without_grouping():
    assert typed_form(Decimal("1204.5000")) == "1204.5"
    assert typed_form(None) == ""
    assert parse_measure_value(typed_form(Decimal("9999999999.9999"))) == Decimal("9999999999.9999")
