"""The plan's impact measures on the dashboard's day: each with the readings for periods up to that day, its
trend and summary sentence (``actions.measure_trends``, as the measure pages say it) and its chart's geometry
(``actions.measure_chart``), as plain data. One query, read as plain rows: the measures with their strands,
each joined with its readings up to the day."""
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F, FilteredRelation, Q
from django.urls import reverse

from actions.measure_chart import measure_chart
from actions.measure_numbers import format_measure_value
from actions.measure_periods import MONTHLY, period_label
from actions.measure_trends import facts_of, measure_trend, target_words
from actions.models import ImpactMeasure, Plan

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
    upto = FilteredRelation("readings", condition=Q(readings__period__lte=day))
    rows = (ImpactMeasure.objects.filter(plan=plan).annotate(reading=upto)
            .order_by(F("strand__number").asc(nulls_last=True), "name", "pk", "reading__period", "reading__pk")
            .values_list(*MeasureRow._fields[:-2], "strand__number", "strand__title",
                         *(f"reading__{name}" for name in ReadingRow._fields)))
    measures: dict[int, tuple[MeasureRow, list[ReadingRow]]] = {}
    width = len(MeasureRow._fields)
    for row in rows:
        measure = measures.get(row[0])
        if measure is None:
            measure = measures[row[0]] = (MeasureRow(*row[:width]), [])
        if row[width] is not None:  # a measure with no readings up to the day comes once, with none
            measure[1].append(ReadingRow(*row[width:]))
    return [_measure(measure, readings, plan.section_word) for measure, readings in measures.values()]


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
