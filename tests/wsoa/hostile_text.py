"""Hostile text in every text column of the service, and the checks that a page, a sheet or a calendar shows it
as text: no element, attribute or stylesheet from it, no formula, no line of its own."""
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.db import models
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, Left

PROJECT_APPS = ("wsoa", "inspections", "actions", "governance", "reports", "api")
CANARY_HOST = "198.51.100.1"  # a documentation address (RFC 5737): nothing answers there
SCRIPT = "<script>hostile()</script>"
# Short pieces first, so that a 200-character column still holds the script, a line break, a direction mark
# and an emoji; the image, the stylesheets and a huge number follow where the column has room.
MARKUP = (
    f" {SCRIPT}\r\nDTSTART:20300101\r\nBcc: x@example.org \u202egnp.exe 👩🏽‍🏫"
    f"<img src=x onerror=hostile()></textarea></title>"
    f"x</style><style>@import url(http://{CANARY_HOST}/x.css)</style>"
    f'<p style="background:url(http://{CANARY_HOST}/y.png)">99999999999999999999'
)
# A text without a length limit also gets a word longer than any line of a page or a PDF.
LONG_WORD = " " + "w" * 2_000
# Each column's text starts with one of these, in turn, so that every way a spreadsheet starts a formula is met.
FORMULA_STARTS = ("=", "+", "-", "@", "\t=", "\r=")

# Text columns left as they are, and why: codes and keys the service reads or checks, not words people type.
LEFT_ALONE = {
    "wsoa.User.password": "a password hash",
    "wsoa.User.email": "the sign-in name: an address every form checks (the form walk sends hostile ones)",
    "wsoa.OutgoingEmail.key": "the e-mail's idempotency key, made by the service",
    "wsoa.Upload.stored_as": "the random name the service keeps an upload under",
    "inspections.Inspection.report_url": "a web address the form checks is http(s)",
    "inspections.DeadlineRuleSetting.key": "the rule's code, which the deadline engine looks up",
    "inspections.DeadlineRuleSetting.milestone": "the milestone code a rule makes",
    "inspections.DeadlineRuleSetting.anchor": "a code of the date a rule counts from",
    "inspections.DeadlineRuleSetting.unit": "a code of the unit a rule counts in",
    "inspections.DeadlineRuleSetting.roll": "a code of how a rule rolls off a closed day",
    "inspections.DeadlineRuleSetting.confidence": "a code the rule list turns into words",
    "inspections.Milestone.key": "the milestone's code, made by the deadline engine",
    "inspections.Milestone.rule_key": "the code of the rule that made the milestone",
    "inspections.Milestone.confidence": "a code the pages turn into words",
    "inspections.MilestoneReminder.threshold": "a code of when the reminder went",
    "inspections.CalendarToken.token": "the feed's secret, made by the service",
    "actions.Action.rating": "a key of the plan's rating legend, changed through the rating service",
    "actions.Action.sort_key": "made from the reference by the service, for ordering",
    "actions.ProgressUpdate.rating": "a key of the plan's rating legend",
    "actions.ProgressUpdate.previous_rating": "a key of the plan's rating legend",
    "actions.RatingEvent.from_rating": "a key of the plan's rating legend",
    "actions.RatingEvent.to_rating": "a key of the plan's rating legend",
    "actions.EvidenceItem.link": "a web address the service checks is http(s)",
    "actions.EvidenceItem.content_type": "the type the service found in the file's content",
    "governance.Meeting.minutes_link": "a web address the form checks is http(s)",
    "reports.IssuedReport.sha256": "the PDF's hash, made by the service",
    "api.ApiToken.prefix": "the start of the token, made by the service",
    "api.ApiToken.hashed": "the token's hash, made by the service",
}
# JSON columns: those that hold words people type are filled by the world (their keys kept); the rest, and why not.
JSON_FILLED = {
    "governance.SubgroupReport.sections", "reports.Report.title_values", "reports.ReportTemplate.title_defaults",
}
JSON_LEFT_ALONE = {
    "wsoa.OutgoingEmail.to": "e-mail addresses, checked where they are typed",
    "wsoa.Upload.result": "what the service read from the file, not text shown as it stands",
    "inspections.DeadlineRuleSetting.conditions": "codes the deadline engine reads",
    "actions.Plan.rating_legend": "its labels are typed on the plan's settings page, which checks their shape (the "
                                  "form walk sends them hostile text)",
    "actions.Plan.import_rating_words": "rating words chosen on the import's check page (the form walk's too)",
    "governance.SubgroupReport.data": "the figures the service kept when the report was sent",
    "reports.DashboardSnapshot.data": "the dashboard the service kept when the pack was issued (issued from the "
                                      "hostile world in test_hostile_output.py)",
    "reports.ReportTemplate.title_fields": "keys of the title block's fields",
    "reports.Report.title_fields": "keys of the title block's fields",
    "reports.IssuedReport.content": "the report the service kept when it was issued (issued from the hostile world)",
}
# What the history tables keep of those, and of themselves (who changed what and why, in the service's words).
HISTORY_ONLY = {"history_change_reason", "history_type"}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}"


def _tracked(model):
    """The model a history table belongs to, or the model itself."""
    return getattr(model, "instance_type", model)


def text_columns() -> dict[type, list[models.Field]]:
    """Every typed-text column of the product's models (history tables too), but the choices and LEFT_ALONE."""
    found = {}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            columns = [
                field for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField) and not field.choices
                and f"{_label(_tracked(model))}.{field.name}" not in LEFT_ALONE and field.name not in HISTORY_ONLY
            ]
            if columns:
                found[model] = columns
    return found


def unfilled_columns() -> tuple[list[str], list[str]]:
    """The text columns that are neither filled, nor choices, nor left alone with a reason (none, unless the filling
    is broken); and the reasons left for columns that are gone."""
    every, filled = set(), set()
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField) and field.name not in HISTORY_ONLY:
                    every.add((f"{_label(_tracked(model))}.{field.name}", bool(field.choices)))
    for model, fields in text_columns().items():
        filled |= {f"{_label(_tracked(model))}.{field.name}" for field in fields}
    unfilled = sorted(name for name, choices in every if not choices and name not in filled | set(LEFT_ALONE))
    json = {f"{_label(model)}.{field.name}" for label in PROJECT_APPS
            for model in apps.get_app_config(label).get_models() if not hasattr(model, "instance_type")
            for field in model._meta.concrete_fields if isinstance(field, models.JSONField)}
    unfilled += sorted(json - JSON_FILLED - set(JSON_LEFT_ALONE))
    gone = set(LEFT_ALONE) - {name for name, choices in every if not choices}
    return unfilled, sorted(gone | (JSON_FILLED | set(JSON_LEFT_ALONE)) - json)


def hostile_text(start: str, ident: str = "", max_length: int | None = None) -> str:
    text = f"{start}{ident}{MARKUP}"
    return text[:max_length] if max_length else text


def hostile_everywhere() -> int:
    """Every row's text columns made hostile, in SQL (each row's own number keeps unique columns unique);
    the number of columns filled. Run after the world is made: nothing here goes through a form or a service."""
    filled = 0
    for model, columns in text_columns().items():
        values = {}
        for position, column in enumerate(columns):
            start = FORMULA_STARTS[(filled + position) % len(FORMULA_STARTS)]
            tail = MARKUP if column.max_length else MARKUP + LONG_WORD
            text = Concat(Value(start), Cast(F("pk"), CharField()), Value(tail), output_field=column)
            values[column.attname] = Left(text, column.max_length) if column.max_length else text
        model._base_manager.update(**values)
        filled += len(columns)
    return filled


# The attributes with which an element fetches or links to an address (a value or a title is only text).
_ADDRESSES = {"src", "srcset", "href", "action", "formaction", "data", "poster", "background", "xlink:href"}


def _fetches_the_canary(name: str, value: str) -> bool:
    """A style that names the canary, or an address on it (the payload in a link's query is only text)."""
    if name == "style":
        return CANARY_HOST in value
    addresses = value.replace(",", " ").split()  # a srcset lists several
    return name in _ADDRESSES and any(urlsplit(address).hostname == CANARY_HOST for address in addresses)


class _Reader(HTMLParser):
    """What a browser would make of a page: every element and attribute that came from the hostile text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._in = tag
        if tag == "img" and ("src", "x") in attrs:
            self.found.append("an <img src=x> element")
        for name, value in attrs:
            if name.startswith("on") and "hostile" in (value or ""):
                self.found.append(f"an {name} attribute on <{tag}>")
            elif _fetches_the_canary(name, value or ""):
                self.found.append(f"the canary address in <{tag} {name}>")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script" and "hostile(" in data:
            self.found.append("a <script> element running hostile()")
        if self._in == "style" and CANARY_HOST in data:
            self.found.append("a <style> element fetching the canary address")


def markup_from_the_payload(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    if SCRIPT in html:
        reader.found.append("the script tag, raw")
    return reader.found


def runs_as_formula(text) -> bool:
    return isinstance(text, str) and text.lstrip(" ").startswith(tuple(start[0] for start in FORMULA_STARTS))
