"""The neighbour's administrator sets up its priority action plan from the inspection's page, without the admin.

On the demo data, in Chromium: a legend in the council's own words, a subgroup with its lead, two strands (the
plan calls them priorities) linked to the areas for priority action, then the plan's overview. Rows are added
with the page's script; axe runs on every page.
"""
import pytest

from actions.models import Plan
from tests.browser.conftest import axe_violations, sign_in
from tests.browser.test_board_journeys import PASSWORD, demo  # noqa: F401 (the demo on a fixed Tuesday)

pytestmark = pytest.mark.browser

WORDS = {
    0: ("Completed", "purple"),
    1: ("Progressing and on track", "green"),
    2: ("Progressing but delayed", "orange"),
    3: ("Started but delayed", "red"),
    4: ("Not yet started", "grey"),
}


def go(page, locator) -> None:
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state("networkidle")


@pytest.mark.usefixtures("demo")
def test_an_administrator_sets_up_the_neighbours_plan_and_sees_its_overview(page, live_server):
    sign_in(page, live_server, "admin@neighbour.example.org", PASSWORD)
    page.goto(f"{live_server.url}/inspections/")
    go(page, page.get_by_role("link", name="Neighbour Borough", exact=True))
    assert page.get_by_text("No plan has been set up for this inspection yet.").is_visible()
    go(page, page.get_by_role("button", name="Set up the plan"))
    assert axe_violations(page) == []

    # The settings, and the legend as rows: the council's own words and colours, best first.
    page.get_by_label("Priority", exact=True).check()
    page.get_by_label("Day of the month action leads are reminded to post their update").fill("3")
    for index, (words, colour) in WORDS.items():
        page.locator(f"#id_rating-{index}-label").fill(words)
        page.locator(f"#id_rating-{index}-colour").select_option(colour)
    assert page.locator("[data-add-row='rating']").is_hidden()  # every rating already has its row
    go(page, page.get_by_role("button", name="Set up the plan"))
    assert page.get_by_text("The plan is set up. Add its subgroups and strands next.").is_visible()
    assert page.get_by_text("Completed (counts as complete)").is_visible()
    assert axe_violations(page) == []

    # A subgroup with its lead, added with the page's "Add another".
    go(page, page.get_by_role("link", name="Add subgroups"))
    page.get_by_role("button", name="Add another subgroup").click()
    page.locator("#id_subgroup-0-name").fill("Priority action delivery group")
    page.locator("#id_subgroup-0-lead").select_option(label="Ben Adeyemi (officer@neighbour.example.org)")
    page.get_by_label("Ben Adeyemi (officer@neighbour.example.org)").check()
    page.get_by_label("Priya Shah (priya.shah@icb.example.org)").check()
    assert axe_violations(page) == []
    go(page, page.get_by_role("button", name="Save subgroups"))
    assert page.get_by_text("Priority action delivery group: led by Ben Adeyemi, 2 members").is_visible()

    # Two priorities, each answering one area for priority action, with the subgroup; a third row added by
    # mistake is removed again.
    go(page, page.get_by_role("link", name="Add priorities"))
    add = page.get_by_role("button", name="Add another priority")
    add.click()
    add.click()
    add.click()
    page.locator("[data-setup-row]").nth(2).get_by_role("button", name="Remove").click()
    assert page.locator("[data-setup-row]").count() == 2
    for index, title in enumerate(("Waiting times for assessment", "EHC plans on time")):
        page.locator(f"#id_strand-{index}-number").fill(str(index + 1))
        page.locator(f"#id_strand-{index}-title").fill(title)
        page.locator(f"#id_strand-{index}-weaknesses_{index}").check()
        page.locator(f"#id_strand-{index}-subgroup").select_option(label="Priority action delivery group")
    go(page, page.get_by_role("button", name="Save priorities"))
    assert page.get_by_text("The plan's priorities are saved.").is_visible()

    # The overview: the priorities under the areas they answer, with the subgroup's lead.
    go(page, page.get_by_role("button", name="See the plan's overview"))
    assert page.get_by_role("heading", name="Priority action plan").is_visible()
    table = page.locator("table").first
    assert table.get_by_text("Waiting times for assessment").is_visible()
    assert page.get_by_text("Ben Adeyemi").first.is_visible()
    assert page.get_by_text("Priorities not linked to a weakness").count() == 0
    assert axe_violations(page) == []

    plan = Plan.objects.get(inspection__area__name="Neighbour Borough")
    assert [entry.label for entry in plan.legend] == [words for words, _ in WORDS.values()]
    assert plan.reminder_day == 3 and plan.strands.count() == 2
    assert all(strand.weaknesses.count() == 1 for strand in plan.strands.all())
