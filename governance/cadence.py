"""When a board meets: the days its cadence gives, moved to the next working day, and the cadence in words.

Pure: no database. The working-day calendar (``inspections.calendar``) says which days are closed.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from inspections.calendar import WorkingDayCalendar
from inspections.dates import long_date

MONTHLY, WEEKS = "monthly", "weeks"
WEEKS_OF_MONTH = ("first", "second", "third", "fourth", "last")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MAX_INTERVAL_WEEKS = 12
MAX_REPORT_DUE_WORKING_DAYS = 30
_ONE_WEEK = timedelta(weeks=1)


@dataclass(frozen=True)
class Cadence:
    """Monthly on the nth (or last) weekday of the month, or every ``interval_weeks`` weeks on a weekday."""

    frequency: str
    weekday: int  # Monday is 0
    week_of_month: str = ""  # monthly only: first … fourth, last
    interval_weeks: int | None = None  # every few weeks only

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 4:
            raise ValueError("A board meets on a weekday (Monday to Friday)")
        if self.frequency == MONTHLY and self.week_of_month not in WEEKS_OF_MONTH:
            raise ValueError(f"Unknown week of the month: {self.week_of_month!r}")
        if self.frequency == WEEKS and not (self.interval_weeks and 1 <= self.interval_weeks <= MAX_INTERVAL_WEEKS):
            raise ValueError(f"Meetings every 1 to {MAX_INTERVAL_WEEKS} weeks")
        if self.frequency not in (MONTHLY, WEEKS):
            raise ValueError(f"Unknown frequency: {self.frequency!r}")


@dataclass(frozen=True)
class MeetingDate:
    scheduled_on: date  # the day the cadence gives
    held_on: date  # that day, or the next working day when it is closed
    moved_reason: str = ""  # "Moved from Monday 25 August 2025 (Summer bank holiday)"


def weekday_in_month(year: int, month: int, weekday: int, week: str) -> date:
    """The first, second, third, fourth or last ``weekday`` of the month."""
    first = date(year, month, 1)
    if week == "last":
        last = date(year, month, monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first_match = first + timedelta(days=(weekday - first.weekday()) % 7)
    return first_match + _ONE_WEEK * WEEKS_OF_MONTH.index(week)


def scheduled_days(cadence: Cadence, *, anchor: date, start: date, through: date) -> list[date]:
    """The days the cadence gives from ``start`` to ``through``, counted from ``anchor`` (the board's first
    possible meeting day: every-few-weeks cadences keep their phase from it)."""
    start = max(start, anchor)
    if cadence.frequency == WEEKS:
        day = anchor + timedelta(days=(cadence.weekday - anchor.weekday()) % 7)
        step = _ONE_WEEK * cadence.interval_weeks
        if day < start:
            day += step * -(-(start - day).days // step.days)
        days = []
        while day <= through:
            days.append(day)
            day += step
        return days
    days, month = [], start.replace(day=1)
    while month <= through:
        day = weekday_in_month(month.year, month.month, cadence.weekday, cadence.week_of_month)
        if start <= day <= through:
            days.append(day)
        month += relativedelta(months=1)
    return days


def meeting_date(day: date, calendar: WorkingDayCalendar) -> MeetingDate:
    """The meeting for a cadence day: held that day, or on the next working day, saying why it moved."""
    held_on = calendar.working_day_on_or_after(day)
    if held_on == day:
        return MeetingDate(day, day)
    closed = calendar.closed_days_between(day - timedelta(days=1), day)
    why = f" ({closed[0].name})" if closed else ""
    return MeetingDate(day, held_on, f"Moved from {day_in_words(day)}{why}")


def meeting_dates(
    cadence: Cadence, *, anchor: date, start: date, through: date, calendar: WorkingDayCalendar
) -> list[MeetingDate]:
    """Every meeting from ``start`` to ``through``: the day the cadence gives and the day it is held."""
    return [meeting_date(day, calendar) for day in scheduled_days(cadence, anchor=anchor, start=start, through=through)]


def reports_due_on(held_on: date, working_days: int, calendar: WorkingDayCalendar) -> date:
    """The day subgroup reports are due: ``working_days`` working days before the meeting (0: the day itself)."""
    return calendar.add_working_days(held_on, -working_days)


def day_in_words(day: date) -> str:
    """ "Monday 25 August 2025"."""
    return f"{day:%A} {long_date(day)}"


def cadence_in_words(cadence: Cadence, *, report_due_working_days: int) -> str:
    """ "Monthly, second Tuesday, reports due 5 working days before"."""
    weekday = WEEKDAY_NAMES[cadence.weekday]
    if cadence.frequency == MONTHLY:
        when = f"Monthly, {cadence.week_of_month} {weekday}"
    elif cadence.interval_weeks == 1:
        when = f"Every week, on {weekday}"
    else:
        when = f"Every {cadence.interval_weeks} weeks, on {weekday}"
    if report_due_working_days == 0:
        return f"{when}, reports due on the day"
    plural = "day" if report_due_working_days == 1 else "days"
    return f"{when}, reports due {report_due_working_days} working {plural} before"
