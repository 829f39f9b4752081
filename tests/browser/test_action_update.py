"""An officer on a phone posts this month's update on an action and sees it in the history with their name."""
import pytest
from django.utils import timezone

from tests.actions.factories import CompletedActionFactory, GreenActionFactory, OfficerFactory, StrandFactory
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def officer_with_actions(transactional_db):
    officer = OfficerFactory(email="jo.smith@test.example.org", first_name="Jo", last_name="Smith")
    strand = StrandFactory(number=2, title="Joint commissioning")
    titles = (
        "Agree a joint commissioning strategy", "Map speech and language therapy waits", "Publish the local offer",
    )
    actions = [
        GreenActionFactory(strand=strand, reference=f"2.{n}", title=title, lead_officer=officer)
        for n, title in enumerate(titles, start=1)
    ]
    CompletedActionFactory(strand=strand, reference="2.9", title="Set up the subgroup", lead_officer=officer)
    GreenActionFactory(strand=strand, reference="2.8", title="Someone else's action")
    return officer, actions


def test_an_officer_updates_an_action_from_a_phone(phone_page, live_server, officer_with_actions, tmp_path):
    officer, actions = officer_with_actions
    page = phone_page
    month = f"{timezone.localdate():%B %Y}"
    sign_in(page, live_server, officer.email)

    page.goto(f"{live_server.url}/plan/my-actions/")
    assert page.get_by_role("heading", level=2, name=f"Need an update for {month} (3)").is_visible()
    for action in actions:
        assert page.get_by_role("link", name=f"{action.reference} {action.title}").is_visible()
    assert page.get_by_text("Someone else's action").count() == 0
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "my-actions.png"), full_page=True)

    page.get_by_role("link", name="Post update for action 2.2").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Update: {actions[1].title}"
    # Nothing on the form is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "update-form.png"), full_page=True)

    page.get_by_label("Amber – some risk").check()
    page.get_by_label("What progress was made?").fill("Waiting list audit done; the new clinic starts late.")
    page.get_by_role("button", name="Save update").click()
    # The rating got worse, so the reason is asked for and nothing typed is lost.
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.get_by_label("What progress was made?").input_value().startswith("Waiting list audit done")
    page.get_by_label("Why is the rating worse? (if it is)").fill("The clinic's room is not ready until next month.")
    page.get_by_role("button", name="Save update").click()

    assert page.url.endswith("/plan/my-actions/")
    assert page.get_by_text(f"Your update for {month} on action 2.2 is saved.").is_visible()
    assert page.get_by_role("heading", level=2, name=f"Need an update for {month} (2)").is_visible()

    page.get_by_role("link", name=f"2.2 {actions[1].title}").click()
    history = page.locator(".app-history")
    today = timezone.localdate()
    expected = f"Rating: Green – on track → Amber – some risk, by Jo Smith, {today.day} {today:%b %Y}"
    assert history.get_by_text(expected).is_visible()
    assert page.get_by_text("Why it got worse: The clinic's room is not ready until next month.").first.is_visible()
    assert page.get_by_text(f"By Jo Smith, {today.day} {today:%b %Y}", exact=True).is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "action.png"), full_page=True)


def test_the_action_list_and_overview_pass_axe(page, live_server, officer_with_actions):
    officer, actions = officer_with_actions
    sign_in(page, live_server, officer.email)
    page.goto(f"{live_server.url}/plan/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/plan/{actions[0].plan_id}/actions/?rating=green")
    assert page.get_by_text("4 actions match the filters").is_visible()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/plan/strands/{actions[0].strand_id}/")
    assert axe_violations(page) == []


def test_a_second_update_for_the_month_and_an_edit_conflict_keep_the_work_and_pass_axe(
    phone_page, live_server, officer_with_actions, tmp_path
):
    """Keyboard and screen reader users meet the revision and refusal pages too: both must pass axe."""
    officer, actions = officer_with_actions
    page = phone_page
    month = f"{timezone.localdate():%B %Y}"
    sign_in(page, live_server, officer.email)
    update_url = f"{live_server.url}/plan/actions/{actions[0].pk}/update/"

    page.goto(update_url)
    second_tab = page.context.new_page()
    second_tab.goto(update_url)  # opened before the first update is saved
    page.get_by_label("What progress was made?").fill("Strategy drafted with the parent carer forum.")
    page.get_by_role("button", name="Save update").click()

    second_tab.get_by_label("What progress was made?").fill("Strategy out for consultation.")
    second_tab.get_by_role("button", name="Save update").click()
    second_tab.get_by_text(f"Jo Smith already posted the update for {month}").wait_for(state="visible")
    assert second_tab.get_by_text("Strategy drafted with the parent carer forum.").is_visible()
    assert second_tab.get_by_label("What progress was made?").input_value() == "Strategy out for consultation."
    assert axe_violations(second_tab) == []
    second_tab.screenshot(path=str(tmp_path / "update-conflict.png"), full_page=True)
    second_tab.get_by_role("button", name="Save the changed update").click()
    second_tab.get_by_text(f"Your update for {month} on action 2.1 is revised.").wait_for(state="visible")

    second_tab.goto(f"{live_server.url}/plan/actions/{actions[0].pk}/")
    second_tab.get_by_text("Earlier versions of this update (1)").click()
    second_tab.get_by_text("Strategy drafted with the parent carer forum.", exact=True).wait_for(state="visible")
    assert second_tab.locator(".app-history").get_by_text(f"Update for {month} revised by Jo Smith").is_visible()
    assert axe_violations(second_tab) == []

    edit_url = f"{live_server.url}/plan/actions/{actions[1].pk}/edit/"
    page.goto(edit_url)
    second_tab.goto(edit_url)
    page.get_by_label("Partners").fill("Schools forum")
    page.get_by_role("button", name="Save").first.click()
    second_tab.get_by_label("Lead organisation").fill("NHS Anytown ICB")
    second_tab.get_by_role("button", name="Save").first.click()
    second_tab.get_by_text("Someone else changed this action while you were editing it.").wait_for(state="visible")
    assert second_tab.get_by_label("Partners").input_value() == "Schools forum"  # the other person's edit kept
    assert second_tab.get_by_label("Lead organisation").input_value() == "NHS Anytown ICB"  # and this one's
    assert axe_violations(second_tab) == []
    second_tab.screenshot(path=str(tmp_path / "edit-conflict.png"), full_page=True)


def test_the_why_worse_box_shows_only_for_a_worse_rating_and_always_without_javascript(
    browser, page, live_server, officer_with_actions
):
    officer, actions = officer_with_actions
    sign_in(page, live_server, officer.email)
    page.goto(f"{live_server.url}/plan/actions/{actions[0].pk}/update/")
    reason = page.get_by_label("Why is the rating worse? (if it is)")
    assert page.get_by_label("Green – on track").is_checked()
    assert not reason.is_visible()
    for label, shown in [("Amber – some risk", True), ("Blue – complete", False), ("Not started", True),
                         ("Green – on track", False), ("Red – significant risk/off track", True)]:
        page.get_by_label(label).check()
        assert reason.is_visible() == shown, label
    assert axe_violations(page) == []

    without_script = browser.new_context(java_script_enabled=False, locale="en-GB")
    plain = without_script.new_page()
    try:
        sign_in(plain, live_server, officer.email)
        plain.goto(f"{live_server.url}/plan/actions/{actions[0].pk}/update/")
        assert plain.get_by_label("Green – on track").is_checked()
        assert plain.get_by_label("Why is the rating worse? (if it is)").is_visible()
    finally:
        without_script.close()
