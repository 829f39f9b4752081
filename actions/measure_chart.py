"""The geometry of an impact measure's line chart, drawn on the server as SVG (no JavaScript): where each
reading, the baseline and the target go, and the axes' ticks.

Pure: no database. ``templates/actions/_measure_chart.html`` draws what :func:`measure_chart` returns; the
chart's words (its title, description and data table) come from the same trend, so they cannot disagree.
"""
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from .measure_numbers import format_measure_value
from .measure_periods import MONTHLY, months_apart, period_label, period_of, short_period_label
from .measure_trends import MeasureFacts

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 40, 24, 48  # room for the value labels, the target's label and the periods
MOST_X_LABELS = 6


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    period: str  # "October 2026"
    value: str  # "41%"


@dataclass(frozen=True)
class Tick:
    position: float  # y for a value tick, x for a period tick
    label: str


@dataclass(frozen=True)
class Line:
    y: float
    label: str  # "Target 60%"


@dataclass(frozen=True)
class ChartGeometry:
    width: int
    height: int
    left: float
    right: float  # x of the plot's right edge
    top: float
    bottom: float  # y of the plot's bottom edge
    points: tuple[ChartPoint, ...]  # the readings, oldest first
    baseline: ChartPoint | None
    target: Line | None
    value_ticks: tuple[Tick, ...]
    period_ticks: tuple[Tick, ...]

    @property
    def line_points(self) -> str:
        """The SVG ``points`` of the line from the baseline through every reading."""
        joined = ([self.baseline] if self.baseline else []) + list(self.points)
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in joined)


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) that divides ``span`` into about ``ticks`` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)


def _value_range(values: list[float], unit: str) -> tuple[float, float, float]:
    """From 0 (no measure is negative) to a round number above the highest value, and the step between ticks."""
    highest = max(values) if values else 1.0
    step = nice_step(highest * 1.1 or 1.0)
    top = max(step, math.ceil(highest * 1.05 / step) * step)
    if unit.strip() == "%" and highest <= 100:
        top = min(top, 100.0)  # a percentage's axis stops at 100
    return 0.0, top, step


def _period_span(facts: MeasureFacts) -> tuple[date, date]:
    """From the baseline's month (or the first reading's) to the target's month (or the last reading's)."""
    days = [point.period for point in facts.readings]
    if facts.baseline is not None and facts.baseline_period:
        days.append(facts.baseline_period.replace(day=1))
    if facts.target_date:
        days.append(period_of(facts.target_date, facts.frequency))
    return min(days), max(days)


def measure_chart(facts: MeasureFacts) -> ChartGeometry | None:
    """Where everything goes; None when there is nothing to draw (no reading and no baseline with its date)."""
    has_baseline = facts.baseline is not None and facts.baseline_period is not None
    if not facts.readings and not has_baseline:
        return None
    first, last = _period_span(facts)
    months = max(months_apart(first, last), 1)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    values = [float(point.value) for point in facts.readings]
    values += [float(v) for v in (facts.baseline, facts.target) if v is not None]
    low, high, step = _value_range(values, facts.unit)

    def x_of(day: date) -> float:
        return LEFT + (right - LEFT) * months_apart(first, day.replace(day=1)) / months

    def y_of(value: Decimal) -> float:
        return bottom - (bottom - TOP) * (float(value) - low) / (high - low)

    shown = lambda value: format_measure_value(value, facts.unit)  # noqa: E731 (a short local name)
    points = tuple(
        ChartPoint(x_of(p.period), y_of(p.value), period_label(p.period, facts.frequency), shown(p.value))
        for p in facts.readings
    )
    baseline = None
    if has_baseline:
        baseline = ChartPoint(
            x_of(facts.baseline_period), y_of(facts.baseline), period_label(facts.baseline_period, MONTHLY),
            shown(facts.baseline),
        )
    target = Line(y_of(facts.target), f"Target {shown(facts.target)}") if facts.target is not None else None
    count = int(round((high - low) / step))
    value_ticks = tuple(Tick(y_of(Decimal(str(low + n * step))), shown(Decimal(str(low + n * step))))
                        for n in range(count + 1))
    return ChartGeometry(
        width=WIDTH, height=HEIGHT, left=LEFT, right=right, top=TOP, bottom=bottom, points=points,
        baseline=baseline, target=target, value_ticks=value_ticks,
        period_ticks=_period_ticks(first, months, facts.frequency, x_of),
    )


def _period_ticks(first: date, months: int, frequency: str, x_of) -> tuple[Tick, ...]:
    """At most :data:`MOST_X_LABELS` evenly spaced period labels, from the first month to the last."""
    every = max(1, math.ceil((months + 1) / MOST_X_LABELS))
    if frequency != MONTHLY:
        every = max(3, math.ceil(every / 3) * 3)
    ticks, offset = [], 0
    while offset <= months:
        day = first + relativedelta(months=offset)
        ticks.append(Tick(x_of(day), short_period_label(day, frequency)))
        offset += every
    return tuple(ticks)
