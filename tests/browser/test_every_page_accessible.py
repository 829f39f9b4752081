"""Every page of the service, opened in Chromium on the demo data and checked with axe-core: no serious or
critical violation anywhere.

The walk is built from the URL resolver with the ids the area isolation walk uses, so a new URL pattern fails
the test until it is opened here (as someone who may open it), listed among the answers that are not pages, or
left out with a reason. The pages that differ by role are opened as every demo person; the error pages a person
meets (not found, refused, a form sent empty) are checked too.
"""
import io
import time
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from actions.models import Action
from actions.tasks import plan_sheet_read
from api.services import api_token_create
from inspections.feeds import calendar_token_renew
from inspections.models import DeadlineRuleSetting, Inspection, LocalArea
from inspections.tasks import letter_read
from tests.browser.conftest import axe_violations, sign_in
from tests.inspections.test_deadlines_command import store_default_rules
from tests.wsoa.test_area_isolation import HOME, NEIGHBOUR, PAGES_WITHOUT_IDS, _ids_in, _url_names
from wsoa.models import User

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-for-tests"
TODAY = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/London"))
ADMIN, OFFICER, LEAD = "admin@demo.example.org", "officer@demo.example.org", "lead@demo.example.org"
CHAIR, CLERK, ADVISER = "chair@demo.example.org", "democratic@demo.example.org", "adviser@region.example.org"
BOTH_AREAS = "priya.shah@icb.example.org"
NEIGHBOURS_ADMIN = "admin@neighbour.example.org"
SUPERUSER, NOBODY = "national@example.org", ""  # NOBODY: not signed in
ROLES = (OFFICER, LEAD, CHAIR, CLERK, ADMIN, ADVISER, BOTH_AREAS)

# Pages opened by someone other than the area's administrator, because only they may open them (or see them as
# their users do).
OPENED_AS = {
    **dict.fromkeys(("login", "password_reset", "password_reset_done", "password_reset_complete",
                     "password_reset_confirm", "sso_refused"), NOBODY),
    "actions:progress_update": OFFICER,
    "actions:plan_create": NEIGHBOURS_ADMIN,
    "actions:my_actions": OFFICER,
    "inspections:rule_edit": SUPERUSER,
    **dict.fromkeys(("reports:report_title", "reports:report_section"), CLERK),
}
# What a page answers when it is what it should be, where that is not 200.
STATUS = {"sso_refused": 403, "the page-not-found page": 404, "the refusal page": 403}
# Links that lead to their page through a redirect: the password reset link keeps its token in the session.
FOLLOWED = {"password_reset_confirm"}
# Pages whose content differs by role: opened as every demo person.
ROLE_VIEWS = ("home", "actions:index", "actions:plan", "actions:action", "reports:dashboards", "reports:dashboard")

# Answers that are not pages, by the type of what they answer: checked to be that, not given to axe.
JSON, XLSX = "application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_PAGES = {
    "health": JSON,
    "actions:plan_export": (XLSX, "text/csv"),
    "inspections:my_feed": "text/calendar",
    "inspections:inspection_feed": "text/calendar",
    "reports:issue_download": "application/pdf",
    "reports:issue_status": JSON,
    "actions:evidence_file": "the file as uploaded",
    "api:api-root": "a redirect",  # to the feed's documentation
    **{f"api:{name}": JSON for name in (
        "areas", "inspections", "milestones", "weaknesses", "plans", "strands", "actions", "action",
        "progress_updates", "rating_events", "measures", "readings", "evidence", "openapi-json")},
}
# Buttons: a POST to them changes something and goes back to a page the walk opens (a GET is refused, 405).
BUTTONS = {
    "logout", "email_send_again", "person_active", "membership_remove", "actions:subgroup_chase",
    "inspections:milestone_met",
    "governance:member_remove", "governance:action_arising_status",
    "reports:dashboard_issue", "reports:report_approve", "reports:report_issue", "reports:report_reopen",
    "reports:issue_retry", "reports:template_copy", "reports:template_section_move",
    "reports:template_section_remove", "api_tokens:revoke", "actions:plan_import_confirm",
    "actions:plan_import_ratings",
}
LEFT_OUT = {
    "sso_start": "sends the person to the single sign-on provider (tests/wsoa/test_sso.py)",
    "sso_callback": "where the single sign-on provider sends the person back: a redirect (tests/wsoa/test_sso.py)",
    "api:openapi-view": "the data feed's documentation, drawn by its generator's script for developers",
    "invitation_accept": "opened from a new person's invitation e-mail in tests/browser/test_people_journey.py",
    "inspections:letter_review": "needs a letter read first: checked in tests/browser/test_inspection_journey.py",
    "actions:plan_import_preview": "needs a sheet read first: checked in tests/browser/test_plan_import.py",
}
# Pages shown only while a background task reads an upload (with the tasks run in-process, a person goes straight
# past them): the walk uploads a file with the reading held back, and checks the page that waits for it.
# Pattern -> the upload page, its file box's label, and a file to send.
READ_IN_BACKGROUND = {
    "inspections:letter_progress": ("inspections:letter_upload", "Upload the outcome letter",
                                    ("letter.txt", "text/plain", b"Local area SEND inspection letter.\n")),
    "actions:plan_import_progress": ("actions:plan_import", "Upload the spreadsheet",
                                     ("plan.csv", "text/csv", b"Ref,Action,RAG\n1.1,An action,Green\n")),
}
# Forms sent empty (or emptied), as the person who fills them: the page with its errors is checked.
EMPTY_FORMS = [
    (NOBODY, "login"),
    (OFFICER, "actions:progress_update"),
    (ADMIN, "actions:action_create"),
    (ADMIN, "inspections:create"),
    (ADMIN, "person_invite"),
    (ADMIN, "governance:board_create"),
    (ADMIN, "actions:measure_create"),
    (ADMIN, "actions:action_evidence_add"),
    (CLERK, "reports:report_title"),
    (ADMIN, "governance:meeting_edit"),
    (ADMIN, "governance:agenda_item_add"),
    (ADMIN, "governance:decision_add"),
    (ADMIN, "governance:action_arising_add"),
    (ADMIN, "governance:member_add"),
    (ADMIN, "inspections:partner_add"),
    (ADMIN, "inspections:closure_add"),
    (ADMIN, "inspections:approval_add"),
    (ADMIN, "inspections:weakness_judgement"),
    (ADMIN, "actions:strand_edit"),
    (ADMIN, "actions:plan_settings"),
    (ADMIN, "actions:measure_readings"),
    (ADMIN, "person_role_add"),
    (ADMIN, "api_tokens:list"),
    (ADMIN, "reports:template_section_add"),
    (ADMIN, "reports:report_start"),
    (ADMIN, "actions:plan_import"),
]


@pytest.fixture
def demo(transactional_db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    store_default_rules()  # the deadline rules the migration seeds: an earlier transactional test may have flushed them
    with time_machine.travel(TODAY, tick=True):
        call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
        yield


def _urls() -> dict[str, list[str]]:
    """Every URL of the walk, by pattern name."""
    area = LocalArea.objects.get(name=HOME)
    token = calendar_token_renew(user=User.objects.get(email=OFFICER)).token
    clerk = User.objects.get(email=CLERK)
    urls = {name: [reverse(name, kwargs=ids) for ids in sets] for name, sets in _ids_in(area, token=token).items()}
    urls["inspections:rule_edit"] = [reverse("inspections:rule_edit", args=[DeadlineRuleSetting.objects.first().pk])]
    urls["inspections:my_feed"] = [reverse("inspections:my_feed", kwargs={"token": token})]
    urls["password_reset_confirm"] = [reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(clerk.pk)), "token": default_token_generator.make_token(clerk)})]
    for name in PAGES_WITHOUT_IDS - set(urls) - set(LEFT_OUT):
        try:
            urls[name] = [reverse(name)]
        except NoReverseMatch:
            continue  # a page that takes a token: it has to be given one here, or left out
    # The demo's first action has its lead; the neighbour's inspection has no plan yet.
    home = Action.objects.filter(plan__inspection__area=area).order_by("pk")
    urls["actions:action_lead_invite"] = [reverse("actions:action_lead_invite", args=[home.filter(
        lead_officer=None).first().pk])]
    urls["actions:progress_update"] = [reverse("actions:progress_update", args=[home.filter(
        lead_officer__email=OFFICER).first().pk])]
    neighbours = Inspection.objects.get(area__name=NEIGHBOUR)
    urls["actions:plan_create"] = [reverse("actions:plan_create", kwargs={"inspection_pk": neighbours.pk})]
    return {name: addresses for name, addresses in urls.items() if name not in LEFT_OUT}


class Walk:
    """One signed-in browser tab per person, kept for the whole walk, and what went wrong on the way."""

    def __init__(self, browser, live_server, feed_token: str):
        self.browser, self.live_server, self.base = browser, live_server, live_server.url
        self.feed = {"Authorization": f"Bearer {feed_token}"}
        self.tabs, self.problems, self.checked = {}, [], 0

    def tab(self, email: str):
        if email not in self.tabs:
            context = self.browser.new_context(locale="en-GB", timezone_id="Europe/London")
            tab = context.new_page()
            tab.set_default_timeout(15_000)
            if email:
                sign_in(tab, self.live_server, email, PASSWORD)
            self.tabs[email] = tab
        return self.tabs[email]

    def close(self) -> None:
        for tab in self.tabs.values():
            tab.context.close()

    def check(self, tab, what: str) -> None:
        """axe-core on the page the tab shows, and its title is words (a block left open in a template pours
        markup into it, which axe-core does not see)."""
        self.checked += 1
        if "<" in tab.title():
            self.problems.append(f"{what}: the title has markup in it: {tab.title()[:80]}")
        for violation in axe_violations(tab):
            self.problems.append(f"{what}: {violation['impact']} {violation['id']} at {violation['nodes'][:3]}")

    def page(self, email: str, url: str, what: str, *, status: int = 200, follow: bool = False) -> str:
        """Open the page and check it, when it is the page it should be (asked first without a browser's
        navigation, which cannot show an answer without a body); what was wrong with it, or ""."""
        tab = self.tab(email)
        answer = tab.context.request.get(self.base + url, max_redirects=1 if follow else 0)
        kind = answer.headers.get("content-type", "")
        if answer.status != status or not kind.startswith("text/html"):
            return (f"{what} answers {answer.status} {kind} {answer.headers.get('location', '')} as "
                    f"{email or 'nobody'}: give it someone who may open it in OPENED_AS, or list it in NOT_PAGES "
                    "or BUTTONS")
        tab.goto(self.base + url)
        self.check(tab, what)
        return ""

    def pattern(self, name: str, email: str, urls: list[str]) -> None:
        """The pattern's pages. Of several ids, one may lead elsewhere (a submitted report's edit page goes
        back to the report): the pattern needs one page that opens."""
        wrong = [self.page(email, url, f"{name} ({url})", status=STATUS.get(name, 200), follow=name in FOLLOWED)
                 for url in urls]
        if all(wrong):
            self.problems += wrong

    def not_a_page(self, email: str, url: str, name: str) -> None:
        """A button refuses a GET; any other answer is of the type NOT_PAGES gives (the feed's with a token)."""
        answer = self.tab(email).context.request.get(self.base + url, max_redirects=0, headers=self.feed)
        kind = answer.headers.get("content-type", "")
        expected = NOT_PAGES.get(name, "a refused GET")
        if expected == "a refused GET":
            right = answer.status == 405
        elif expected == "a redirect":
            right = answer.status == 302
        elif expected == "the file as uploaded":
            right = answer.status == 200 and not kind.startswith("text/html")
        else:
            right = answer.status == 200 and kind.startswith(expected)
        if not right:
            self.problems.append(f"{name} ({url}) answers {answer.status} {kind} as {email}, not {expected}: "
                                 "move it to the table it belongs in")


def _empty_form(walk: Walk, email: str, name: str, url: str) -> None:
    """Send the form with its boxes emptied, as a person who gives up half way would."""
    tab = walk.tab(email)
    tab.goto(walk.base + url)
    form = tab.locator("main form:has(.govuk-form-group)").first
    if not form.count():
        walk.problems.append(f"{name}: no form to send at {tab.url}")
        return
    form.locator("input[type=text], input[type=email], input[type=password], textarea").evaluate_all(
        "boxes => boxes.forEach(box => { box.value = ''; })")
    with tab.expect_navigation():
        form.locator("button[type=submit]").last.click()
    if not tab.locator(".govuk-error-summary").count():
        walk.problems.append(f"{name} sent empty shows no error summary")
    walk.check(tab, f"{name} sent empty")


def _left_reading(walk: Walk, held_back, name: str, url: str, label: str, file: tuple[str, str, bytes]) -> None:
    """Upload the file as the area's administrator, with its reading held back: the page that waits for it is
    checked; then the file is read, and the page moves on by itself to what was read."""
    waiting: list[tuple] = []  # (task, upload id): what the worker would have been sent
    for task in (letter_read, plan_sheet_read):
        held_back.setattr(task, "delay_on_commit", lambda upload_pk, task=task: waiting.append((task, upload_pk)))
    tab = walk.tab(ADMIN)
    tab.goto(walk.base + url)
    filename, kind, data = file
    tab.get_by_label(label).set_input_files({"name": filename, "mimeType": kind, "buffer": data})
    with tab.expect_navigation():
        tab.locator("main form button[type=submit]").last.click()
    if resolve(urlsplit(tab.url).path).view_name != name:
        walk.problems.append(f"{name}: uploading {filename} on {url} led to {tab.url}, not the waiting page")
        return
    walk.check(tab, name)
    for task, upload_pk in waiting:
        task(upload_pk)  # as the worker would: the page's script notices and moves on
    try:
        tab.wait_for_url(lambda address: resolve(urlsplit(address).path).view_name != name, timeout=15_000)
    except PlaywrightTimeout:
        walk.problems.append(f"{name}: the file was read, but the page did not move on by itself")


def test_every_page_has_no_serious_or_critical_accessibility_violations(browser, live_server, demo, monkeypatch):
    started = time.monotonic()
    User.objects.create_superuser(SUPERUSER, PASSWORD)
    urls = _urls()
    feed_token = api_token_create(user=User.objects.get(email=ADMIN), name="The accessibility walk")[1]
    unknown = (set(NOT_PAGES) | BUTTONS | set(LEFT_OUT) | set(OPENED_AS) | set(READ_IN_BACKGROUND)) - set(
        _url_names())
    assert unknown == set(), "these patterns no longer exist: take them out of this walk's tables"
    missing = set(_url_names()) - set(urls) - set(LEFT_OUT)
    assert missing == set(), (
        f"{sorted(missing)} have no page in the walk: give each its ids in tests/wsoa/test_area_isolation.py, "
        "or say why it is left out in LEFT_OUT here")
    walk = Walk(browser, live_server, feed_token)
    try:
        for name, addresses in sorted(urls.items()):
            email = OPENED_AS.get(name, ADMIN)
            if name in NOT_PAGES or name in BUTTONS:
                for url in addresses:
                    walk.not_a_page(email, url, name)
            elif name not in ROLE_VIEWS and name not in READ_IN_BACKGROUND:
                walk.pattern(name, email, addresses)
        for name in ROLE_VIEWS:
            for email in ROLES:
                walk.pattern(f"{name} as {email}", email, urls[name][:1])
        walk.pattern("the page-not-found page", ADMIN, ["/no-such-page/"])
        walk.pattern("the refusal page", OFFICER, urls["actions:plan_settings"])
        for email, name in EMPTY_FORMS:
            _empty_form(walk, email, name, urls[name][0])
        with monkeypatch.context() as held_back:  # the uploads stay unread until the walk reads them
            for name, (upload_page, label, file) in READ_IN_BACKGROUND.items():
                _left_reading(walk, held_back, name, urls[upload_page][0], label, file)
    finally:
        walk.close()
    seconds = time.monotonic() - started
    pages = set(urls) - set(NOT_PAGES) - BUTTONS
    print(f"{len(_url_names())} URL patterns: {len(pages)} pages, {len(NOT_PAGES)} other answers, {len(BUTTONS)} "
          f"buttons, {len(LEFT_OUT)} left out; {len(ROLE_VIEWS) * len(ROLES)} role views; axe-core run "
          f"{walk.checked} times in {seconds:.0f} s")
    assert walk.problems == []

