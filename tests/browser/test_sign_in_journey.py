"""People in every role sign in with a real browser; the pages pass axe-core and load under the CSP."""

import pytest

from tests.browser.conftest import axe_violations, sign_in
from wsoa.roles import Role

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", Role.values)
def test_each_role_signs_in_and_reaches_the_home_page(page, live_server, make_user, role):
    user = make_user(role)
    page.goto(f"{live_server.url}/plan/")
    assert "/sign-in/" in page.url
    sign_in(page, live_server, user.email, navigate=False)
    # The sign-in returns people to the page they asked for.
    assert page.url.endswith("/plan/")
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "SEND improvement plan"
    assert page.get_by_text(role, exact=True).first.is_visible()
    page.get_by_role("button", name="Sign out").click()
    assert "/sign-in/" in page.url


def test_sign_in_page_has_no_serious_accessibility_violations(page, live_server, db):
    page.goto(f"{live_server.url}/sign-in/")
    assert axe_violations(page) == []


def test_sign_in_errors_are_announced_and_linked_to_the_field(page, live_server, make_user):
    user = make_user(Role.OFFICER)
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    # GOV.UK Frontend's script moves focus to the summary so screen readers announce it.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert axe_violations(page) == []


def test_home_page_has_no_serious_accessibility_violations_and_no_csp_errors(page, live_server, make_user, tmp_path):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    sign_in(page, live_server, make_user(Role.SUBGROUP_LEAD).email)
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert axe_violations(page) == []
    assert problems == []
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)


def test_service_navigation_collapses_into_a_menu_on_a_phone(phone_page, live_server, make_user, tmp_path):
    sign_in(phone_page, live_server, make_user(Role.OFFICER).email)
    menu = phone_page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    nav_link = phone_page.get_by_role("navigation", name="Menu").get_by_role("link", name="Action plan")
    assert not nav_link.is_visible()
    menu.click()
    assert nav_link.is_visible()
    phone_page.screenshot(path=str(tmp_path / "phone-menu.png"))
    assert axe_violations(phone_page) == []
