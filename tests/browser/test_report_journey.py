"""Democratic services in a real browser: write the demo's draft scrutiny report, approve it, issue it and find
its PDF on the page; the report pages have no serious or critical axe violations."""
import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_democratic_services_write_approve_and_issue_a_scrutiny_report(page, live_server, transactional_db,
                                                                       monkeypatch):
    from wsoa.celery import app

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    # Issuing draws the PDF in-process, as the embedded default does (whatever an earlier test left in the app).
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
    sign_in(page, live_server, "democratic@demo.example.org", "demo-password-for-tests")
    page.goto(f"{live_server.url}/reports/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="scrutiny committee report").click()
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    while page.get_by_text("Not written yet").count():
        page.locator("dd", has=page.get_by_text("Not written yet")).locator("xpath=..").get_by_role(
            "link", name="Write").first.click()
        assert axe_violations(page) == []
        page.get_by_label("Text").fill("The committee is asked to note this.\n\n- **One** point\n- Another")
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state("networkidle")
    page.get_by_label("You approve this report as").fill("Head of democratic services")
    page.get_by_role("button", name="Approve the report").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("The report is approved").is_visible()
    page.get_by_role("button", name="Issue the report").click()
    page.wait_for_load_state("networkidle")
    page.reload()
    assert page.get_by_role("link", name="Download the PDF").is_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.endswith("(version 1).pdf")
