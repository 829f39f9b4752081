"""The periods an impact measure is read in, months or quarters, and their names: "October 2026",
"Q3 2026/27 (October to December 2026)".

Pure: no database. A period is held as its first day, as ``MeasureReading.period`` holds it. Quarters are the
financial year's (April to June is Q1), so a quarter starts on the first of January, April, July or October.
"""
from datetime import date

from dateutil.relativedelta import relativedelta

from inspections.periods import financial_quarter_of

MONTHLY, QUARTERLY = "monthly", "quarterly"
# A page of readings never lists more rows than this (ten years of months): a baseline typed as 1900 must not
# make a table of 1,500 boxes.
MOST_PERIODS = 120


def months_in(frequency: str) -> int:
    return 3 if frequency == QUARTERLY else 1


def period_of(day: date, frequency: str) -> date:
    """The first day of the month or quarter that holds ``day``."""
    if frequency == QUARTERLY:
        return financial_quarter_of(day)[0]
    return day.replace(day=1)


def period_label(period: date, frequency: str) -> str:
    """ "October 2026", or for a quarter "Q3 2026/27 (October to December 2026)". A reading made monthly before
    the measure became quarterly keeps its month's name."""
    if frequency == QUARTERLY and period_of(period, QUARTERLY) == period:
        _, last, name = financial_quarter_of(period)
        return f"{name} ({period:%B} to {last:%B %Y})"
    return f"{period:%B %Y}"


def short_period_label(period: date, frequency: str) -> str:
    """For a chart's axis: "Oct 2026", or "Q3 2026/27"."""
    if frequency == QUARTERLY and period_of(period, QUARTERLY) == period:
        return financial_quarter_of(period)[2]
    return f"{period:%b %Y}"


def periods_between(first: date, last: date, frequency: str) -> list[date]:
    """Every period from the one holding ``first`` to the one holding ``last``, oldest first (the newest
    :data:`MOST_PERIODS` when there are more)."""
    step = relativedelta(months=months_in(frequency))
    start, end = period_of(first, frequency), period_of(last, frequency)
    earliest = end - relativedelta(months=months_in(frequency) * (MOST_PERIODS - 1))
    period, periods = max(start, earliest), []
    while period <= end:
        periods.append(period)
        period += step
    return periods


def reading_periods(
    *, frequency: str, today: date, baseline_period: date | None, target_date: date | None,
    recorded: list[date] = (),
) -> list[date]:
    """The rows of a measure's readings table: each period after the baseline's up to the current one (or the
    target's, if that comes first and has passed), and any period that already has a reading, oldest first.

    With no baseline date the table starts a year back (or at the first reading).
    """
    step = relativedelta(months=months_in(frequency))
    current = period_of(today, frequency)
    if baseline_period is not None:
        first = period_of(baseline_period, frequency) + step
    else:
        first = min([current - relativedelta(months=12 - months_in(frequency)), *recorded])
    last = current
    if target_date is not None and target_date < today:
        last = max(period_of(target_date, frequency), first)
    rows = set(periods_between(first, last, frequency)) if first <= last else set()
    return sorted(rows | set(recorded))


def months_apart(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month
