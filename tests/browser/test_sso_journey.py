"""Single sign-on in a real browser: the sign-in page's button, the provider on loopback, and back to the service."""

import pytest

from tests.browser.conftest import axe_violations
from tests.oidc_provider import LoopbackProvider, configure
from wsoa.roles import Role

pytestmark = pytest.mark.browser


@pytest.fixture
def provider(settings):
    running = LoopbackProvider().start()
    configure(settings, running, name="Loopback ID")
    yield running
    running.stop()


def test_the_sign_in_button_signs_an_invited_person_in_and_refuses_a_stranger(page, live_server, make_user, provider):
    officer = make_user(Role.OFFICER, email="jo.bloggs@test.example.org")
    page.goto(f"{live_server.url}/plan/")
    assert "/sign-in/" in page.url
    assert axe_violations(page) == []
    provider.email = "JO.BLOGGS@test.example.org"
    page.get_by_role("button", name="Sign in with Loopback ID").click()
    page.wait_for_url(f"{live_server.url}/plan/")
    page.goto(f"{live_server.url}/")
    assert page.get_by_text(f"Welcome, {officer.get_full_name()}").is_visible()
    page.get_by_role("button", name="Sign out").click()

    provider.email = "stranger@elsewhere.example.org"
    page.get_by_role("button", name="Sign in with Loopback ID").click()
    page.wait_for_url(f"{live_server.url}/sign-in/sso/refused/")
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot sign in with this account"
    assert page.get_by_text("has no account for stranger@elsewhere.example.org").is_visible()
    assert axe_violations(page) == []


def test_with_passwords_off_the_page_offers_only_the_button(page, live_server, db, provider, settings):
    settings.PASSWORD_SIGN_IN = False
    page.goto(f"{live_server.url}/sign-in/")
    assert page.get_by_role("button", name="Sign in with Loopback ID").is_visible()
    assert page.get_by_label("Password").count() == 0
    assert page.get_by_role("link", name="I have forgotten my password").count() == 0
