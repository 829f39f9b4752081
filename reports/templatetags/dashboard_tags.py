"""Template tags for a board's dashboard, which draws plain data (the live figures or an issued snapshot): a
rating's tag from its stored words and colour, and a count as a link to the actions behind it."""
from django import template
from django.utils.html import format_html, format_html_join
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


_BAR_ROW = (
    '<li class="app-bars__row"><span class="app-bars__label">{tag}</span>'
    '<span class="app-bars__count">{count}{percent}</span>'
    '<span class="app-bar" aria-hidden="true"><span class="app-bar__fill app-bar__fill--{bar} '
    'app-bar__fill--{colour}"></span></span></li>\n'
)


@register.simple_tag
def rating_bars(group: dict) -> SafeString:
    """A group's actions by rating: each rating's words, its count linking to the actions, a bar of its share (a
    tag rather than an included template: a dashboard draws a few dozen of these)."""
    rows = format_html_join("", _BAR_ROW, (
        {"tag": count_tag(count), "count": count_link(count["count"], count["link"]),
         "percent": f" ({count['percent']}%)" if count["count"] else "", "bar": count["bar"], "colour": count["colour"]}
        for count in group["counts"]
    ))
    return format_html('<ul class="govuk-list app-bars">\n{}</ul>', rows)


_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


def _number_cell(number: int, link: str, words: str) -> SafeString:
    if not number:
        return format_html(_CELL, 0)
    return format_html(_CELL, format_html('<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}'
                                          '</span></a>', link, number, words))


@register.simple_tag
def strand_count_rows(groups: list[dict]) -> SafeString:
    """The rows of the table of strands by rating: each count, the overdue and the total linking to their actions."""
    return format_html_join("", '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>'
                                "{}{}{}</tr>\n", (
        (group["name"],
         format_html_join("", "{}", ((_number_cell(count["count"], count["link"], count["label"]),)
                                     for count in group["counts"])),
         _number_cell(group["overdue"], group["overdue_link"], "overdue"),
         _number_cell(group["total"], group["link"], "in all"))
        for group in groups
    ))
