"""Template tags for the action plan's pages: the rating tag, which always prints its words, an action's due date,
an update's byline, dates as the pages write them, links to pages that take one id, the rows of the tables of
actions and of strands, impact measures' values and charts, and the rating counts of a board's dashboard.

They are plain functions returning escaped HTML (``format_html``) rather than included templates, Django's
``date`` filter or ``{% url %}``: they are drawn once per row in tables and lists of up to a thousand actions,
where a template per row, a date format parsed for every cell or a URL pattern matched for every link is most of
the page's time.
"""
from datetime import date, datetime
from functools import cache, lru_cache

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from actions.measure_chart import measure_chart
from actions.measure_numbers import format_measure_value
from actions.measure_periods import period_label
from actions.measure_trends import MeasureTrend, facts_of, measure_trend
from actions.ratings import Legend, legend_entry
from inspections.dates import short_date

register = template.Library()

# GOV.UK Frontend 6 draws a plain tag in blue and has no light blue, so those colours take no modifier.
_PLAIN_TAG_COLOURS = {"blue", "light-blue"}


@lru_cache(maxsize=512)
def _tag(label: str, colour: str) -> SafeString:
    """The same few tags are drawn again and again (every row of a table has one), so each is made once."""
    modifier = "" if colour in _PLAIN_TAG_COLOURS else f" govuk-tag--{colour}"
    return format_html('<strong class="govuk-tag{} app-rating-tag">{}</strong>', modifier, label)


def _html(value) -> str:
    """``value`` as ``format_html`` puts it in: as it is if it is already HTML, else escaped (``escape`` is what
    Django's own escaping calls). The rows below are joined as plain text and marked safe once, a table at a time,
    instead of once for each cell."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _filled(template: str, **values) -> str:
    return template.format_map({name: _html(value) for name, value in values.items()})


@register.simple_tag
def rating_tag(key: str, legend: Legend, reason: str = "") -> SafeString:
    """A rating as a GOV.UK tag with its label ("Amber – some risk"), and why it got worse when it did."""
    entry = legend_entry(key, legend)
    tag = _tag(entry.label, entry.colour)
    if not reason:
        return tag
    return format_html(
        '{}\n<span class="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0 '
        'app-rating-reason">Why it got worse: {}</span>', tag, reason,
    )


@register.simple_tag
def due(action, today) -> SafeString | str:
    """ "Ongoing", "Not set" or the due date, marked overdue when it has passed on an action still open."""
    if action.ongoing:
        return "Ongoing"
    if not action.due_date:
        return "Not set"
    day = short_date(action.due_date)
    if action.completed_on or not today or action.due_date >= today:
        return day
    return format_html('{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', day)


@register.filter
def day(value: date | datetime | None) -> str:
    """ "4 Apr 2023" (a moment: its day here); nothing for no date."""
    if not value:
        return ""
    return short_date(timezone.localdate(value) if isinstance(value, datetime) else value)


@register.filter
def month(value: date | None) -> str:
    """ "June 2025"; nothing for no date."""
    return f"{value:%B %Y}" if value else ""


@register.simple_tag
def update_byline(update) -> SafeString:
    """Who wrote a monthly update and when, and who revised it."""
    byline = format_html("By {}, {}", update.author or "someone no longer here", day(update.created_at))
    if not update.revised_by_id:
        return byline
    return format_html("{}; revised by {}, {}", byline, update.revised_by, day(update.revised_at))


_UPDATE_CARD = (
    '<div class="govuk-summary-card">\n'
    '  <div class="govuk-summary-card__title-wrapper">\n'
    '    <h3 class="govuk-summary-card__title">{month}</h3>\n'
    "  </div>\n"
    '  <div class="govuk-summary-card__content">\n'
    '    <p class="govuk-body">{rating}</p>\n'
    '    <p class="govuk-body">{narrative}</p>\n'
    "    {evidence}\n"
    '    <p class="govuk-body-s govuk-!-margin-bottom-0">{byline}</p>\n'
    "    {earlier}\n"
    "  </div>\n"
    "</div>\n"
)
_EARLIER_VERSIONS = (
    '<details class="govuk-details govuk-!-margin-top-3 govuk-!-margin-bottom-0">\n'
    '      <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Earlier versions of this '
    "update ({})</span></summary>\n"
    '      <div class="govuk-details__text">\n{}      </div>\n'
    "    </details>"
)
_EARLIER_VERSION = (
    '        <p class="govuk-body-s govuk-!-margin-bottom-1"><strong>Saved by {by}, {on}</strong></p>\n'
    '        <p class="govuk-body-s govuk-!-margin-bottom-1">{rating}</p>\n'
    '        <p class="govuk-body-s">{narrative}{evidence}</p>\n'
)


@register.simple_tag
def update_cards(updates, legend: Legend) -> SafeString:
    """An action's monthly updates, newest first, each as a summary card: its month, rating (and why it got
    worse), narrative, evidence, byline, and its earlier versions (``earlier_versions``) when it was revised."""
    cards = "".join(
        _filled(
            _UPDATE_CARD,
            month=month(update.month),
            rating=rating_tag(update.rating, legend, update.reason_for_worse_rating),
            narrative=linebreaksbr(update.narrative),
            evidence=mark_safe(_EVIDENCE.format(_html(linebreaksbr(update.evidence)))) if update.evidence else "",  # noqa: S308
            byline=update_byline(update),
            earlier=_earlier_versions(update.earlier_versions, legend) if update.earlier_versions else "",
        )
        for update in updates
    )
    # Each value is escaped by _filled, or is HTML made here from escaped values.
    return mark_safe(cards) if cards else format_html('<p class="govuk-body">{}</p>', "No updates yet.")  # noqa: S308


_EVIDENCE = '<p class="govuk-body"><strong>Evidence:</strong> {}</p>'


def _earlier_versions(versions, legend: Legend) -> SafeString:
    return format_html(_EARLIER_VERSIONS, len(versions), format_html_join("", _EARLIER_VERSION, (
        {
            "by": version.by, "on": day(version.on), "rating": rating_tag(version.rating, legend, version.reason),
            "narrative": linebreaksbr(version.narrative),
            "evidence": format_html("<br>Evidence: {}", linebreaksbr(version.evidence)) if version.evidence else "",
        }
        for version in versions
    )))


# An id no page will have: the URL is reversed once with it, then each link puts its own id in its place.
_STAND_IN_ID = 918273645546372819


@register.simple_tag
def pk_url(name: str, pk: int) -> str:
    """What ``{% url name pk %}`` gives for a page whose one argument is an id, without matching the URL pattern
    again for every row."""
    before, after = _around_the_id(name, get_script_prefix())
    return f"{before}{int(pk)}{after}"


@cache
def _around_the_id(name: str, script_prefix: str) -> tuple[str, str]:
    # The script prefix is part of the key because reverse() puts it in front of every URL.
    before, _, after = reverse(name, args=[_STAND_IN_ID]).partition(str(_STAND_IN_ID))
    return before, after


_ACTION_ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell" data-label="Ref">{reference}</td>'
    '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="{url}">{title}</a></th>'
    '<td class="govuk-table__cell" data-label="Lead">{lead}</td>'
    '<td class="govuk-table__cell" data-label="Due">{due}</td>'
    '<td class="govuk-table__cell" data-label="Rating">{rating}</td>'
    "{last_update}"
    "</tr>\n"
)
_LAST_UPDATE_CELL = '<td class="govuk-table__cell" data-label="Last update">{}</td>'


@register.simple_tag
def action_rows(actions, legend: Legend, today, *, last_update=None, query: str = "") -> SafeString:
    """The rows of a table of actions: reference, title linking to the action, lead, due date and rating, and when
    ``last_update`` is true (a strand's page passes its strand) the month of each action's last update, as the
    strand's selector annotates it. ``query`` ends each link (``?on=…``, to stay on a past day)."""
    return mark_safe("".join(  # noqa: S308 (each value is escaped by _filled)
        _filled(
            _ACTION_ROW,
            reference=action.reference,
            url=pk_url("actions:action", action.pk) + query,
            title=action.title,
            lead=action.lead_display or "Not set",
            due=due(action, today),
            rating=rating_tag(action.rating, legend, action.rating_reason),
            last_update=(
                mark_safe(_LAST_UPDATE_CELL.format(_html(month(action.last_update) or "None yet")))  # noqa: S308
                if last_update else ""
            ),
        )
        for action in actions
    ))


_NUMBER_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


@register.simple_tag
def strand_rows(summaries, *, query: str = "") -> SafeString:
    """The rows of the overview's table of strands: the strand linking to its page, its subgroup lead, its number
    of actions at each rating (in the columns of ``summary.counts``), overdue and in all. ``query`` ends each
    link, as in ``action_rows``."""
    return mark_safe("".join(  # noqa: S308 (each value is escaped by _html)
        '<tr class="govuk-table__row">'
        f'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="{_html(url + query)}">'
        f"{_html(summary.strand)}</a></th>"
        f'<td class="govuk-table__cell">{_html(getattr(summary.strand.subgroup, "lead", None) or "Not set")}</td>'
        + "".join(_NUMBER_CELL.format(item.count) for item in summary.counts)
        + _NUMBER_CELL.format(summary.overdue) + _NUMBER_CELL.format(summary.total) + "</tr>\n"
        for summary in summaries for url in [pk_url("actions:strand", summary.strand.pk)]
    ))


_GROUP_TABLE = (
    '<table class="govuk-table govuk-table--small-text-until-tablet">\n'
    '    <caption class="govuk-table__caption govuk-visually-hidden">{sections}{answering}, with the number of '
    "actions at each rating</caption>\n"
    '    <thead class="govuk-table__head">\n'
    '      <tr class="govuk-table__row">\n'
    '        <th scope="col" class="govuk-table__header">{section}</th>\n'
    '        <th scope="col" class="govuk-table__header">Subgroup lead</th>\n'
    "        {ratings}\n"
    '        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Overdue</th>\n'
    '        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Total</th>\n'
    "      </tr>\n"
    "    </thead>\n"
    '    <tbody class="govuk-table__body">\n'
    "      {rows}\n"
    "    </tbody>\n"
    "  </table>\n"
)
_RATING_HEADER = '<th scope="col" class="govuk-table__header govuk-table__header--numeric">{}</th>'


@register.simple_tag
def weakness_groups(groups, plan, past=None) -> SafeString:
    """The overview's strands under each weakness they answer (``overview.WeaknessGroup``), then those answering
    none: a heading, the link to the weakness's evidence (not on a past day) and the table of its strands with
    their counts by rating; drawn in one go, as the overview is the plan's busiest page."""
    section, sections = plan.section_word, plan.section_word_plural
    query = past.query if past else ""
    drawn = []
    for group in groups:
        weakness = group.weakness
        if weakness:
            kind = weakness.get_kind_display()
            named = f"{kind.lower()} {weakness.number}"
            drawn.append(_filled(
                '  <h2 class="govuk-heading-m"><span class="govuk-caption-m">{kind} {number}</span>{title}</h2>\n',
                kind=kind, number=weakness.number, title=weakness.title,
            ))
            if not past:
                drawn.append(_filled(
                    '  <p class="govuk-body"><a class="govuk-link" href="{url}">Evidence for {named}</a></p>\n',
                    url=pk_url("actions:weakness_evidence", weakness.pk), named=named,
                ))
        else:
            drawn.append(_filled('  <h2 class="govuk-heading-m">{sections} not linked to a weakness</h2>\n',
                                 sections=sections))
        if group.strands:
            drawn.append(_filled(
                _GROUP_TABLE, sections=sections, answering=f" answering {named}" if weakness else "", section=section,
                ratings=mark_safe("".join(  # noqa: S308 (each label is escaped)
                    _RATING_HEADER.format(_html(item.short_label)) for item in group.strands[0].counts)),
                rows=strand_rows(group.strands, query=query),
            ))
        else:
            drawn.append(_filled('  <p class="govuk-body">No {section} answers this weakness yet.</p>\n',
                                 section=section.lower()))
    return mark_safe("".join(drawn))  # noqa: S308 (each value is escaped by _filled)


# --- impact measures: a value with its unit as people write it, and a measure's chart with its words and figures
# (``actions/_measure_chart.html``), for any page that has the measure and its readings loaded.


@register.filter
def measure_value(value, unit: str = "") -> str:
    """ "41%", "215 days", "1,204 plans"; a dash for no value."""
    return format_measure_value(value, unit or "")


@register.filter
def svg_number(value) -> str:
    """A coordinate with one decimal, as SVG reads it ("12.0"): ``floatformat:1`` without its locale work, which
    costs more than the rest of a chart on a dashboard of several."""
    return f"{float(value):.1f}"


def _part(thing, name: str):
    """A field of a chart's point or a figure's row: an attribute on the measure pages, a key in a dashboard's plain
    data."""
    return thing[name] if isinstance(thing, dict) else getattr(thing, name)


@register.simple_tag
def chart_circles(points) -> SafeString:
    """The chart's readings as circles (a tag rather than a loop of filters: a dashboard draws several charts)."""
    return format_html_join("", '<circle cx="{}" cy="{}" r="5"/>', (
        (svg_number(_part(point, "x")), svg_number(_part(point, "y"))) for point in points
    ))


@register.simple_tag
def figure_rows(rows) -> SafeString:
    """The rows of a measure's table of figures: each period, its value and where it came from."""
    return mark_safe("".join(  # noqa: S308 (each value escaped by _filled)
        _filled(_FIGURE_ROW, period=_part(row, "period"), value=_part(row, "value"), note=_part(row, "note"))
        for row in rows
    ))


_FIGURE_ROW = ('<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{period}</th>'
               '<td class="govuk-table__cell govuk-table__cell--numeric">{value}</td>'
               '<td class="govuk-table__cell">{note}</td></tr>\n')


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


# --- rating counts from plain data: a board dashboard's live figures or an issued snapshot (reports/dashboard),
# each count a link to the actions behind it.


@register.simple_tag
def count_tag(count: dict) -> SafeString:
    """A rating count's tag, with its words ("Amber – some risk"): never colour alone."""
    return _tag(count["label"], count["colour"])


# The counts below are written as escaped text joined, not ``format_html`` for each piece: a dashboard draws a
# few hundred of them, and ``format_html`` escapes and marks each part again.


def _count_html(number: int, link: str, one: str = "action", many: str = "actions") -> str:
    if not number:
        return "None"
    words = escape(f"{number} {one if number == 1 else many}")
    return f'<a class="govuk-link" href="{escape(link)}">{words}</a>' if link else words


@register.simple_tag
def count_link(number: int, link: str, one: str = "action", many: str = "actions") -> SafeString:
    """ "12 actions", linking to the action list that lists them; "None" (no link) for none."""
    return mark_safe(_count_html(number, link, one, many))  # noqa: S308 (every part is escaped above)


def _bar_row(count: dict) -> str:
    percent = f" ({count['percent']}%)" if count["count"] else ""
    return (
        f'<li class="app-bars__row"><span class="app-bars__label">{count_tag(count)}</span>'
        f'<span class="app-bars__count">{_count_html(count["count"], count["link"])}{percent}</span>'
        f'<span class="app-bar" aria-hidden="true"><span class="app-bar__fill app-bar__fill--{escape(count["bar"])} '
        f'app-bar__fill--{escape(count["colour"])}"></span></span></li>\n'
    )


@register.simple_tag
def rating_bars(group: dict) -> SafeString:
    """A group's actions by rating: each rating's words, its count linking to the actions, a bar of its share (a
    tag rather than an included template: a dashboard draws a few dozen of these)."""
    rows = "".join(_bar_row(count) for count in group["counts"])
    return mark_safe(f'<ul class="govuk-list app-bars">\n{rows}</ul>')  # noqa: S308 (escaped in _bar_row)


@register.simple_tag
def group_bars(group: dict) -> SafeString:
    """A group's bars (``rating_bars``) and how many actions it has in all, and how many of them are overdue: the
    words and numbers say everything the bars show."""
    overdue = (f", of which {_count_html(group['overdue'], group['overdue_link'], 'is overdue', 'are overdue')}"
               if group["overdue"] else ", none overdue")
    total = _count_html(group["total"], group["link"])
    return mark_safe(f'{rating_bars(group)}\n<p class="govuk-body">In all: {total}{overdue}.</p>')  # noqa: S308


_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">'
_ZERO_CELL = f"{_CELL}0</td>"


def _number_cell(number: int, link: str, words: str) -> str:
    if not number:
        return _ZERO_CELL
    return (f'{_CELL}<a class="govuk-link" href="{escape(link)}">{escape(number)}<span class="govuk-visually-hidden">'
            f" {escape(words)}</span></a></td>")


def _strand_count_row(group: dict) -> str:
    counts = "".join(_number_cell(count["count"], count["link"], count["label"]) for count in group["counts"])
    return (f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{escape(group["name"])}</th>'
            f'{counts}{_number_cell(group["overdue"], group["overdue_link"], "overdue")}'
            f'{_number_cell(group["total"], group["link"], "in all")}</tr>\n')


@register.simple_tag
def strand_count_rows(groups: list[dict]) -> SafeString:
    """The rows of the table of strands by rating: each count, the overdue and the total linking to their actions."""
    return mark_safe("".join(_strand_count_row(group) for group in groups))  # noqa: S308 (escaped in each row)
