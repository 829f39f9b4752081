"""The working-day calendar: which days count when a deadline is "N working days" away."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import cache
from typing import NamedTuple

import holidays

LOCAL_CLOSURE_NAME = "Local non-working day"

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


class ClosedDay(NamedTuple):
    """A weekday that is not a working day, with the reason, for explaining a deadline."""

    day: date
    name: str


@cache
def _england_bank_holidays_in(year: int) -> Mapping[date, str]:
    """England and Wales bank holidays (substitute and one-off days included) that fall in `year`.

    Built once per year and cached, because instantiating `holidays` is far slower than a dict lookup
    and deadlines are computed for every local area on every dashboard load. Neighbouring years are
    included before filtering so that a substitute day pushed across a year end would still be found.
    """
    england = holidays.country_holidays("GB", subdiv="ENG", years=(year - 1, year, year + 1))
    return {day: name for day, name in england.items() if day.year == year}


def _require_plain_date(value: date, *, argument: str) -> None:
    # A datetime is a date subclass but never equals a date, so it would silently miss every holiday.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{argument} must be a datetime.date, not {type(value).__name__}")


class WorkingDayCalendar:
    """Working days in England: not a weekend, not a bank holiday, not a local non-working day.

    `extra_closed_days` are the local non-working days administrators enter (for example a council
    closure day); pass a mapping of date to name to have the name shown when a deadline is explained.

    Counting convention: for "N working days after D", D itself is not counted, the first working day
    after D is day 1 and the deadline is day N. Negative N mirrors it: the first working day before D
    is day -1.
    """

    __slots__ = ("_local_closures",)

    def __init__(self, extra_closed_days: Iterable[date] | Mapping[date, str] = ()) -> None:
        if isinstance(extra_closed_days, Mapping):
            local_closures = dict(extra_closed_days)
        else:
            local_closures = dict.fromkeys(extra_closed_days, LOCAL_CLOSURE_NAME)
        for day in local_closures:
            _require_plain_date(day, argument="extra_closed_days")
        self._local_closures: dict[date, str] = local_closures

    def __repr__(self) -> str:
        return f"WorkingDayCalendar(extra_closed_days={sorted(self._local_closures)!r})"

    @property
    def extra_closed_days(self) -> frozenset[date]:
        return frozenset(self._local_closures)

    def is_working_day(self, day: date) -> bool:
        _require_plain_date(day, argument="day")
        return self._is_working_day(day)

    def _is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < _SATURDAY
            and day not in self._local_closures
            and day not in _england_bank_holidays_in(day.year)
        )

    def add_working_days(self, start: date, n: int) -> date:
        """The date that is working day `n` after `start` (before it when `n` is negative).

        `n == 0` returns `start` unchanged, even when `start` is not a working day.
        """
        _require_plain_date(start, argument="start")
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        day = start
        while remaining:
            day += step
            if self._is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days from `start` to `end`: negative when `end` is before `start`.

        As in `add_working_days`, `start` is never counted and `end` is counted when it is a working
        day, so `working_days_between(d, add_working_days(d, n)) == n` for every `d` and `n`. That makes
        the count asymmetric when only one end is a working day: Friday to Saturday is 0, Saturday back
        to Friday is -1 (Friday is "the first working day before Saturday").
        """
        _require_plain_date(start, argument="start")
        _require_plain_date(end, argument="end")
        if end >= start:
            first, last, sign = start + _ONE_DAY, end, 1
        else:
            first, last, sign = end, start - _ONE_DAY, -1
        count = 0
        day = first
        while day <= last:
            if self._is_working_day(day):
                count += 1
            day += _ONE_DAY
        return sign * count

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before `day`."""
        return self.add_working_days(day, -1)

    def working_day_on_or_after(self, day: date) -> date:
        """`day` itself if it is a working day, otherwise the next one."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def working_day_on_or_before(self, day: date) -> date:
        """`day` itself if it is a working day, otherwise the previous one (a latest date stays latest)."""
        return day if self.is_working_day(day) else self.previous_working_day(day)

    def closed_days_between(self, start: date, end: date) -> list[ClosedDay]:
        """Bank holidays and local closures on weekdays after `start` up to and including `end`.

        These are the days that pushed a working-day deadline later than a plain count of weekdays would;
        holidays that fall on a weekend are left out because their substitute days are listed instead.
        The result is in date order whichever way round `start` and `end` are given; when `end` is before
        `start` the span is `end` up to but not including `start`, as in `working_days_between`.
        """
        _require_plain_date(start, argument="start")
        _require_plain_date(end, argument="end")
        first, last = (start + _ONE_DAY, end) if end >= start else (end, start - _ONE_DAY)
        closed: list[ClosedDay] = []
        day = first
        while day <= last:
            if day.weekday() < _SATURDAY:
                reasons = [
                    reason
                    for reason in (
                        _england_bank_holidays_in(day.year).get(day),
                        self._local_closures.get(day),
                    )
                    if reason
                ]
                if reasons:
                    closed.append(ClosedDay(day, "; ".join(reasons)))
            day += _ONE_DAY
        return closed


_ENGLAND_ONLY = WorkingDayCalendar()


def _calendar_with(extra_closed_days: Iterable[date] | Mapping[date, str]) -> WorkingDayCalendar:
    if not extra_closed_days:
        return _ENGLAND_ONLY
    return WorkingDayCalendar(extra_closed_days)


def is_working_day(day: date, *, extra_closed_days: Iterable[date] | Mapping[date, str] = ()) -> bool:
    return _calendar_with(extra_closed_days).is_working_day(day)


def add_working_days(
    start: date, n: int, *, extra_closed_days: Iterable[date] | Mapping[date, str] = ()
) -> date:
    """See `WorkingDayCalendar.add_working_days`."""
    return _calendar_with(extra_closed_days).add_working_days(start, n)


def working_days_between(
    start: date, end: date, *, extra_closed_days: Iterable[date] | Mapping[date, str] = ()
) -> int:
    """See `WorkingDayCalendar.working_days_between`."""
    return _calendar_with(extra_closed_days).working_days_between(start, end)
