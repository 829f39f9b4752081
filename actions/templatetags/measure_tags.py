"""A measure's chart drawn as SVG by one tag rather than a template of many small tags and filters: a board's
dashboard draws several (``actions/_measure_chart.html`` and ``actions/_measure_svg.html`` call it).

The geometry is ``actions.measure_chart``'s, as a ``ChartGeometry`` on the measure pages or as the plain data of a
dashboard or committee report (dicts): each part is read by name from either.
"""
from django.template import Library
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .action_tags import svg_number

register = Library()

_TEXT = 'fill="#0b0c0c" font-size="14" font-family="arial, sans-serif"'


def _of(thing, name: str):
    return thing.get(name) if isinstance(thing, dict) else getattr(thing, name, None)


def _added(value, step: int):
    """The template's ``add`` filter on a whole number of pixels."""
    return int(value) + step


@register.simple_tag
def measure_svg(chart, *, chart_id: str, name: str, summary: str) -> SafeString:
    """The chart as SVG, named by the measure and described by its summary sentence."""
    parts = [_frame(chart, chart_id=chart_id, name=name, summary=summary), _target(chart)]
    line_points = conditional_escape(_of(chart, "line_points"))
    parts.append(f'\n    <polyline class="app-measure-chart__line" points="{line_points}" fill="none" '
                 f'stroke="#1d70b8" stroke-width="3" stroke-linejoin="round"/>\n    ')
    parts += [_baseline(chart), _points(chart), "\n  </svg>"]
    return mark_safe("".join(parts))  # noqa: S308 (every value in it is escaped where it is drawn)


def _frame(chart, *, chart_id: str, name: str, summary: str) -> str:
    """The opening of the SVG with its title and description, the grid, the axes' labels and the axis line."""
    e, n = conditional_escape, svg_number
    left, right, top, bottom = (_of(chart, part) for part in ("left", "right", "top", "bottom"))
    value_ticks, period_ticks = _of(chart, "value_ticks"), _of(chart, "period_ticks")
    grid = "".join(f'<line x1="{n(left)}" x2="{n(right)}" y1="{n(_of(tick, "position"))}" '
                   f'y2="{n(_of(tick, "position"))}"/>' for tick in value_ticks)
    caption = _of(chart, "unit_caption")
    unit = (f'<text class="app-measure-chart__unit" x="{left}" y="{_added(top, -8)}">{e(caption)}</text>'
            if caption else "")
    values = "".join(f'<text x="{_added(left, -8)}" y="{n(_of(tick, "position"))}" dy="5" text-anchor="end">'
                     f'{e(_of(tick, "label"))}</text>' for tick in value_ticks)
    periods = "".join(f'<text x="{n(_of(tick, "position"))}" y="{_added(bottom, 24)}" text-anchor="middle">'
                      f'{e(_of(tick, "label"))}</text>' for tick in period_ticks)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-measure-chart" role="img" '
        f'aria-labelledby="{e(chart_id)}-title {e(chart_id)}-desc" viewBox="0 0 {_of(chart, "width")} '
        f'{_of(chart, "height")}" width="100%" focusable="false">\n'
        f'    <title id="{e(chart_id)}-title">{e(name)}</title>\n'
        f'    <desc id="{e(chart_id)}-desc">{e(summary)}</desc>\n'
        f'    <g class="app-measure-chart__grid" stroke="#b1b4b6" stroke-width="1">\n      {grid}\n    </g>\n'
        f'    <g class="app-measure-chart__ticks" {_TEXT}>\n      {unit}\n      {values}\n      {periods}\n    </g>\n'
        f'    <line class="app-measure-chart__axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" '
        f'stroke="#0b0c0c" stroke-width="2"/>\n    '
    )


def _target(chart) -> str:
    """The target's dashed line and its label, above the line or below it when the line is near the top."""
    target = _of(chart, "target")
    if not target:
        return ""
    left, right, y = _of(chart, "left"), _of(chart, "right"), svg_number(_of(target, "y"))
    dy = "20" if _of(chart, "target_label_below") else "-8"
    return (
        f'\n    <g class="app-measure-chart__target">\n'
        f'      <line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#00703c" stroke-width="3" '
        f'stroke-dasharray="10 6"/>\n'
        f'      <text x="{_added(right, -4)}" y="{y}" dy="{dy}" text-anchor="end" fill="#00703c" font-size="14" '
        f'font-weight="bold" font-family="arial, sans-serif">{conditional_escape(_of(target, "label"))}</text>\n'
        f'    </g>\n    '
    )


def _baseline(chart) -> str:
    """The baseline's square marker and its value."""
    baseline = _of(chart, "baseline")
    if not baseline:
        return ""
    x, y = svg_number(_of(baseline, "x")), svg_number(_of(baseline, "y"))
    return (
        f'\n    <g class="app-measure-chart__baseline">\n'
        f'      <rect x="{x}" y="{y}" width="12" height="12" transform="translate(-6 -6)" fill="#ffffff" '
        f'stroke="#0b0c0c" stroke-width="2"/>\n'
        f'      <text x="{x}" y="{y}" dx="10" dy="20" {_TEXT}>Baseline {conditional_escape(_of(baseline, "value"))}'
        f'</text>\n    </g>\n    '
    )


def _points(chart) -> str:
    """A circle per reading, and the latest reading's value beside its point."""
    n, points = svg_number, _of(chart, "points")
    circles = "".join(f'<circle cx="{n(_of(point, "x"))}" cy="{n(_of(point, "y"))}" r="5"/>' for point in points)
    drawn = f'\n    <g class="app-measure-chart__points" fill="#1d70b8">\n      {circles}\n    </g>\n    '
    if not points:
        return drawn
    latest = points[-1]
    dy = "28" if _of(chart, "latest_label_below") else "-12"
    return drawn + (
        f'<text class="app-measure-chart__latest" x="{n(_of(latest, "x"))}" y="{n(_of(latest, "y"))}" dy="{dy}" '
        f'text-anchor="middle" fill="#0b0c0c" font-size="16" font-weight="bold" font-family="arial, sans-serif">'
        f'{conditional_escape(_of(latest, "value"))}</text>'
    )
