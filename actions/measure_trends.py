"""Where an impact measure stands: its latest reading against the one before, the baseline and the target, and
one sentence that says so ("EHC plans issued within 20 weeks: 41% (target 60% by March 2027), up from 35% in
September 2026.").

Pure: no database. The measure pages, the strand page and the chair's dashboard all read a measure through
:func:`measure_trend`, so they say the same thing about it.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from .measure_numbers import format_measure_value
from .measure_periods import MONTHLY, period_label

HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Point:
    period: date
    value: Decimal


class Standing(Enum):
    """How the measure is doing, in words that never depend on colour."""

    NO_READINGS = "No readings yet"
    MET = "Target met"
    ON_TRACK = "Moving towards the target"
    FIRST_READING = "First reading: no trend yet"
    NOT_MOVING = "Not moving"
    SLIPPING = "Moving away from the target"
    WORSE_THAN_BASELINE = "Worse than the baseline"

    @property
    def words(self) -> str:
        return self.value


@dataclass(frozen=True)
class MeasureFacts:
    """What the trend is worked out from: the measure as the pages hold it, and its readings."""

    name: str
    unit: str
    direction: str  # "higher" or "lower" is better
    baseline: Decimal | None
    baseline_period: date | None
    target: Decimal | None
    target_date: date | None
    readings: tuple[Point, ...]  # oldest first
    frequency: str = MONTHLY


@dataclass(frozen=True)
class MeasureTrend:
    facts: MeasureFacts
    latest: Point | None
    previous: Point | None  # the reading before the latest, or the baseline when there is one reading
    previous_is_baseline: bool
    change: Decimal | None  # latest minus previous
    standing: Standing
    summary: str

    @property
    def on_track(self) -> bool:
        return self.standing in (Standing.MET, Standing.ON_TRACK)

    def shown(self, value: Decimal | None) -> str:
        return format_measure_value(value, self.facts.unit)

    def label(self, period: date | None) -> str:
        return period_label(period, self.facts.frequency) if period else ""


def facts_of(measure, readings=None) -> MeasureFacts:
    """A measure (an ``ImpactMeasure`` or anything with its fields) and its readings (``measure.readings.all()``
    unless given) as facts."""
    readings = measure.readings.all() if readings is None else readings
    points = sorted((Point(reading.period, reading.value) for reading in readings), key=lambda point: point.period)
    return MeasureFacts(
        name=measure.name, unit=measure.unit, direction=measure.direction, baseline=measure.baseline,
        baseline_period=measure.baseline_period, target=measure.target, target_date=measure.target_date,
        readings=tuple(points), frequency=getattr(measure, "frequency", MONTHLY) or MONTHLY,
    )


def is_better(value: Decimal, than: Decimal, direction: str) -> bool:
    return value < than if direction == LOWER else value > than


def target_met(value: Decimal, target: Decimal, direction: str) -> bool:
    return value <= target if direction == LOWER else value >= target


def measure_trend(facts: MeasureFacts) -> MeasureTrend:
    latest = facts.readings[-1] if facts.readings else None
    previous, from_baseline = _previous(facts)
    change = latest.value - previous.value if latest and previous else None
    standing = _standing(facts, latest, previous)
    return MeasureTrend(
        facts=facts, latest=latest, previous=previous, previous_is_baseline=from_baseline, change=change,
        standing=standing, summary=_summary(facts, latest, previous, from_baseline=from_baseline),
    )


def _previous(facts: MeasureFacts) -> tuple[Point | None, bool]:
    if len(facts.readings) >= 2:
        return facts.readings[-2], False
    if facts.readings and facts.baseline is not None:
        return Point(facts.baseline_period, facts.baseline), True
    return None, False


def _standing(facts: MeasureFacts, latest: Point | None, previous: Point | None) -> Standing:
    if latest is None:
        return Standing.NO_READINGS
    direction = facts.direction
    if facts.target is not None and target_met(latest.value, facts.target, direction):
        return Standing.MET
    if facts.baseline is not None and is_better(facts.baseline, latest.value, direction):
        return Standing.WORSE_THAN_BASELINE
    if previous is None:
        return Standing.FIRST_READING
    if latest.value == previous.value:
        return Standing.NOT_MOVING
    return Standing.ON_TRACK if is_better(latest.value, previous.value, direction) else Standing.SLIPPING


def target_words(facts: MeasureFacts) -> str:
    """ "target 60% by March 2027"; nothing when the measure has no target."""
    if facts.target is None:
        return ""
    by = f" by {facts.target_date:%B %Y}" if facts.target_date else ""
    return f"target {format_measure_value(facts.target, facts.unit)}{by}"


def _summary(facts: MeasureFacts, latest: Point | None, previous: Point | None, *, from_baseline: bool) -> str:
    """One sentence: the latest value, the target, and which way it moved from the value before."""
    shown = lambda value: format_measure_value(value, facts.unit)  # noqa: E731 (a short local name)
    if latest is None:
        if facts.baseline is None:
            return f"{facts.name}: no readings yet."
        when = f" ({period_label(facts.baseline_period, MONTHLY)})" if facts.baseline_period else ""
        target = f", {target_words(facts)}" if facts.target is not None else ""
        return f"{facts.name}: no readings yet; baseline {shown(facts.baseline)}{when}{target}."
    target = f" ({target_words(facts)})" if facts.target is not None else ""
    sentence = f"{facts.name}: {shown(latest.value)}{target}"
    if previous is None:
        return f"{sentence}, in {period_label(latest.period, facts.frequency)}."
    way = "unchanged from" if latest.value == previous.value else (
        "up from" if latest.value > previous.value else "down from"
    )
    # A baseline's date is any day a person typed: it is named by its month.
    frequency = MONTHLY if from_baseline else facts.frequency
    when = f" in {period_label(previous.period, frequency)}" if previous.period else " (the baseline)"
    return f"{sentence}, {way} {shown(previous.value)}{when}."
