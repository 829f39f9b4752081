"""At 375 pixels (a phone) the home page's status tags and the action list's due dates and ratings fit the screen:
the tables' rows stack, so neither the page nor a table scrolls sideways."""


import pytest
from django.urls import reverse

from actions.models import Plan
from tests.browser.conftest import axe_violations, sign_in
from tests.browser.test_board_journeys import PASSWORD, demo  # noqa: F401 (the demo on a fixed Tuesday)

pytestmark = pytest.mark.browser

# What sticks out past the right edge of the screen, or scrolls sideways inside a table's box.
OVERFLOW = """(width) => ({
    page: document.scrollingElement.scrollWidth,
    boxes: [...document.querySelectorAll('.app-table-scroll')]
        .filter(box => box.scrollWidth > box.clientWidth).map(box => box.getAttribute('aria-label')),
    cells: [...document.querySelectorAll('.govuk-tag, td, th')]
        .filter(e => e.getBoundingClientRect().right > width + 1).slice(0, 5)
        .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40)),
})"""


def assert_fits(page) -> None:
    found = page.evaluate(OVERFLOW, 375)
    assert found["page"] <= 375 and found["boxes"] == [] and found["cells"] == [], found


@pytest.mark.usefixtures("demo")
def test_the_home_page_and_the_action_list_fit_a_phone_without_sideways_scrolling(phone_page, live_server):
    page = phone_page
    sign_in(page, live_server, "officer@demo.example.org", PASSWORD)
    due_next = page.get_by_role("region", name="Due next")
    assert due_next.locator(".govuk-tag").first.is_visible()
    # A stacked row says which column each line is.
    assert due_next.locator("td[data-label='Status']").first.is_visible()
    assert_fits(page)
    assert axe_violations(page) == []

    plan = Plan.objects.get(inspection__area__name="Demo Borough")
    page.goto(f"{live_server.url}{reverse('actions:action_list', args=[plan.pk])}")
    table = page.get_by_role("region", name="Actions in reference order")
    assert table.locator("td[data-label='Due']").first.is_visible()
    assert table.locator("td[data-label='Rating'] .govuk-tag").first.is_visible()
    assert_fits(page)
    assert axe_violations(page) == []


@pytest.mark.usefixtures("demo")
def test_on_a_wide_screen_the_action_list_is_still_a_table_with_its_headings(page, live_server):
    sign_in(page, live_server, "officer@demo.example.org", PASSWORD)
    plan = Plan.objects.get(inspection__area__name="Demo Borough")
    page.goto(f"{live_server.url}{reverse('actions:action_list', args=[plan.pk])}")
    assert page.get_by_role("columnheader", name="Rating").is_visible()
    row = "getComputedStyle(document.querySelector('.app-table--stack tbody tr')).display"
    assert page.evaluate(row) == "table-row"
