"""Hostile text in everything the service stores, shown everywhere: every page, every export and every PDF.

What it proves: once every typed-text column of every row of the action plan's small world (people's names,
the inspection, the plan, the board and its meetings, committee reports and their templates, uploads, e-mails,
tokens, and every history row) holds a script tag, an image with an ``onerror``, a stylesheet that imports from
a documentation address, a line break followed by a calendar property and an e-mail header, a direction mark, an
emoji, a huge number and a spreadsheet formula start (and, where a column has no length limit, a 2,000-letter
word), then: no page of any URL pattern, for any role, answers with a server error or holds an element,
attribute or stylesheet made from that text; no cell of the plan's workbook or CSV, nor of the data feed's CSV,
would run as a formula; the data feed's JSON carries the text as text; a calendar feed keeps the line break
inside its property; a downloaded file's name holds no line break or direction mark; and every kind of committee
report prints the text as text in a PDF that has no script and for which nothing but the product's static files
was fetched. The columns are filled in SQL after the world is made, so the checks hold for data that came in any
way at all (an import, the administrators' site, an older version of a form); the form walk
(test_hostile_forms.py) tries the ways in.
"""
import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote

import pikepdf
import pytest
from django.test import Client, TestCase
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils.html import escape
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from actions.evidence import evidence_add
from actions.models import EvidenceItem
from api.services import api_token_create
from governance.models import Meeting, SubgroupReport
from inspections.feeds import calendar_token_renew
from inspections.models import CalendarToken
from reports.models import IssuedReport, Report, ReportTemplate
from reports.papers import pdf as paper_pdf
from reports.papers.addresses import PAPER_ORIGIN
from reports.papers.kinds import DEFAULTS
from reports.papers.services import area_templates, report_approve, report_issue, report_start
from reports.services import meeting_pack_issue
from tests.actions import evidence_samples
from tests.actions.conftest import World
from tests.actions.factories import UserFactory
from tests.wsoa.hostile_pages import (
    LEFT_OUT_NAMESPACES,
    PAGES,
    TODAY,
    _a_committee_report,
    _a_measure_with_a_reading,
    _a_partner_and_a_closure_day,
    _an_action_whose_lead_has_no_account,
    _an_api_token,
    _an_email_not_sent,
    _an_inspection_needing_a_plan,
    _an_own_template,
    _board_with_a_meeting,
    _upload_letter,
    _upload_plan,
    pinned_today,  # noqa: F401 - the walk's fixed day, used here too
    url_names,
)
from tests.wsoa.hostile_text import (
    CANARY_HOST,
    JSON_LEFT_ALONE,
    LEFT_ALONE,
    MARKUP,
    hostile_everywhere,
    hostile_text,
    markup_from_the_payload,
    runs_as_formula,
    unfilled_columns,
)
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

# The people whose pages differ, by the world's names (the regional adviser is added to the world here).
ROLES = ("administrator", "action lead officer", "strand's subgroup lead", "board chair", "democratic services",
         "regional adviser", "signed out")
API_LISTS = ("areas", "inspections", "milestones", "weaknesses", "plans", "strands", "actions", "progress_updates",
             "rating_events", "measures", "readings", "evidence")


def _issued(world: World) -> dict:
    return {"pk": Report.objects.get(inspection=world.plan.inspection).pk, "number": 1}


# Ids of the patterns the form walk leaves out (downloads, feeds, buttons); the others take the form walk's.
def _feed_token(world: World) -> str:
    return CalendarToken.objects.get(user=world.people["administrator"]).token


IDS = {
    "inspections:my_feed": lambda world: {"token": _feed_token(world)},
    "inspections:inspection_feed": lambda world: {"token": _feed_token(world), "pk": world.plan.inspection_id},
    "actions:plan_export": lambda world: {"plan_pk": world.plan.pk, "fmt": "xlsx"},
    "actions:evidence_file": lambda world: {"pk": EvidenceItem.objects.exclude(file="").get().pk},
    "reports:issue_download": _issued,
    "reports:issue_status": _issued,
    "reports:issue_retry": _issued,
    "reports:report_issue": lambda world: {"pk": Report.objects.get(inspection=world.plan.inspection).pk},
    "reports:report_reopen": lambda world: {"pk": Report.objects.get(inspection=world.plan.inspection).pk},
    "api:action": lambda world: {"pk": world.action.pk},
}


@dataclass
class Hostile:
    world: World
    paths: dict[str, str]  # every URL pattern's address in the world, found before its words were made hostile

    @property
    def people(self):
        return self.world.people

    @property
    def plan(self):
        return self.world.plan


@pytest.fixture
def hostile(world, settings, tmp_path, tasks_in_process) -> Hostile:
    """The form walk's world with everything its pages need, then every text column of every row made hostile."""
    settings.MEDIA_ROOT, settings.EVIDENCE_SCAN_COMMAND = tmp_path, ""
    admin = world.people["administrator"]
    client = Client()
    client.force_login(admin)
    for prepare in (_an_action_whose_lead_has_no_account, _upload_letter, _upload_plan, _board_with_a_meeting,
                    _an_email_not_sent, _a_measure_with_a_reading, _a_committee_report, _an_own_template,
                    _a_partner_and_a_closure_day, _an_inspection_needing_a_plan, _an_api_token):
        prepare(client, world)
    from tests.inspections.factories import MilestoneFactory

    MilestoneFactory(inspection=world.plan.inspection, due=date(2026, 4, 1))
    evidence_add(plan=world.plan, by=admin, title="Minutes", dated=date(2026, 3, 2),
                 upload=evidence_samples.pdf("minutes.pdf"), actions=[world.action])
    world.people["regional adviser"] = UserFactory(roles=[Role.REGIONAL_ADVISER])
    calendar_token_renew(user=admin)
    paths = {name: _path(name, world) for name in _walked()}
    assert hostile_everywhere() > 100
    for report in SubgroupReport.objects.all():
        report.sections = {key: hostile_text("=", key) for key in (report.sections or {}) or ("summary",)}
        report.save(update_fields=["sections"])
    for paper in Report.objects.all():
        paper.title_values = {key: hostile_text("+", key) for key in paper.title_fields}
        paper.save(update_fields=["title_values"])
    for template in ReportTemplate.objects.all():
        template.title_defaults = {key: hostile_text("-", key) for key in template.title_fields}
        template.save(update_fields=["title_defaults"])
    return Hostile(world, paths)


def test_every_text_column_is_filled_or_left_alone_with_a_reason():
    unfilled, gone = unfilled_columns()
    assert unfilled == [], "a new text or JSON column: the world fills it, or LEFT_ALONE/JSON_LEFT_ALONE says why not"
    assert gone == [], "the lists name columns that are gone, or now have choices"
    assert all(reason for reason in (*LEFT_ALONE.values(), *JSON_LEFT_ALONE.values()))


def test_the_markup_is_found_when_a_page_shows_it_raw_and_not_when_escaped():
    raw = markup_from_the_payload(f"<h1>{MARKUP}</h1>")
    assert {"a <script> element running hostile()", "an <img src=x> element", "an onerror attribute on <img>",
            "a <style> element fetching the canary address", "the canary address in <p style>"} <= set(raw)
    escaped = escape(MARKUP)
    assert markup_from_the_payload(f'<h1>{escaped}</h1><input value="{escaped}"><textarea>{escaped}</textarea>') == []


def _walked() -> list[str]:
    return sorted(name for name in set(url_names(get_resolver().url_patterns)) if name.split(":")[0]
                  not in LEFT_OUT_NAMESPACES)


def _path(name: str, world: World) -> str:
    ids = IDS[name](world) if name in IDS else PAGES[name].ids(world) if name in PAGES else {}
    try:
        return reverse(name, kwargs=ids)
    except NoReverseMatch:
        pytest.fail(f"{name} needs ids: give it a Page in the form walk's PAGES, or ids in IDS here")


@pytest.mark.parametrize("role", ROLES)
def test_no_page_answers_hostile_text_with_an_error_or_its_markup(hostile, role):
    client = Client(raise_request_exception=False)  # a server error is what the walk is looking for
    headers = {}
    if role != "signed out":
        person = hostile.people[role]
        client.force_login(person)
        headers = {"Authorization": f"Bearer {api_token_create(user=person, name='The walk')[1]}"}
    problems, shown = [], 0
    for name in _walked():
        if name == "logout":
            continue  # would end the walk's session; it shows nothing stored
        path = hostile.paths[name]
        response = client.get(path, headers=headers)
        if response.status_code >= 500:
            problems.append(f"GET {path} ({name}): {response.status_code}")
        if response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode()
            shown += "hostile()" in body
            problems += [f"GET {path} ({name}): {found}" for found in markup_from_the_payload(body)]
    assert problems == []
    # The hostile text must have been on the pages, or the walk proves nothing: most pages for the administrator,
    # some for everyone signed in, none for someone signed out.
    assert shown > {"administrator": 50, "signed out": -1}.get(role, 10), shown


def test_an_issued_board_pack_shows_the_text_it_kept_as_text(hostile):
    """The issued pack's dashboard is drawn from the copy kept when it was issued, not from the tables."""
    admin = hostile.people["administrator"]
    meeting = Meeting.objects.get(board__plan=hostile.plan)
    kept = meeting_pack_issue(meeting=meeting, by=admin, today=TODAY)
    assert "hostile()" in json.dumps(kept.data, default=str)
    client = Client()
    client.force_login(admin)
    page = client.get(hostile.paths["reports:dashboard"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "hostile()" in body and markup_from_the_payload(body) == []


def _cells_that_would_run(book) -> list[str]:
    found = []
    for sheet in book.worksheets:
        if runs_as_formula(sheet.title):
            found.append(f"sheet name {sheet.title!r}")
        for row in sheet.iter_rows():
            found += [f"{sheet.title}!{cell.coordinate}: {str(cell.value)[:30]!r}" for cell in row
                      if cell.data_type == "f" or (runs_as_formula(cell.value) and not cell.quotePrefix)]
    return found


def _csv_cells_that_would_run(body: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert len(rows) > 1
    return [repr(cell[:30]) for row in rows for cell in row if runs_as_formula(cell)]


def test_the_plans_workbook_and_csv_hold_the_text_and_no_formula(hostile):
    client = Client()
    client.force_login(hostile.people["administrator"])
    path = {"plan_pk": hostile.plan.pk}
    book = load_workbook(io.BytesIO(client.get(reverse("actions:plan_export", kwargs={**path, "fmt": "xlsx"}))
                                    .content))
    assert "hostile()" in str([cell.value for row in book.worksheets[0].iter_rows() for cell in row])
    assert _cells_that_would_run(book) == []
    listing = client.get(reverse("actions:plan_export", kwargs={**path, "fmt": "csv"})).content
    assert b"hostile()" in listing
    assert _csv_cells_that_would_run(listing) == []


def test_the_data_feed_gives_the_text_as_text_in_json_and_no_formula_in_csv(hostile):
    admin = hostile.people["administrator"]
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=admin, name='Feed')[1]}"})
    for name in API_LISTS:
        answer = client.get(reverse(f"api:{name}"), {"limit": 1000})
        assert answer.status_code == 200, name
        json.loads(answer.content)
        listing = client.get(reverse(f"api:{name}"), {"limit": 1000, "format": "csv"})
        assert listing.status_code == 200, name
        if listing.content.count(b"\n") > 1:
            assert _csv_cells_that_would_run(listing.content) == [], name
    action = hostile.world.action
    action.refresh_from_db()
    one = json.loads(client.get(reverse("api:action", args=[action.pk])).content)
    assert one["title"] == action.title and "<script>hostile()</script>" in one["title"]


def _property_lines(body: str) -> list[str]:
    """The feed's unfolded lines (a line that starts with a space continues the one before)."""
    return body.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


@pytest.mark.parametrize("feed", ["inspections:my_feed", "inspections:inspection_feed"])
def test_a_line_break_in_a_calendar_feed_stays_inside_its_property(hostile, feed):
    body = Client().get(hostile.paths[feed]).content.decode()
    events = Calendar.from_ical(body).walk("VEVENT")
    assert events, "the world's milestones should be in the feed"
    for event in events:
        assert "hostile()" in str(event["SUMMARY"])
        assert "BCC" not in event and isinstance(event["DTSTART"].dt, date)
    lines = _property_lines(body)
    assert not [line for line in lines if line.upper().startswith(("DTSTART:2030", "BCC"))]
    assert all(line == "" or line.split(":")[0].split(";")[0].replace("-", "").isalnum() for line in lines)


def _file_name(disposition: str) -> str:
    if "filename*=utf-8''" in disposition:
        return unquote(disposition.split("filename*=utf-8''", 1)[1])
    return disposition.split('filename="', 1)[1].rstrip('"')


def _safe_file_name(disposition: str) -> bool:
    """No line break, control character or direction mark in the name a browser saves the file under."""
    return not any(unicodedata.category(char).startswith("C") for char in _file_name(disposition))


def test_an_evidence_file_is_downloaded_under_a_safe_name(hostile):
    client = Client()
    client.force_login(hostile.people["administrator"])
    download = client.get(hostile.paths["actions:evidence_file"])
    assert download.status_code == 200
    assert _safe_file_name(download["Content-Disposition"]), download["Content-Disposition"]


class AskedFor:
    """Every address the papers' fetcher is asked for, in this test."""

    urls: list[str] = []


@pytest.fixture
def fetches(monkeypatch) -> list[str]:
    real = paper_pdf.StaticOnlyFetcher.fetch
    AskedFor.urls = []

    def fetch(self, url, headers=None):
        AskedFor.urls.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(paper_pdf.StaticOnlyFetcher, "fetch", fetch)
    return AskedFor.urls


def _names_in(pdf: bytes) -> set[str]:
    names = set()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for item in document.objects:
            if isinstance(item, pikepdf.Dictionary):
                names |= set(item.keys())
                names |= {str(value) for value in item.values() if isinstance(value, pikepdf.Name)}
    return names


@pytest.fixture
def papers(hostile) -> list[Report]:
    """A committee report of every kind, started before its words were made hostile, then approved and issued."""
    inspection, admin = hostile.plan.inspection, hostile.people["administrator"]
    templates = area_templates(inspection.area)
    meeting = Meeting.objects.get(board__plan=hostile.plan)
    made = [report_start(template=templates[kind], inspection=inspection, by=admin, meeting_on=date(2026, 4, 1),
                         data_on=date(2026, 3, 1), today=TODAY, meeting=meeting if kind == "board" else None)
            for kind in sorted(DEFAULTS)]
    hostile_everywhere()
    for paper in made:
        paper.refresh_from_db()
        paper.title_values = {key: hostile_text("@", key) for key in paper.title_fields}
        paper.save(update_fields=["title_values"])
        report_approve(report=paper, by=admin, role_words=hostile_text("-"), expected_version=None)
    return made


def test_every_kind_of_report_prints_the_text_as_text_in_a_pdf_without_script(hostile, papers, fetches):
    client = Client()
    client.force_login(hostile.people["administrator"])
    for paper in papers:
        with TestCase.captureOnCommitCallbacks(execute=True):  # the task that draws it
            issue = report_issue(report=paper, by=hostile.people["administrator"])
        issue.refresh_from_db()
        assert issue.status == IssuedReport.Status.DONE, issue.failure
        download = client.get(reverse("reports:issue_download", args=[paper.pk, issue.number]))
        assert _safe_file_name(download["Content-Disposition"]), download["Content-Disposition"]
        pdf = b"".join(download.streaming_content)
        # Once a page holds an emoji, WeasyPrint writes two-byte character codes, which pypdf reads back as pairs
        # of characters (poppler reads them right); the first of each pair is a NUL for the Latin letters.
        printed = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        printed = printed.replace("\x00", "").replace("\n", "")
        assert "<script>hostile()</script>" in printed, paper.kind
        assert {"/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch"} & _names_in(pdf) == set(), paper.kind
    assert fetches, "the papers' stylesheet should have been asked for"
    assert [url for url in fetches if not url.startswith((f"{PAPER_ORIGIN}/static/", "data:"))] == []
    assert not [url for url in fetches if CANARY_HOST in url]
