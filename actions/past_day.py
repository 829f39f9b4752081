"""What a past day means to the plan's pages, with no database: reading ``?on=``, where a day ends in Europe/London,
and whether an action's rating then is its history's or its rating events'.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

# The service's time zone (settings.TIME_ZONE): a day starts and ends at midnight here, in summer and winter.
LONDON = ZoneInfo("Europe/London")

ON = "on"  # the query parameter: ?on=2025-03-14
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
NOT_A_DATE = "The date in the page's address must be a real date, like 2025-03-14: choose the day below"


@dataclass(frozen=True)
class DayAsked:
    """What ``?on=`` asks for: a past ``day`` to show; or nothing (``day`` None: today's plan), possibly because
    the date given is ``after_today``; or a ``problem`` in words when the text is not a date."""

    day: date | None = None
    after_today: date | None = None
    problem: str = ""


def day_asked(text: str | None, *, today: date) -> DayAsked:
    """Read ``?on=`` strictly as YYYY-MM-DD. Today or later means today's plan (said when later); anything that is
    not a real date is a problem, never an error page: the text may be anything a browser can send."""
    if text is None or text == "":
        return DayAsked()
    if len(text) != 10 or not _ISO_DAY.fullmatch(text):
        return DayAsked(problem=NOT_A_DATE)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return DayAsked(problem=NOT_A_DATE)
    if day > today:
        return DayAsked(after_today=day)
    if day == today:
        return DayAsked()
    return DayAsked(day=day)


def end_of_day(day: date, zone: ZoneInfo = LONDON) -> datetime:
    """The first moment after ``day`` in ``zone``: midnight starting the next day. Everything saved before it was
    saved by the end of ``day`` (compare with ``<``). A day in which the clocks change is 23 or 25 hours long."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


class Saved(NamedTuple):
    """A rating with its reason, and when it was written: from a history record (``history_date``) or a rating
    event (``recorded_at``). A tuple: a past plan makes two for each of a thousand actions."""

    rating: str
    reason: str
    at: datetime


def rating_then(*, history: Saved, event: Saved | None) -> tuple[str, str]:
    """The rating and its reason at the end of a day, from the action's history record then and its newest rating
    event effective by then.

    The event decides the rating: a monthly update posted late counts from its month's last day, so on that day
    the events have the rating that the history, saved days later, does not have yet. With no event (an action
    removed since: its events went with it) the history is all there is. When both have the same rating, the
    later of the two gives the reason: a reason reworded after the change is only in the history.
    """
    if event is None:
        return history.rating, history.reason
    if event.rating != history.rating or event.at > history.at:
        return event.rating, event.reason
    return history.rating, history.reason
