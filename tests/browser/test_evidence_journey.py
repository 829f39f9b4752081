"""The demo's subgroup lead adds a file and a link as evidence to two actions, finds both on the weakness's
evidence page and downloads the file; the neighbouring area's officer cannot fetch it."""
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from actions.demo import _demo_pdf
from actions.models import Action, EvidenceItem
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo(transactional_db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_SCAN_COMMAND = ""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
    return {reference: Action.objects.get(plan__inspection__area__name="Demo Borough", reference=reference)
            for reference in ("1.3", "1.5")}


def _fill_the_date(page, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name="Date of the evidence")
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_the_subgroup_lead_adds_a_file_and_a_link_and_inspectors_can_follow_them(page, live_server, demo, tmp_path):
    minutes = tmp_path / "Health advice returns – audit.pdf"
    minutes.write_bytes(_demo_pdf("Health advice returned within six weeks: 96%"))
    sign_in(page, live_server, "lead@demo.example.org", DEMO_PASSWORD)

    # A file, from action 1.3 (complete, with no evidence yet).
    page.goto(f"{live_server.url}/plan/actions/{demo['1.3'].pk}/")
    page.get_by_role("button", name="Add evidence for action 1.3").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Add evidence"
    assert axe_violations(page) == []
    page.get_by_label("Or upload a file").set_input_files(str(minutes))
    page.get_by_label("Title").fill("Health advice returns audit")
    _fill_the_date(page, "3", "11", "2026")
    page.get_by_label("Case audit").check()
    page.get_by_label("What it shows (optional)").fill("96% of health advice came back within six weeks.")
    page.get_by_role("button", name="Add the evidence").click()
    assert page.get_by_text("The evidence “Health advice returns audit” is added.").is_visible()
    assert page.get_by_role("link", name="Health advice returns audit").is_visible()

    # A link, from action 1.5.
    page.goto(f"{live_server.url}/plan/actions/{demo['1.5'].pk}/")
    page.get_by_role("button", name="Add evidence for action 1.5").click()
    page.get_by_label("Web address").fill("https://intranet.example.org/send/social-care-advice-tracker")
    page.get_by_label("Title").fill("Social care advice tracker")
    _fill_the_date(page, "10", "11", "2026")
    page.get_by_label("Data", exact=True).check()
    page.get_by_role("button", name="Add the evidence").click()
    assert page.get_by_text("The evidence “Social care advice tracker” is added.").is_visible()

    # Both on the weakness's page, from the plan's overview, newest first, each saying what it supports.
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("link", name="Evidence for area of significant weakness 1").click()
    evidence = page.locator(".app-evidence-list").first
    titles = evidence.locator(".app-evidence-item a.govuk-link").all_inner_texts()
    assert titles.index("Social care advice tracker") < titles.index("Health advice returns audit")
    assert evidence.get_by_role("link", name="action 1.3").is_visible()
    assert evidence.get_by_role("link", name="action 1.5").is_visible()
    assert page.get_by_text("Added by Sam Okafor").first.is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "weakness-evidence.png"), full_page=True)

    page.get_by_label("Kind of evidence").select_option("case_audit")
    page.get_by_role("button", name="Show evidence").click()
    assert page.get_by_role("link", name="Health advice returns audit").is_visible()
    assert page.get_by_role("link", name="Social care advice tracker").count() == 0

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Health advice returns audit").click()
    download = downloading.value
    assert download.suggested_filename == "Health advice returns – audit.pdf"
    assert Path(download.path()).read_bytes() == minutes.read_bytes()

    item = EvidenceItem.objects.get(title="Health advice returns audit")
    file_url = f"{live_server.url}/plan/evidence/{item.pk}/file/"
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "officer@neighbour.example.org", DEMO_PASSWORD)
    response = page.request.get(file_url)
    assert response.status == 404
    assert b"%PDF" not in response.body()
