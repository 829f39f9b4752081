"""An administrator imports a messy spreadsheet: sees its problems by row, fixes them, chooses what its own rating
word means and imports it in one go."""
import pytest

from actions.models import Action, Strand
from tests.actions.factories import OfficerFactory, PlanFactory, UserFactory
from tests.actions.import_sheets import sheet_file
from tests.actions.test_import_views import messy_rows
from tests.browser.conftest import axe_violations, sign_in
from wsoa.roles import Role

pytestmark = pytest.mark.browser


@pytest.fixture
def empty_plan(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = UserFactory(email="ada.admin@test.example.org", first_name="Ada", last_name="Admin",
                        roles=[Role.ADMINISTRATOR])  # fmt: skip
    OfficerFactory(first_name="Jo", last_name="Smith")
    return admin, PlanFactory()


def test_an_administrator_fixes_a_messy_spreadsheet_and_imports_it(page, live_server, empty_plan, tmp_path):
    admin, plan = empty_plan
    messy, fixed = tmp_path / "Anytown WSoA tracker.xlsx", tmp_path / "Anytown WSoA tracker (fixed).xlsx"
    messy.write_bytes(sheet_file(messy_rows(fixed=False)).getvalue())
    fixed_rows = messy_rows(fixed=True)
    fixed_rows[10][6] = "Embedded"  # the council's word for complete, which the plan's legend does not know
    fixed.write_bytes(sheet_file(fixed_rows).getvalue())
    sign_in(page, live_server, admin.email)

    page.goto(f"{live_server.url}/plan/{plan.pk}/")
    page.get_by_role("link", name="Import from a spreadsheet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Import a plan from a spreadsheet"
    assert axe_violations(page) == []

    # No file chosen: the error summary says so.
    page.get_by_role("button", name="Upload and check").click()
    assert page.locator(".govuk-error-summary").get_by_text("Select the spreadsheet to import").is_visible()
    assert axe_violations(page) == []

    page.get_by_label("Upload the spreadsheet").set_input_files(str(messy))
    page.get_by_role("button", name="Upload and check").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Fix the spreadsheet before importing"
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link", name='Row 7: rating "R/A" gives more than one rating').is_visible()
    start_after_due = "Row 11: start date 01/06/2024 is after the due date 31/03/2024"
    assert summary.get_by_role("link", name=start_after_due).is_visible()
    # An unreadable timescale is only a warning, listed with the row's other findings.
    by_row = page.get_by_role("table", name="Everything to fix or check, by row")
    assert "so it is left blank" in by_row.get_by_role("row").filter(has_text="10").inner_text()
    problems = page.get_by_role("table", name="Problems to fix (2)")
    assert [cell.strip() for cell in problems.locator("tbody tr td:first-child").all_inner_texts()] == ["7", "11"]
    assert page.get_by_role("button", name="Import 4 actions").count() == 0
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "problems.png"), full_page=True)

    page.get_by_role("button", name="Upload a corrected file").first.click()
    page.get_by_label("Upload the spreadsheet").set_input_files(str(fixed))
    page.get_by_role("button", name="Upload and check").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Check the spreadsheet before importing"
    assert page.locator(".govuk-error-summary").count() == 0
    words = page.get_by_role("table", name="Rating words to map (1)")
    assert words.get_by_role("row").filter(has_text="Embedded").inner_text().split("\t") == ["Embedded", "1", "10"]
    assert page.get_by_role("button", name="Import 4 actions").count() == 0
    assert axe_violations(page) == []

    # Saving without choosing says what is missing; then "Embedded" is chosen as complete.
    page.get_by_role("button", name="Save what these ratings mean").click()
    assert page.locator(".govuk-error-summary").get_by_role("link", name="Choose what “Embedded” means").is_visible()
    page.get_by_label("“Embedded” (1 row)").select_option(label="Blue – complete")
    page.get_by_role("button", name="Save what these ratings mean").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Check the spreadsheet before importing"
    assert page.get_by_role("table", name="Rating words to map (1)").count() == 0
    strand_2 = page.get_by_role("region", name="Actions of strand 2 (scrolls sideways on small screens)")
    assert "Blue – complete" in strand_2.get_by_role("row").filter(has_text="2.1").inner_text()
    assert page.get_by_text("Row 6: has no ref or action, so its text was added to the action on row 5").is_visible()
    strand_1 = page.get_by_role("region", name="Actions of strand 1 (scrolls sideways on small screens)")
    assert "Amber – some risk" in strand_1.get_by_role("row").filter(has_text="1.2").inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "check.png"), full_page=True)

    page.get_by_role("button", name="Import 4 actions").click()

    assert page.url == f"{live_server.url}/plan/{plan.pk}/"
    banner = page.locator(".govuk-notification-banner--success")
    assert "Anytown WSoA tracker (fixed).xlsx is imported. Added 2 strands and 4 actions." in banner.inner_text()
    assert page.get_by_role("link", name="1. Leadership and governance").is_visible()
    assert page.get_by_role("link", name="2. Preparing for adulthood").is_visible()
    assert Strand.objects.filter(plan=plan).count() == 2
    assert {action.history.get().history_user for action in Action.objects.filter(plan=plan)} == {admin}
    assert Action.objects.get(plan=plan, reference="2.1").rating == "blue"
    plan.refresh_from_db()
    assert plan.import_rating_words == {"embedded": "blue"}  # kept for the next import
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "imported.png"), full_page=True)
