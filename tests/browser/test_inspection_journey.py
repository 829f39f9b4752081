"""An administrator imports Barnsley's letter in a browser and sees the right deadline; pages pass axe-core."""
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, sign_in
from wsoa.roles import Role

pytestmark = pytest.mark.browser
LETTERS = Path(__file__).resolve().parents[1] / "inspections" / "fixtures" / "letters"


def test_administrator_imports_the_barnsley_letter_and_sees_the_wsoa_deadline(page, live_server, make_user, tmp_path):
    sign_in(page, live_server, make_user(Role.ADMINISTRATOR).email)
    page.goto(f"{live_server.url}/inspections/")
    page.get_by_role("button", name="Import an outcome letter").click()
    assert axe_violations(page) == []
    page.get_by_label("Upload the outcome letter").set_input_files(str(LETTERS / "barnsley_2021.pdf"))
    page.get_by_role("button", name="Read the letter").click()

    assert page.get_by_role("heading", name="Check what the letter says").is_visible()
    assert page.get_by_label("Local area", exact=True).input_value() == "Barnsley"
    assert "Patricia Head" in page.get_by_label("Lead inspector", exact=True).input_value()
    weaknesses = page.get_by_label("Areas of significant weakness or for priority action").input_value()
    assert weaknesses.count("\n\n") == 1  # two weaknesses, one paragraph each
    assert axe_violations(page) == []

    # Saving without the local authority names the field and keeps everything typed.
    page.get_by_role("button", name="Confirm and save").click()
    page.locator(".govuk-error-summary").wait_for(state="visible")
    page.locator(".govuk-error-summary").get_by_role("link", name="Enter the local authority").click()
    assert page.evaluate("document.activeElement.id") == "id_local_authority"
    page.get_by_label("Local authority", exact=True).fill("Barnsley Metropolitan Borough Council")
    received = page.get_by_role("group", name="Final letter received")
    received.get_by_label("Day").fill("17")
    received.get_by_label("Month").fill("11")
    received.get_by_label("Year").fill("2021")
    page.get_by_role("button", name="Confirm and save").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Barnsley: inspected 20 September")
    row = page.get_by_role("row").filter(has_text="Written Statement of Action due")
    assert "Mon 28 Feb 2022" in row.inner_text()
    row.get_by_text("How this date is worked out").click()
    assert "70 working days after the letter was received on 17 November 2021" in row.inner_text()
    assert page.get_by_role("heading", name="Areas of significant weakness").is_visible()
    assert page.locator(".govuk-summary-card").count() == 2
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "barnsley.png"), full_page=True)


def test_calendar_subscription_page_is_accessible(page, live_server, make_user):
    sign_in(page, live_server, make_user(Role.OFFICER).email)
    page.goto(f"{live_server.url}/inspections/calendar/")
    assert axe_violations(page) == []


def test_the_inspection_page_reflows_at_320_pixels_without_sideways_scrolling(browser, live_server, make_user):
    from django.utils import timezone

    from inspections.schedules import milestones_recompute
    from tests.inspections.factories import WsoaRequiredInspectionFactory

    inspection = WsoaRequiredInspectionFactory()
    milestones_recompute(inspection_id=inspection.pk, today=timezone.localdate())
    context = browser.new_context(viewport={"width": 320, "height": 640})
    narrow = context.new_page()
    try:
        sign_in(narrow, live_server, make_user(Role.ADMINISTRATOR).email)
        for path in (f"/inspections/{inspection.pk}/", "/inspections/", "/"):
            narrow.goto(f"{live_server.url}{path}")
            assert narrow.evaluate("document.documentElement.scrollWidth") <= 320, path
    finally:
        context.close()


def test_inspection_forms_with_errors_are_accessible(page, live_server, make_user):
    from django.utils import timezone

    from inspections.schedules import milestones_recompute
    from tests.inspections.factories import WsoaRequiredInspectionFactory

    inspection = WsoaRequiredInspectionFactory()
    milestones_recompute(inspection_id=inspection.pk, today=timezone.localdate())
    sign_in(page, live_server, make_user(Role.ADMINISTRATOR).email)

    page.goto(f"{live_server.url}/inspections/new/")
    page.get_by_role("button", name="Save").click()
    page.locator(".govuk-error-summary").wait_for(state="visible")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/inspections/{inspection.pk}/lifecycle/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    page.locator(".govuk-error-summary").wait_for(state="visible")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/inspections/{inspection.pk}/approvals/")
    assert axe_violations(page) == []
