"""The plan's impact measures on the dashboard's day: each with the readings for periods up to that day, its
trend and summary sentence (``actions.measure_trends``, as the measure pages say it) and its chart's geometry
(``actions.measure_chart``), as plain data. Two queries, read as plain rows: the measures with their strands,
and their readings."""
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F
from django.urls import reverse

from actions.measure_chart import measure_chart
from actions.measure_numbers import format_measure_value
from actions.measure_periods import MONTHLY, period_label
from actions.measure_trends import facts_of, measure_trend, target_words
from actions.models import ImpactMeasure, MeasureReading, Plan

from .shapes import Measure, plain


class MeasureRow(NamedTuple):
    """What ``facts_of`` and the dashboard read of a measure, with its strand's number and title."""

    pk: int
    name: str
    source: str
    unit: str
    direction: str
    baseline: Decimal | None
    baseline_period: date | None
    target: Decimal | None
    target_date: date | None
    frequency: str
    strand_number: int | None
    strand_title: str | None


class ReadingRow(NamedTuple):
    period: date
    value: Decimal
    source_note: str


def measures_on(plan: Plan, day: date) -> list[Measure]:
    """The measures by strand number (a weakness's own measures last) and name, as ``selectors.plan_measures``
    orders them."""
    measures = (ImpactMeasure.objects.filter(plan=plan)
                .order_by(F("strand__number").asc(nulls_last=True), "name")
                .values_list(*MeasureRow._fields[:-2], "strand__number", "strand__title"))
    readings: dict[int, list[ReadingRow]] = {}
    for measure_id, *reading in (MeasureReading.objects.filter(measure__plan=plan, period__lte=day)
                                 .order_by("period", "pk").values_list("measure_id", *ReadingRow._fields)):
        readings.setdefault(measure_id, []).append(ReadingRow(*reading))
    return [_measure(MeasureRow(*row), readings.get(row[0], []), plan.section_word) for row in measures]


def _listed(value):
    """The chart's geometry as JSON has it (lists, not tuples), so that a stored snapshot reads back equal to the
    live data."""
    if isinstance(value, dict):
        return {key: _listed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_listed(item) for item in value]
    return value


def _measure(measure: MeasureRow, readings: list[ReadingRow], section_word: str) -> Measure:
    facts = facts_of(measure, readings)
    trend = measure_trend(facts)
    chart = measure_chart(facts)
    strand = ""
    if measure.strand_number is not None:  # a weakness's own measure has no strand
        strand = f"{section_word} {measure.strand_number}: {measure.strand_title}"
    return Measure(
        pk=measure.pk, name=measure.name, source=measure.source, strand=strand,
        link=reverse("actions:measure", args=[measure.pk]),
        latest=trend.shown(trend.latest.value) if trend.latest else "",
        baseline=format_measure_value(measure.baseline, measure.unit, empty=""),
        baseline_period=period_label(measure.baseline_period, MONTHLY) if measure.baseline_period else "",
        target=target_words(facts),
        trend={"summary": trend.summary, "standing": {"name": trend.standing.name, "words": trend.standing.words}},
        chart=_listed({**plain(chart), "line_points": chart.line_points}) if chart is not None else None,
        rows=[{"period": period_label(reading.period, measure.frequency),
               "value": format_measure_value(reading.value, measure.unit), "note": reading.source_note}
              for reading in readings],
    )
