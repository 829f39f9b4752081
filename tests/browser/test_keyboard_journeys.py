"""Journeys on the demo data with the keyboard alone: Tab (and Shift+Tab) to move, Enter and Space to press,
arrows to choose, typing into boxes. Each element reached shows the focus, in the focus colour.

An officer posts this month's update; the chair opens the next meeting's dashboard and looks at it on a past
day; democratic services reopen the issued cabinet report, rewrite a section, preview, approve and issue it, and
download its PDF.
"""
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from wsoa.fields import LONG_TEXT_MAX_LENGTH

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-for-tests"
TODAY = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/London"))
PRESSES = 150  # more Tabs than any page here needs to reach anything on it
# Whether the focused element shows the focus: GOV.UK Frontend draws it in its focus colour, as an outline, a
# shadow or a background (for radios and check boxes, on the box drawn before the label). The answer is what
# is wrong, or "".
FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing has the focus';
    const drawn = [getComputedStyle(el)];
    if (el.matches('.govuk-radios__input, .govuk-checkboxes__input') && el.labels.length)
        drawn.push(getComputedStyle(el.labels[0], '::before'));
    const yellow = 'rgb(255, 221, 0)';
    const shown = drawn.some(s => (s.outlineStyle !== 'none' && s.outlineColor === yellow)
        || s.boxShadow.includes(yellow) || s.backgroundColor === yellow);
    const box = (el.labels && el.labels.length ? el.labels[0] : el).getBoundingClientRect();
    const name = el.tagName + ' ' + (el.name || el.textContent || '').trim().slice(0, 60);
    if (!box.width || !box.height) return name + ' has the focus but is not on the screen';
    return shown ? '' : name + ' has the focus but does not show it';
}"""


@pytest.fixture
def demo(transactional_db, monkeypatch, settings, tmp_path):
    from wsoa.celery import app

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    monkeypatch.setitem(app.conf, "task_always_eager", True)  # issuing draws the PDF in-process
    with time_machine.travel(TODAY, tick=True):
        call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
        yield


def tab_to(page, target, *, key: str = "Tab") -> None:
    """Press Tab (or ``key``: Shift+Tab to go back) until ``target`` (a locator, or a CSS selector that the
    focused element matches) has the focus, checking at every stop that the focus shows."""
    if isinstance(target, str):
        page.locator(target).first.wait_for(state="attached")
        reached = lambda: page.evaluate("(css) => document.activeElement.matches(css)", target)  # noqa: E731
    else:
        target.wait_for(state="attached")
        reached = lambda: target.evaluate("el => el === document.activeElement")  # noqa: E731
    for _ in range(PRESSES):
        page.keyboard.press(key)
        problem = page.evaluate(FOCUS_SHOWN)
        assert not problem, problem
        if reached():
            return
    raise AssertionError(f"{target} is not reached with {key}")


def press_enter(page, target=None) -> None:
    """Tab to a link or button (or stay on what has the focus) and press Enter on it; the next page has loaded."""
    if target is not None:
        tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")


def type_into(page, box, words: str) -> None:
    tab_to(page, box)
    page.keyboard.type(words)


def sign_in_by_keyboard(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    type_into(page, page.get_by_label("E-mail address"), email)
    type_into(page, page.get_by_label("Password"), PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/"


def test_an_officer_posts_a_monthly_update_with_the_keyboard(page, live_server, demo):
    sign_in_by_keyboard(page, live_server, "officer@demo.example.org")
    # The first Tab reaches the skip link, which Enter follows to the page's main content.
    tab_to(page, page.get_by_role("link", name="Skip to main content"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    press_enter(page, page.locator("main").get_by_role("link", name="Update your actions"))
    update = page.get_by_role("link", name=re.compile("^Post update for action")).first
    reference = re.search(r"action (\S+)$", update.inner_text()).group(1)
    press_enter(page, update)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Update:")

    # The rating it has now, chosen with the arrow keys: Tab reaches the group (its chosen radio, or the first
    # when none is), Space chooses, the arrows move the choice.
    now = page.locator("p", has_text="Rating now:").locator(".govuk-tag").inner_text().split("–")[0].strip()
    tab_to(page, "input[name=rating]")
    for _ in range(page.locator("input[name=rating]").count()):
        checked = page.locator("input[name=rating]:checked")
        if checked.count() and checked.evaluate("el => el.labels[0].textContent").strip().startswith(now):
            break
        page.keyboard.press("ArrowDown" if checked.count() else "Space")
    type_into(page, page.get_by_label("What progress was made?"), "The panel met twice; audits are on time.")
    press_enter(page, page.get_by_role("button", name="Save update"))

    assert page.locator(".govuk-error-summary").count() == 0
    saved = f"Your update for March 2026 on action {re.escape(reference)} is saved"
    assert page.get_by_text(re.compile(saved)).is_visible()


def test_a_chair_opens_the_meeting_dashboard_and_moves_to_a_past_day_with_the_keyboard(page, live_server, demo):
    sign_in_by_keyboard(page, live_server, "chair@demo.example.org")
    press_enter(page, page.locator("header, nav").get_by_role("link", name="Dashboards").first)
    press_enter(page, page.get_by_role("link", name="Dashboard for the next meeting").first)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Dashboard for the meeting on")
    assert page.get_by_text("The plan as it stands today").is_visible()

    # The day picker is folded away in a details element: Enter opens it.
    tab_to(page, page.locator("summary", has_text="See the dashboard on another day"))
    page.keyboard.press("Enter")
    assert page.locator("details.govuk-details").first.get_attribute("open") is not None
    for label, value in (("Day", "2"), ("Month", "2"), ("Year", "2026")):
        type_into(page, page.get_by_role("group").get_by_label(label, exact=True).first, value)
    press_enter(page, page.get_by_role("button", name="See the dashboard on this day"))

    assert "on=2026-02-02" in page.url
    then = "The plan as it stood at the end of Monday 2 February 2026"
    assert page.locator("p.govuk-body-l", has_text=then).is_visible()



def test_democratic_services_rewrite_a_cabinet_report_section_and_issue_it_with_the_keyboard(page, live_server, demo):
    from reports.models import ReportSection

    # A long section, just under the limit as it is kept (one character a line break); the browser sends each
    # line break as two.
    paragraph = "The partnership consulted families, schools and health services on the plan's progress."
    long_text = "\n\n".join([paragraph] * 200)[:LONG_TEXT_MAX_LENGTH - 60].rstrip()
    ReportSection.objects.filter(report__kind="cabinet", heading="Consultations").update(text=long_text)
    sign_in_by_keyboard(page, live_server, "democratic@demo.example.org")
    press_enter(page, page.locator("header, nav").get_by_role("link", name="Reports").first)
    press_enter(page, page.locator("tr", has_text="Cabinet report").get_by_role("link").first)
    # The demo's cabinet report is issued: a change starts a new version.
    press_enter(page, page.get_by_role("button", name="Reopen for a new version"))
    press_enter(page, page.get_by_role("link", name="Write Consultations"))

    text = page.get_by_label("Text")
    tab_to(page, text)
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\nThe schools forum was consulted too.")
    # Past the button to Cancel, and back.
    tab_to(page, page.locator("main").get_by_role("link", name="Cancel"))
    tab_to(page, page.get_by_role("button", name="Save"), key="Shift+Tab")
    press_enter(page)
    errors = page.locator(".govuk-error-summary")
    assert errors.count() == 0, errors.inner_text()
    assert page.get_by_text("“Consultations” is saved.").is_visible()
    saved = ReportSection.objects.get(report__kind="cabinet", heading="Consultations").text
    assert saved == long_text + "\n\nThe schools forum was consulted too."

    press_enter(page, page.get_by_role("link", name="Preview the whole report"))
    assert page.get_by_text("The schools forum was consulted too.").is_visible()
    press_enter(page, page.get_by_role("link", name="Back to the report"))
    type_into(page, page.get_by_label("You approve this report as"), "Head of democratic services")
    press_enter(page)  # in the box: sends its form
    assert page.get_by_text("The report is approved").is_visible()
    press_enter(page, page.get_by_role("button", name="Issue the report as version 2"))

    if page.get_by_role("link", name="Refresh the page").count():
        press_enter(page, page.get_by_role("link", name="Refresh the page"))
    download = page.get_by_role("link", name="Download the PDF of version 2")
    tab_to(page, download)
    with page.expect_download() as pdf:
        page.keyboard.press("Enter")
    assert pdf.value.suggested_filename.endswith("(version 2).pdf")
