"""An administrator invites a subgroup lead in a real browser; the lead follows the link in the e-mail the outbox
sent, chooses a password, signs in and reaches their home page."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import axe_violations, sign_in
from tests.inspections.factories import BarnsleyAreaFactory
from wsoa.models import OutgoingEmail
from wsoa.roles import Role

pytestmark = pytest.mark.browser
CHOSEN = "sam-chose-this-password"


def test_an_administrator_invites_a_subgroup_lead_who_sets_a_password_and_signs_in(
    page, browser, live_server, make_user
):
    area = BarnsleyAreaFactory()
    administrator = make_user(Role.ADMINISTRATOR, first_name="Asha", last_name="Patel", areas=[area])
    sign_in(page, live_server, administrator.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    page.get_by_role("button", name="Invite a person").click()
    page.get_by_role("button", name="Send the invitation").click()  # empty: every error named
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("E-mail address").fill("sam.okafor@barnsley.example.org")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Role").select_option(label="Subgroup lead")
    page.get_by_role("button", name="Send the invitation").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sam Okafor"
    assert page.get_by_text("Invited", exact=True).is_visible()
    assert axe_violations(page) == []

    sent = OutgoingEmail.objects.get(reason=OutgoingEmail.Reason.INVITATION)
    assert sent.status == OutgoingEmail.Status.SENT
    [message] = mail.outbox
    assert message.to == ["sam.okafor@barnsley.example.org"]
    link = re.search(r"http://\S+(/invitation/\S+/)", message.body).group(1)

    lead = browser.new_context(locale="en-GB", timezone_id="Europe/London").new_page()
    lead.goto(f"{live_server.url}{link}")
    assert lead.get_by_role("heading", level=1).inner_text() == "Choose your password"
    assert "/set-password/" in lead.url  # the token is out of the address before the page shows
    assert axe_violations(lead) == []
    lead.get_by_label("New password", exact=True).fill(CHOSEN)
    lead.get_by_label("New password confirmation").fill(CHOSEN)
    lead.get_by_role("button", name="Save password").click()
    assert "Your password is saved" in lead.content()
    sign_in(lead, live_server, "sam.okafor@barnsley.example.org", CHOSEN, navigate=False)
    assert lead.url == f"{live_server.url}/"
    assert lead.get_by_role("heading", level=1).inner_text() == "SEND improvement plan"
    assert lead.get_by_text(Role.SUBGROUP_LEAD, exact=True).first.is_visible()
    lead.context.close()
