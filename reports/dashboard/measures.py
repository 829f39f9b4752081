"""The plan's impact measures on the dashboard's day: each with the readings for periods up to that day, its
trend and summary sentence (``actions.measure_trends``, as the measure pages say it) and its chart's geometry
(``actions.measure_chart``), as plain data. One query, written as SQL and read as plain rows: the measures with
their strands, each joined with its readings up to the day."""
import json
from datetime import date
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from django.db import connection
from django.urls import reverse

from actions.measure_chart import measure_chart
from actions.measure_numbers import format_measure_value
from actions.measure_periods import MONTHLY, period_label
from actions.measure_trends import facts_of, measure_trend, target_words
from actions.models import ImpactMeasure, MeasureReading, Plan, Strand
from wsoa.written_sql import Columns, table

from .shapes import Measure


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


# A measure's row (``MeasureRow``: its strand's number and title last), then a reading's (``ReadingRow``).
_COLUMNS = Columns(
    ("measure", ImpactMeasure, "id"), *(("measure", ImpactMeasure, name) for name in MeasureRow._fields[1:-2]),
    ("strand", Strand, "number"), ("strand", Strand, "title"),
    *(("reading", MeasureReading, name) for name in ReadingRow._fields),
)


@cache
def _measures_sql() -> str:
    """The plan's measures with their strands, each joined with its readings up to a day: written once (the ORM
    took longer to build it than the database to answer it)."""
    return (
        f"SELECT {_COLUMNS.sql} FROM {table(ImpactMeasure)} AS measure"  # noqa: S608 (names only)
        f" LEFT JOIN {table(Strand)} AS strand ON strand.id = measure.strand_id"
        f" LEFT JOIN {table(MeasureReading)} AS reading ON reading.measure_id = measure.id AND reading.period <= %s"
        " WHERE measure.plan_id = %s"
        " ORDER BY strand.number IS NULL, strand.number, measure.name, measure.id, reading.period, reading.id"
    )


def measures_on(plan: Plan, day: date) -> list[Measure]:
    """The measures by strand number (a weakness's own measures last) and name, as ``selectors.plan_measures``
    orders them."""
    with connection.cursor() as cursor:
        cursor.execute(_measures_sql(), (connection.ops.adapt_datefield_value(day), plan.pk))
        rows = _COLUMNS.rows(cursor)
    measures: dict[int, tuple[MeasureRow, list[ReadingRow]]] = {}
    width = len(MeasureRow._fields)
    for row in rows:
        measure = measures.get(row[0])
        if measure is None:
            measure = measures[row[0]] = (MeasureRow(*row[:width]), [])
        if row[width] is not None:  # a measure with no readings up to the day comes once, with none
            measure[1].append(ReadingRow(*row[width:]))
    return [_measure(measure, readings, plan.section_word) for measure, readings in measures.values()]


def _chart_data(chart) -> dict:
    """The chart's geometry as JSON has it (dicts and lists, not dataclasses and tuples), with its line's points,
    so that a stored snapshot reads back equal to the live data: made by JSON itself, each part of the geometry
    (a frozen dataclass) written as its fields, a tenth of the time of walking it in Python."""
    return json.loads(json.dumps({**vars(chart), "line_points": chart.line_points}, default=vars))


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
        chart=_chart_data(chart) if chart is not None else None,
        rows=[{"period": period_label(reading.period, measure.frequency),
               "value": format_measure_value(reading.value, measure.unit), "note": reading.source_note}
              for reading in readings],
    )
