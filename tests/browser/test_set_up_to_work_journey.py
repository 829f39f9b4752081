"""From a plan that does not exist yet to the first monthly update, without the administration site.

On the demo data, in Chromium: the neighbour's administrator invites a subgroup lead and a SEND officer, sets up
the plan (its legend as it comes, a subgroup led by the new lead with the officer in it, a priority for the first
area for priority action), and each new person follows the link in their e-mail, chooses a password and signs
in; the lead adds an action led by the officer, and the officer posts its first monthly update. No page under
/admin/ is opened by anyone.
"""
import re

import pytest
from django.core import mail
from django.urls import reverse

from actions.models import Action, ProgressUpdate, Strand
from tests.browser.conftest import sign_in
from tests.browser.test_board_journeys import PASSWORD, demo  # noqa: F401 (the demo on a fixed Tuesday)
from wsoa.roles import Role

pytestmark = pytest.mark.browser

LEAD = ("Lena", "Shaw", "lena.shaw@neighbour.example.org", "lena-chose-this-password")
OFFICER = ("Omar", "Reid", "omar.reid@neighbour.example.org", "omar-chose-this-password")


def go(page, locator) -> None:
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state("networkidle")


def watched(page, visited: list[str]):
    page.on("request", lambda request: visited.append(request.url))
    return page


def invite(page, live_server, person, role: str) -> None:
    first, last, email, _ = person
    page.goto(f"{live_server.url}/people/")
    go(page, page.get_by_role("button", name="Invite a person"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Role").select_option(value=role)
    go(page, page.get_by_role("button", name="Send the invitation"))
    assert page.get_by_role("heading", level=1).inner_text() == f"{first} {last}"


def accept(browser, live_server, person, visited: list[str]):
    """The person opens the link in their invitation, chooses a password and signs in."""
    first, last, email, chosen = person
    [message] = [message for message in mail.outbox if message.to == [email]]
    link = re.search(r"http://\S+(/invitation/\S+/)", message.body).group(1)
    page = watched(browser.new_context(locale="en-GB", timezone_id="Europe/London").new_page(), visited)
    page.goto(f"{live_server.url}{link}")
    page.get_by_label("New password", exact=True).fill(chosen)
    page.get_by_label("New password confirmation").fill(chosen)
    go(page, page.get_by_role("button", name="Save password"))
    sign_in(page, live_server, email, chosen, navigate=False)
    assert page.url == f"{live_server.url}/"
    return page


@pytest.mark.usefixtures("demo")
def test_an_administrator_sets_up_a_plan_and_invites_people_who_sign_in_and_do_their_work(
    page, browser, live_server
):
    visited: list[str] = []
    admin = watched(page, visited)
    sign_in(admin, live_server, "admin@neighbour.example.org", PASSWORD)
    invite(admin, live_server, LEAD, Role.SUBGROUP_LEAD)
    invite(admin, live_server, OFFICER, Role.OFFICER)

    # The plan, from the inspection's page: the legend as it comes, then a subgroup and a priority.
    admin.goto(f"{live_server.url}/inspections/")
    go(admin, admin.get_by_role("link", name="Neighbour Borough", exact=True))
    go(admin, admin.get_by_role("button", name="Set up the plan"))
    admin.get_by_label("Priority", exact=True).check()
    go(admin, admin.get_by_role("button", name="Set up the plan"))
    assert admin.get_by_text("The plan is set up. Add its subgroups and strands next.").is_visible()
    go(admin, admin.get_by_role("link", name="Add subgroups"))
    admin.get_by_role("button", name="Add another subgroup").click()
    admin.locator("#id_subgroup-0-name").fill("Waiting times group")
    admin.locator("#id_subgroup-0-lead").select_option(label=f"{LEAD[0]} {LEAD[1]} ({LEAD[2]})")
    admin.get_by_label(f"{OFFICER[0]} {OFFICER[1]} ({OFFICER[2]})").check()
    go(admin, admin.get_by_role("button", name="Save subgroups"))
    go(admin, admin.get_by_role("link", name="Add priorities"))
    admin.get_by_role("button", name="Add another priority").click()
    admin.locator("#id_strand-0-number").fill("1")
    admin.locator("#id_strand-0-title").fill("Waiting times for assessment")
    admin.locator("#id_strand-0-weaknesses_0").check()
    admin.locator("#id_strand-0-subgroup").select_option(label="Waiting times group")
    go(admin, admin.get_by_role("button", name="Save priorities"))
    assert admin.get_by_text("The plan's priorities are saved.").is_visible()

    # The subgroup lead signs in through their link and adds an action to their priority, led by the officer.
    lead = accept(browser, live_server, LEAD, visited)
    strand = Strand.objects.get(title="Waiting times for assessment")
    lead.goto(live_server.url + reverse("actions:strand", args=[strand.pk]))
    go(lead, lead.get_by_role("button", name="Add an action"))
    lead.get_by_label("Reference").fill("1.1")
    lead.get_by_label("Action", exact=True).fill("Publish assessment waiting times every month")
    lead.get_by_label("Lead officer").select_option(label=f"{OFFICER[0]} {OFFICER[1]}")
    lead.get_by_label("Not started").check()
    go(lead, lead.get_by_role("button", name=re.compile("^(Add|Save)")))
    action = Action.objects.get(plan__inspection__area__name="Neighbour Borough", reference="1.1")
    assert action.lead_officer.email == OFFICER[2]

    # The officer signs in through theirs and posts the action's first monthly update.
    officer = accept(browser, live_server, OFFICER, visited)
    officer.goto(live_server.url + reverse("actions:my_actions"))
    go(officer, officer.get_by_role("link", name="Post update for action 1.1"))
    officer.get_by_label("Green – on track").check()
    officer.get_by_label("What progress was made?").fill("The first month's waiting times are published.")
    go(officer, officer.get_by_role("button", name="Save update"))
    assert officer.get_by_text(re.compile(r"Your update for \w+ \d{4} on action 1\.1 is saved\.")).is_visible()
    update = ProgressUpdate.objects.get(action=action)
    assert update.author.email == OFFICER[2] and update.rating == "green"

    assert [url for url in visited if "/admin/" in url] == []
    for person in (lead, officer):
        person.context.close()
