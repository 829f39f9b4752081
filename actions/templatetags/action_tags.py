"""Template tags for the action plan's pages: the rating tag, which always prints its words."""
from django import template

from actions.ratings import Legend, legend_entry

register = template.Library()

# GOV.UK Frontend 6 draws a plain tag in blue and has no light blue, so those colours take no modifier.
_PLAIN_TAG_COLOURS = {"blue", "light-blue"}


@register.inclusion_tag("includes/rating_tag.html")
def rating_tag(key: str, legend: Legend, reason: str = ""):
    """A rating as a GOV.UK tag with its label ("Amber – some risk"), and why it got worse when it did."""
    entry = legend_entry(key, legend)
    modifier = "" if entry.colour in _PLAIN_TAG_COLOURS else f"govuk-tag--{entry.colour}"
    return {"label": entry.label, "modifier": modifier, "reason": reason}
