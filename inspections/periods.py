"""UK financial years and quarters (April to March): the one place their dates and names are worked out."""

import calendar
from datetime import date

_FIRST_MONTH_OF_QUARTER = {1: 4, 2: 7, 3: 10, 4: 1}


def financial_year_start(day: date) -> int:
    """The calendar year the financial year holding ``day`` starts in (1 April 2024 – 31 March 2025: 2024)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_name(first_year: int) -> str:
    """ "2024/25" """
    return f"{first_year}/{str(first_year + 1)[-2:]}"


def financial_quarter_dates(quarter: int, first_year: int) -> tuple[date, date]:
    """First and last day of quarter 1–4 of the financial year starting in ``first_year`` (Q1 is April–June)."""
    if quarter not in _FIRST_MONTH_OF_QUARTER:
        raise ValueError(f"A financial year has quarters 1 to 4, not {quarter}")
    month = _FIRST_MONTH_OF_QUARTER[quarter]
    year = first_year + 1 if quarter == 4 else first_year
    return date(year, month, 1), date(year, month + 2, calendar.monthrange(year, month + 2)[1])


def financial_quarter_of(day: date) -> tuple[date, date, str]:
    """The financial quarter holding ``day``: its first day, last day and name ("Q1 2024/25")."""
    first_year = financial_year_start(day)
    quarter = next(number for number, month in _FIRST_MONTH_OF_QUARTER.items() if month <= day.month < month + 3)
    start, end = financial_quarter_dates(quarter, first_year)
    return start, end, f"Q{quarter} {financial_year_name(first_year)}"
