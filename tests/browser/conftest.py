"""A real Chromium, driven by Playwright, against the live test server."""

import os
import shutil
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import IN_CI, PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    reason = os.environ.get("WSOA_SKIP_BROWSER")
    executable = _chromium_path()
    if reason or not executable:
        message = reason or "Chromium is not installed"
        if IN_CI:
            pytest.fail(f"{message} (CI must not skip browser tests)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def sign_in(page, live_server, email: str, password: str = PASSWORD, *, navigate: bool = True) -> None:
    if navigate:
        page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


@cache
def _axe_source() -> str:
    return AXE_SOURCE.read_text()


def axe_violations(page, *, impacts=("serious", "critical"), within: str = "html") -> list[dict]:
    """Run axe-core in the page (WCAG 2.x A and AA rules), on the whole page or the part ``within`` selects, and
    return the violations of the given impacts."""
    page.evaluate(_axe_source())
    result = page.evaluate(
        """async (within) => await axe.run(document.querySelector(within), {
            resultTypes: ['violations'],
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
        })""",
        within,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
