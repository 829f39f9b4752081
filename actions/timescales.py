"""Turns an action's timescale as councils write it ("Q3 2023/24", "Mar-23", "Ongoing") into a due date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from inspections.periods import financial_quarter_dates

__all__ = [
    "Timescale",
    "TimescaleError",
    "parse_timescale",
    "PLAUSIBLE_YEARS_AHEAD",
    "EARLIEST_PLAUSIBLE_YEAR",
]

# WSoAs exist since the 2016 framework; anything far outside this window is a typo or a number that is
# not a date at all (an Excel serial of 12 is 12 January 1900).
EARLIEST_PLAUSIBLE_YEAR = 2000
PLAUSIBLE_YEARS_AHEAD = 20

# Excel's 1900 date system counts 1900-02-29, a day that never existed, so serials from 61 onwards are
# one ahead of a plain count from 31 December 1899.
_EXCEL_EPOCH = date(1899, 12, 30)

_ONGOING_WORDS = frozenset({"ongoing", "on going", "continuous", "continual", "continuing"})

_MONTHS = {
    "jan": 1, "january": 1,
    "feb": 2, "february": 2,
    "mar": 3, "march": 3,
    "apr": 4, "april": 4,
    "may": 5,
    "jun": 6, "june": 6,
    "jul": 7, "july": 7,
    "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10,
    "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_SEASONS = r"(spring|summer|autumn|winter|easter|christmas|michaelmas|half[ -]?term|term|academic year)"

# Words that only say "this is the deadline": "by the end of March 2023" means March 2023.
_LEADING_FILLER = re.compile(
    r"^(?:(?:completed?|to be completed|due|deadline|target date|target|by|before the|no later than|"
    r"the|end of|end|until|in)\s*:?\s+)+"
)

_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ t]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/]*(?:of\s+)?{_MONTH}[\s\-/,']*(\d{{2}}|\d{{4}})$")
_MONTH_DAY_YEAR = re.compile(rf"^{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$")
_MONTH_YEAR = re.compile(rf"^{_MONTH}[\s\-/,']*(\d{{2}}|\d{{4}})$")
_FINANCIAL_YEAR = r"(?:fy\s*)?(\d{2}|\d{4})\s*[/\-]\s*(\d{2}|\d{4})"
_QUARTER = r"(?:q|qtr|quarter)\s*([1-4])"
_QUARTER_THEN_YEAR = re.compile(rf"^{_QUARTER}[\s,]*(?:of\s+)?{_FINANCIAL_YEAR}$")
_YEAR_THEN_QUARTER = re.compile(rf"^{_FINANCIAL_YEAR}[\s,]*{_QUARTER}$")
_FINANCIAL_YEAR_ONLY = re.compile(r"^(?:(?:financial year|fy)\s*(\d{2}|\d{4})|(\d{4}))\s*[/\-]\s*(\d{2}|\d{4})$")
# Two short numbers are a financial year ("23/24") only when the first cannot be a month: "03/24" might
# be March 2024 and "11/12" November 2012, so those are refused as ambiguous.
_SHORT_FINANCIAL_YEAR = re.compile(r"^(\d{2})\s*[/\-]\s*(\d{2})$")
_TWO_NUMBERS = re.compile(r"^\d{1,2}\s*[/.\-]\s*\d{2}$")
_QUARTER_CALENDAR_YEAR = re.compile(rf"^{_QUARTER}[\s,]*(\d{{2}}|\d{{4}})$")
_YEAR_ONLY = re.compile(r"^(\d{4})$")
_MONTH_ONLY = re.compile(rf"^{_MONTH}$")
_SEASON = re.compile(rf"\b{_SEASONS}\b")
_RANGE_SEPARATOR = re.compile(r"\s+(?:-|–|—|to|until)\s+|\s*[–—]\s*")

_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")

_NOT_A_TIMESCALE = 'is not a date, month, quarter or "Ongoing"'


@dataclass(frozen=True)
class Timescale:
    """When an action is due: a date, or no date because it is ongoing (or the cell was blank).

    ``first_day`` is the first day the text covers (1 March for "March 2023"), which is what a Start
    column means; ``is_range`` says the text gave a start and an end ("Sept 2022 – March 2023").
    """

    due: date | None
    ongoing: bool
    original: str
    first_day: date | None = None
    is_range: bool = False


class TimescaleError(ValueError):
    """A timescale that cannot be read as a due date; ``str()`` reads as '"soon" is not a date, …'."""

    def __init__(self, value: str, problem: str):
        self.value = value
        self.problem = problem
        super().__init__(f'"{value}" {problem}')

    @property
    def message(self) -> str:
        return str(self)


def parse_timescale(value: object, *, today: date | None = None) -> Timescale:
    """Read a spreadsheet timescale cell: a date or datetime, an Excel serial number, or text.

    A month means its last day and a quarter means the last day of that quarter of the UK financial year
    (Q1 is April to June). A blank cell gives no due date and is not "ongoing". ``today`` bounds the
    plausible years (default: the real date).
    """
    today = today or date.today()
    if value is None:
        return Timescale(due=None, ongoing=False, original="")
    if isinstance(value, bool):
        raise TimescaleError(str(value), _NOT_A_TIMESCALE)
    if isinstance(value, datetime):
        original = value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
        return _single_day(value.date(), original, today)
    if isinstance(value, date):
        return _single_day(value, value.isoformat(), today)
    if isinstance(value, int | float):
        return _from_excel_serial(value, today)
    return _from_text(" ".join(str(value).split()), today)


def _from_text(original: str, today: date) -> Timescale:
    """A timescale written as text (spaces collapsed): ongoing, one period, or a range of two."""
    if not original:
        return Timescale(due=None, ongoing=False, original="")
    if _SERIAL_TEXT.match(original):
        # A date cell formatted as General shows its serial, and a CSV saved from it keeps the number.
        return _from_excel_serial(float(original), today)
    text = _normalised(original)
    if _is_ongoing(text):
        return Timescale(due=None, ongoing=True, original=original)

    period = _period(text, original)
    if period is not None:
        first_day, last_day = period
        return Timescale(
            due=_plausible(last_day, original, today),
            ongoing=False,
            original=original,
            first_day=_plausible(first_day, original, today),
        )
    return _from_range(text, original, today)


def _from_range(text: str, original: str, today: date) -> Timescale:
    """Two periods with a separator between ("April 2023 - March 2024"): due at the end of the second."""
    parts = _RANGE_SEPARATOR.split(text)
    if len(parts) == 2 and all(parts):
        start_period = _period(parts[0], original)
        end_period = _period(parts[1], original)
        if start_period and end_period:
            start, due = start_period[0], end_period[1]
            if start > due:
                raise TimescaleError(original, "runs backwards: the end comes before the start")
            return Timescale(
                due=_plausible(due, original, today),
                ongoing=False,
                original=original,
                first_day=_plausible(start, original, today),
                is_range=True,
            )
    raise _unreadable(text, original)


def _is_ongoing(text: str) -> bool:
    # "Ongoing – reviewed termly" is still ongoing, but "Ongoing until March 2024" has a date we must
    # not throw away, so a remark after the word is allowed only when it has no digits.
    words = text.replace("-", " ")
    if words in _ONGOING_WORDS:
        return True
    match = re.match(r"^(on ?going|continuous|continual|continuing)\b[\s,;:()\-–—]+(.*)$", words)
    return bool(match) and not re.search(r"\d", match[2])


def _normalised(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = " ".join(text.split()).strip(" .")
    return _LEADING_FILLER.sub("", text)


def _period(text: str, original: str) -> tuple[date, date] | None:
    """The first and last day that a timescale phrase covers, or None when it is not one we know."""
    text = _LEADING_FILLER.sub("", text.strip(" .,"))
    if match := _NUMERIC_DATE.match(text):
        day, month, year = int(match[1]), int(match[2]), _full_year(match[3])
        return _one_day(year, month, day, original)
    if match := _ISO_DATE.match(text):
        return _one_day(int(match[1]), int(match[2]), int(match[3]), original)
    if match := _DAY_MONTH_YEAR.match(text):
        return _one_day(_full_year(match[3]), _MONTHS[match[2]], int(match[1]), original)
    if match := _MONTH_DAY_YEAR.match(text):
        return _one_day(int(match[3]), _MONTHS[match[1]], int(match[2]), original)
    if match := _MONTH_YEAR.match(text):
        return _month(_full_year(match[2]), _MONTHS[match[1]])
    if match := _QUARTER_THEN_YEAR.match(text):
        return _financial_quarter(int(match[1]), match[2], match[3], original)
    if match := _YEAR_THEN_QUARTER.match(text):
        return _financial_quarter(int(match[3]), match[1], match[2], original)
    if match := _FINANCIAL_YEAR_ONLY.match(text):
        first_year = _financial_year_start(match[1] or match[2], match[3], original)
        return date(first_year, 4, 1), date(first_year + 1, 3, 31)
    if (match := _SHORT_FINANCIAL_YEAR.match(text)) and int(match[1]) > 12 and int(match[2]) == int(match[1]) + 1:
        first_year = _full_year(match[1])
        return date(first_year, 4, 1), date(first_year + 1, 3, 31)
    return None


def _unreadable(text: str, original: str) -> TimescaleError:
    """The most helpful error for text that is not a timescale we can read."""
    if _SEASON.search(text):
        return TimescaleError(original, "is ambiguous: a season or term has no agreed end date; give a month")
    if _QUARTER_CALENDAR_YEAR.match(text):
        return TimescaleError(
            original, 'is ambiguous: give the financial year, e.g. "Q3 2023/24" (Q1 is April to June)'
        )
    if _YEAR_ONLY.match(text):
        return TimescaleError(original, "is ambiguous: give a month, quarter or date")
    if _MONTH_ONLY.match(text):
        return TimescaleError(original, "has no year")
    if _TWO_NUMBERS.match(text):
        return TimescaleError(original, "is ambiguous: write the month as a word (March 2024) or a full date")
    return TimescaleError(original, _NOT_A_TIMESCALE)


def _from_excel_serial(serial: float, today: date) -> Timescale:
    original = str(int(serial)) if float(serial).is_integer() else str(serial)
    whole_days = int(serial)
    earliest = date(EARLIEST_PLAUSIBLE_YEAR, 1, 1)
    latest = date(today.year + PLAUSIBLE_YEARS_AHEAD, 12, 31)
    if whole_days != serial and serial % 1 > 0.9999:
        whole_days += 1  # floating-point noise from Excel arithmetic, e.g. 45016.99999999
    lowest, highest = _excel_serial(earliest), _excel_serial(latest)
    if not lowest <= whole_days <= highest:
        raise TimescaleError(original, "is a number, not a date")
    return _single_day(_EXCEL_EPOCH + timedelta(days=whole_days), original, today)


def _single_day(day: date, original: str, today: date) -> Timescale:
    day = _plausible(day, original, today)
    return Timescale(due=day, ongoing=False, original=original, first_day=day)


def _excel_serial(day: date) -> int:
    return (day - _EXCEL_EPOCH).days


def _full_year(year: str) -> int:
    # Two-digit years in a plan are always this century: nobody schedules SEND actions for 1923.
    return 2000 + int(year) if len(year) == 2 else int(year)


def _one_day(year: int, month: int, day: int, original: str) -> tuple[date, date]:
    try:
        chosen = date(year, month, day)
    except ValueError:
        raise TimescaleError(original, "is not a real date (dates are read day/month/year)") from None
    return chosen, chosen


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _financial_year_start(first: str, second: str, original: str) -> int:
    first_year, second_year = _full_year(first), _full_year(second)
    if second_year != first_year + 1:
        raise TimescaleError(original, "is not a financial year: the two years must follow each other")
    return first_year


def _financial_quarter(quarter: int, first: str, second: str, original: str) -> tuple[date, date]:
    return financial_quarter_dates(quarter, _financial_year_start(first, second, original))


def _plausible(day: date, original: str, today: date) -> date:
    latest_year = today.year + PLAUSIBLE_YEARS_AHEAD
    if not EARLIEST_PLAUSIBLE_YEAR <= day.year <= latest_year:
        raise TimescaleError(original, f"is outside the years {EARLIEST_PLAUSIBLE_YEAR}–{latest_year}")
    return day
