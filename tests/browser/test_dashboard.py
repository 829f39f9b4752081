"""The demo chair's dashboard in a real browser: no serious or critical axe violations, and it reflows at 320 px."""
import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_the_dashboard_passes_axe_and_reflows_at_320_pixels(page, live_server, transactional_db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
    sign_in(page, live_server, "chair@demo.example.org", "demo-password-for-tests")
    page.goto(f"{live_server.url}/dashboards/")
    page.get_by_role("link", name="Dashboard for the next meeting").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Impact measures").is_visible()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # wide tables scroll in their own box
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Issue the pack to the board").is_visible()
