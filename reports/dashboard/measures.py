"""The plan's impact measures on the dashboard's day: each with the readings for periods up to that day, its
trend and summary sentence (``actions.measure_trends``, as the measure pages say it) and its chart's geometry
(``actions.measure_chart``), as plain data. Two queries: the measures, and their readings."""
import json
from dataclasses import asdict
from datetime import date

from django.urls import reverse

from actions.measure_chart import measure_chart
from actions.measure_numbers import format_measure_value
from actions.measure_periods import MONTHLY, period_label
from actions.measure_trends import facts_of, measure_trend, target_words
from actions.models import Plan
from actions.selectors import plan_measures

from .shapes import Measure


def measures_on(plan: Plan, day: date) -> list[Measure]:
    return [_measure(measure, day) for measure in plan_measures(plan)]


def _measure(measure, day: date) -> Measure:
    readings = [reading for reading in measure.readings.all() if reading.period <= day]
    facts = facts_of(measure, readings)
    trend = measure_trend(facts)
    chart = measure_chart(facts)
    geometry = None
    if chart is not None:
        # As JSON has it (lists, not tuples), so that the stored snapshot reads back equal to the live data.
        geometry = json.loads(json.dumps({**asdict(chart), "line_points": chart.line_points}))
    strand = measure.strand
    return Measure(
        pk=measure.pk, name=measure.name, source=measure.source,
        strand=f"{measure.plan.section_word} {strand.number}: {strand.title}" if strand else "",
        link=reverse("actions:measure", args=[measure.pk]),
        latest=trend.shown(trend.latest.value) if trend.latest else "",
        baseline=format_measure_value(measure.baseline, measure.unit, empty=""),
        baseline_period=period_label(measure.baseline_period, MONTHLY) if measure.baseline_period else "",
        target=target_words(facts),
        trend={"summary": trend.summary, "standing": {"name": trend.standing.name, "words": trend.standing.words}},
        chart=geometry,
        rows=[{"period": period_label(reading.period, measure.frequency),
               "value": format_measure_value(reading.value, measure.unit), "note": reading.source_note}
              for reading in readings],
    )
