"""Template tags for a board's dashboard, which draws plain data (the live figures or an issued snapshot): a
rating's tag from its stored words and colour, and a count as a link to the actions behind it."""
from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# GOV.UK Frontend 6 draws a plain tag in blue and has no light blue, so those colours take no modifier (as
# actions' rating tag).
_PLAIN_TAG_COLOURS = {"blue", "light-blue"}


@register.simple_tag
def count_tag(count: dict) -> SafeString:
    """A rating count's tag, with its words ("Amber – some risk"): never colour alone."""
    colour = count["colour"]
    modifier = "" if colour in _PLAIN_TAG_COLOURS else f" govuk-tag--{colour}"
    return format_html('<strong class="govuk-tag{} app-rating-tag">{}</strong>', modifier, count["label"])


@register.simple_tag
def count_link(number: int, link: str, one: str = "action", many: str = "actions") -> SafeString:
    """ "12 actions", linking to the action list that lists them; "None" (no link) for none."""
    if not number:
        return format_html("{}", "None")
    words = f"{number} {one if number == 1 else many}"
    return format_html('<a class="govuk-link" href="{}">{}</a>', link, words) if link else format_html("{}", words)
