"""The demo that `run-app` loads: every demo person signs in with the printed password and lands at home."""
import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, sign_in
from wsoa.demo import DEMO_USERS

pytestmark = pytest.mark.browser


def test_every_demo_person_signs_in_and_reaches_the_home_page(page, live_server, transactional_db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
    for person in DEMO_USERS:
        sign_in(page, live_server, person["email"], "demo-password-for-tests")
        assert page.url == f"{live_server.url}/", person["email"]
        assert page.get_by_text(person["memberships"][0][1], exact=True).first.is_visible()
        if person["email"] == "officer@demo.example.org":
            # The demo officer is responsible for Demo Borough's deadlines, so "Due next" shows them.
            assert page.get_by_role("heading", name="Due next").is_visible()
            assert axe_violations(page) == []
        page.get_by_role("button", name="Sign out").click()
