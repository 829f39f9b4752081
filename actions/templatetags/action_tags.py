"""Template tags for the action plan's pages: the rating tag, which always prints its words, and an action's due date.

Both are plain functions returning escaped HTML (``format_html``) rather than included templates: they are drawn
once per row in tables and lists of up to a thousand actions, where a template per row is most of the page's time.
"""
from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString

from actions.ratings import Legend, legend_entry

register = template.Library()

# GOV.UK Frontend 6 draws a plain tag in blue and has no light blue, so those colours take no modifier.
_PLAIN_TAG_COLOURS = {"blue", "light-blue"}


@register.simple_tag
def rating_tag(key: str, legend: Legend, reason: str = "") -> SafeString:
    """A rating as a GOV.UK tag with its label ("Amber – some risk"), and why it got worse when it did."""
    entry = legend_entry(key, legend)
    modifier = "" if entry.colour in _PLAIN_TAG_COLOURS else f" govuk-tag--{entry.colour}"
    tag = format_html('<strong class="govuk-tag{} app-rating-tag">{}</strong>', modifier, entry.label)
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
    day = date_filter(action.due_date, "j M Y")
    if action.completed_on or not today or action.due_date >= today:
        return day
    return format_html('{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', day)
