"""An action's lead named in the plan without an account is invited from the action's page, and leads it."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.actions.conftest import World
from tests.actions.factories import ActionFactory
from wsoa.models import Membership, OutgoingEmail, User
from wsoa.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def unled(world: World):
    return ActionFactory(strand=world.strand, reference="1.8", lead_officer=None, lead_name="Dana Kerr",
                         lead_organisation="Betaford College")


def _invite(client, action, email="dana.kerr@college.example.org"):
    return client.post(reverse("actions:action_lead_invite", args=[action.pk]),
                       {"email": email, "first_name": "Dana", "last_name": "Kerr"})


@pytest.mark.parametrize("who", ["administrator", "strand's subgroup lead"])
def test_the_lead_is_invited_as_an_officer_and_becomes_the_actions_lead(
    client, world, unled, who, django_capture_on_commit_callbacks
):
    inviter = world.people[who]
    client.force_login(inviter)
    page = client.get(reverse("actions:action", args=[unled.pk])).content.decode()
    assert "Invite Dana Kerr to the service" in page
    form = client.get(reverse("actions:action_lead_invite", args=[unled.pk])).content.decode()
    assert 'value="Dana"' in form and 'value="Kerr"' in form
    with django_capture_on_commit_callbacks(execute=True):
        assert _invite(client, unled).status_code == 302
    dana = User.objects.get(email="dana.kerr@college.example.org")
    unled.refresh_from_db()
    assert unled.lead_officer == dana and unled.lead_name == ""
    assert dana.organisation == "Betaford College" and not dana.has_usable_password()
    membership = dana.memberships.get()
    assert (membership.area_id, membership.role) == (world.plan.inspection.area_id, Role.OFFICER)
    assert membership.history.get().history_user == inviter
    assert unled.history.latest().history_user == inviter
    assert unled.history.latest().history_change_reason.startswith("Edited: lead officer")
    [sent] = mail.outbox
    assert sent.to == [dana.email] and "as SEND officer (action lead)" in sent.body


@pytest.mark.parametrize("who", ["action lead officer", "other subgroup lead", "board chair", "democratic services",
                                 "other officer", "no role"])
def test_people_who_may_not_give_the_officer_role_or_change_the_action_cannot_invite(client, world, unled, who):
    client.force_login(world.people[who])
    page = client.get(reverse("actions:action", args=[unled.pk]))
    assert "Invite Dana Kerr" not in page.content.decode()
    assert client.get(reverse("actions:action_lead_invite", args=[unled.pk])).status_code in (403, 404)
    assert _invite(client, unled).status_code in (403, 404)
    assert not User.objects.filter(email="dana.kerr@college.example.org").exists()
    assert not OutgoingEmail.objects.exists()


def test_an_action_with_a_lead_officer_offers_no_invitation(client, world):
    client.force_login(world.people["administrator"])
    assert "to the service" not in client.get(reverse("actions:action", args=[world.action.pk])).content.decode()
    assert _invite(client, world.action).status_code == 403


def test_a_refused_invitation_changes_neither_the_action_nor_the_people(client, world, unled):
    client.force_login(world.people["administrator"])
    before = (User.objects.count(), Membership.objects.count(), unled.version)
    response = _invite(client, unled, email="not-an-address")
    assert response.status_code == 200 and "Enter an e-mail address like" in response.content.decode()
    deactivated = User.objects.create_user("gone@college.example.org", is_active=False)
    response = _invite(client, unled, email=deactivated.email)
    assert response.status_code == 200 and "deactivated" in response.content.decode()
    unled.refresh_from_db()
    assert (User.objects.count() - 1, Membership.objects.count(), unled.version) == before
    assert unled.lead_officer is None and unled.lead_name == "Dana Kerr"
