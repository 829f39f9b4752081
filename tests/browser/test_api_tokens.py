"""A person makes an API token in a real browser, reads the feed with it, and revokes it; the page and the feed's
documentation load under the CSP, and the token page passes axe-core."""
import json
import urllib.request
from urllib.error import HTTPError

import pytest

from tests.browser.conftest import axe_violations, sign_in
from wsoa.roles import Role

pytestmark = pytest.mark.browser


def _feed(live_server, token: str) -> int:
    request = urllib.request.Request(f"{live_server.url}/api/v1/areas", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (the live test server)
            return json.loads(answer.read())["count"]
    except HTTPError as refused:
        return refused.code


def test_a_person_makes_a_token_reads_the_feed_with_it_and_revokes_it(page, live_server, make_user):
    officer = make_user(Role.OFFICER)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, live_server, officer.email)
    page.get_by_role("link", name="Your API tokens").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your API tokens"
    assert axe_violations(page) == []
    page.get_by_label("Name").fill("Power BI SEND dashboard")
    page.get_by_role("button", name="Create a token").click()
    token = page.get_by_label("Token").input_value()
    assert token.startswith("wsoa_") and page.get_by_text("only time it is shown").is_visible()
    assert _feed(live_server, token) == 1  # the officer's one area
    page.reload()
    assert page.get_by_label("Token").count() == 0 and token not in page.content()
    page.get_by_role("button", name="Revoke Power BI SEND dashboard").click()
    assert page.get_by_text("is revoked").is_visible()
    assert _feed(live_server, token) == 401
    assert errors == []


def test_the_feeds_documentation_loads_its_own_files_under_the_csp(page, live_server, db):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("/api/v1/rating-events").first.wait_for()
    assert [error for error in errors if "Content Security Policy" in error] == []
