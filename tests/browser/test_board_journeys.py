"""A subgroup lead chases an update and submits the report they owe the board; the chair then reads it.

On the demo data, in Chromium, by keyboard (links and buttons are focused and pressed with Enter), on a phone,
with axe on every page.
"""
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from governance.models import SubgroupReport
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-for-tests"
# A Tuesday in term time: the demo is built back from this day, and the clock runs on from it.
TODAY = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def demo(transactional_db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    with time_machine.travel(TODAY, tick=True):
        call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
        yield


def press(page, locator) -> None:
    """Reach a link or button from the keyboard and press Enter on it."""
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")


def fits_the_screen(page) -> bool:
    wide = page.evaluate("""(width) => [...document.querySelectorAll('body *')]
        .filter(e => !(e.parentElement && e.parentElement.closest('.app-table-scroll')))
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40))""",
        page.viewport_size["width"])
    assert not wide, wide
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_subgroup_lead_chases_an_update_and_submits_a_report_the_chair_reads(phone_page, live_server, demo):
    page = phone_page
    sign_in(page, live_server, "lead@demo.example.org", PASSWORD)
    assert page.get_by_role("heading", name="Your subgroups").is_visible()
    assert page.get_by_role("heading", name="Reports you owe the board").is_visible()
    assert axe_violations(page) == [] and fits_the_screen(page)

    # Who still owes this month's update, and one reminder to them.
    press(page, page.locator("a[href^='/plan/subgroups/']").first)
    assert page.get_by_role("heading", name="Updates still owed for March 2026").is_visible()
    assert axe_violations(page) == [] and fits_the_screen(page)
    button = page.get_by_role("button", name=re.compile(r"^Send a reminder to ")).first
    person = " ".join(button.inner_text().split()).removeprefix("Send a reminder to ")
    press(page, button)
    assert page.get_by_text(re.compile(f"Reminder sent to {re.escape(person)} about \\d+ actions?")).is_visible()
    assert page.get_by_text(re.compile(r"Reminded today by ")).first.is_visible()
    assert page.get_by_role("button", name=f"Send a reminder to {person}").count() == 0  # once a day
    [email] = [message for message in mail.outbox if "Reminder from" in message.subject]
    assert "March 2026" in email.subject

    # The report owed for the next meeting: written, then submitted.
    page.goto(f"{live_server.url}/")
    owed = page.locator("#reports-owed ~ div table a").first
    press(page, owed)
    report_id = int(re.search(r"/governance/reports/(\d+)/", page.url).group(1))
    assert axe_violations(page) == [] and fits_the_screen(page)
    summary = "Timeliness is up for the third month; the backlog of annual reviews is the risk we bring to you."
    page.get_by_label("Summary").fill(summary)
    press(page, page.get_by_role("button", name="Submit to the board"))
    assert page.get_by_text(summary).is_visible()
    assert axe_violations(page) == []
    report = SubgroupReport.objects.get(pk=report_id)
    assert report.status == SubgroupReport.Status.SUBMITTED
    page.get_by_role("button", name="Sign out").click()

    # The chair sees it on the meeting's page.
    sign_in(page, live_server, "chair@demo.example.org", PASSWORD)
    page.goto(f"{live_server.url}/governance/meetings/{report.meeting_id}/")
    assert axe_violations(page) == [] and fits_the_screen(page)
    read = page.locator(f"a[href='/governance/reports/{report.pk}/']")
    assert read.inner_text().startswith("Read")
    press(page, read)
    assert page.get_by_text(summary).is_visible()
    assert axe_violations(page) == []

    # The meeting's dashboard has it too; then the same dashboard six months back, picked by keyboard.
    page.goto(f"{live_server.url}/dashboards/")
    press(page, page.locator(f"a[href='/dashboards/meetings/{report.meeting_id}/']").first)
    for heading in ("Ratings", "Overdue and due soon", "Impact measures", "Spotlight"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible(), heading
    assert page.get_by_text(summary).first.is_visible()
    assert axe_violations(page) == [] and fits_the_screen(page)
    page.locator("summary", has_text="See the dashboard on another day").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Day", exact=True).fill("10")
    page.get_by_label("Month", exact=True).fill("9")
    page.get_by_label("Year", exact=True).fill("2025")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "on=2025-09-10" in page.url
    assert page.get_by_text("You are looking at the plan as it stood at the end of").is_visible()
    assert axe_violations(page) == [] and fits_the_screen(page)
