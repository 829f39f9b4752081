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

from .measure_numbers import PERCENT, PREFIX_UNITS, format_measure_value, format_number
from .measure_periods import MONTHLY, months_apart, period_label, period_of, short_period_label
from .measure_trends import MeasureFacts

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 40, 24, 48  # room for the value labels, the target's label and the periods
MOST_X_LABELS = 6
TARGET_LABEL_ROOM = 22  # the target's label sits above its line when there is this much room under the top
LABEL_ABOVE = (-30, -6)  # the latest value's label, above its point: its top and bottom from the point's y


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
    unit_caption: str = ""  # "visits a month", over the value axis when its ticks show bare numbers
    latest_label_below: bool = False  # the target line would cross the latest value's label above its point
    target_label_below: bool = False  # the target line runs so near the top that its label would sit on the edge

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


def tick_label(value: float, unit: str) -> str:
    """A value axis tick short enough for the room left of the plot: "60%", "£1.5m", "4,000", "120k"."""
    unit = unit.strip()
    size = abs(value)
    for scale, suffix in ((1e9, "bn"), (1e6, "m"), (1e5, "k")):
        if size >= scale:
            scale = 1e3 if suffix == "k" else scale
            number = f"{format_number(Decimal(str(round(value / scale, 1))))}{suffix}"
            break
    else:
        number = format_number(Decimal(str(value)))
    if unit == PERCENT:
        return f"{number}%"
    if unit in PREFIX_UNITS:
        return f"-{unit}{number[1:]}" if number.startswith("-") else f"{unit}{number}"
    return number


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
    value_ticks = tuple(Tick(y_of(Decimal(str(low + n * step))), tick_label(low + n * step, facts.unit))
                        for n in range(count + 1))
    word_unit = facts.unit.strip() not in ("", PERCENT, *PREFIX_UNITS)
    return ChartGeometry(
        width=WIDTH, height=HEIGHT, left=LEFT, right=right, top=TOP, bottom=bottom, points=points,
        baseline=baseline, target=target, value_ticks=value_ticks,
        period_ticks=_period_ticks(first, months, facts.frequency, x_of),
        unit_caption=facts.unit.strip() if word_unit else "",
        latest_label_below=bool(points and target and _crosses_label_above(points[-1].y, target.y)),
        target_label_below=bool(target and target.y - TOP < TARGET_LABEL_ROOM),
    )


def _crosses_label_above(point_y: float, line_y: float) -> bool:
    """Whether a line at ``line_y`` runs through the label drawn above a point at ``point_y``."""
    top, bottom = LABEL_ABOVE
    return point_y + top <= line_y <= point_y + bottom


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
