"""Template tags for impact measures: a value with its unit as people write it, and a measure's chart with its
words and figures (``actions/_measure_chart.html``), for any page that has the measure and its readings loaded.
"""
from django import template

from actions.measure_chart import measure_chart
from actions.measure_numbers import format_measure_value
from actions.measure_periods import period_label
from actions.measure_trends import MeasureTrend, facts_of, measure_trend

register = template.Library()


@register.filter
def measure_value(value, unit: str = "") -> str:
    """ "41%", "215 days", "1,204 plans"; a dash for no value."""
    return format_measure_value(value, unit or "")


@register.filter
def svg_number(value) -> str:
    """A coordinate with one decimal, as SVG reads it ("12.0"): ``floatformat:1`` without its locale work, which
    costs more than the rest of a chart on a dashboard of several."""
    return f"{float(value):.1f}"


@register.simple_tag
def trend_of(measure) -> MeasureTrend:
    """The measure's trend, from its loaded readings: ``{% trend_of measure as trend %}``."""
    return measure_trend(facts_of(measure))


@register.inclusion_tag("actions/_measure_chart.html")
def measure_panel(measure):
    """The measure's summary sentence, its standing in words, the chart and the table of its figures."""
    trend = measure_trend(facts_of(measure))
    readings = list(measure.readings.all())
    rows = [
        {"period": period_label(reading.period, measure.frequency), "value": format_measure_value(reading.value,
                                                                                                    measure.unit),
         "note": reading.source_note}
        for reading in readings
    ]
    return {
        "measure": measure, "trend": trend, "chart": measure_chart(trend.facts), "rows": rows,
        "chart_id": f"measure-{measure.pk}-chart",
        "baseline": format_measure_value(measure.baseline, measure.unit, empty=""),
        "baseline_period": period_label(measure.baseline_period, "monthly") if measure.baseline_period else "",
    }
