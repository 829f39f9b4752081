"""An invitation goes out through the real worker: the e-mail is marked sent once, and its link lets the person in."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.actions.factories import UserFactory
from tests.inspections.factories import LocalAreaFactory
from tests.integration.conftest import wait_until
from wsoa.models import OutgoingEmail, User
from wsoa.roles import Role
from wsoa.services import person_invite

pytestmark = pytest.mark.integration
PASSWORD = "a-password-chosen-by-sam"


def test_the_worker_sends_the_invitation_once_and_its_link_sets_the_password(celery_worker):
    area = LocalAreaFactory(name="Betaford")
    administrator = UserFactory(first_name="Asha", last_name="Patel", roles=[Role.ADMINISTRATOR], roles__areas=[area])
    sam = person_invite(by=administrator, email="Sam.Okafor@Betaford.example.org", first_name="Sam",
                        last_name="Okafor", area=area, role=Role.SUBGROUP_LEAD)
    email = OutgoingEmail.objects.get(reason=OutgoingEmail.Reason.INVITATION)
    wait_until(lambda: OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT,
               what="the worker to send the invitation")
    email.refresh_from_db()
    assert (email.to, email.attempts, email.area) == (["sam.okafor@betaford.example.org"], 1, area)
    assert email.subject == "You are invited to SEND improvement plan for Betaford"
    assert "Asha Patel has invited you" in email.body and "as Subgroup lead" in email.body
    link = re.search(r"http://\S+(/invitation/\S+/)", email.body).group(1)

    browser = Client()
    form = browser.get(link, follow=True)
    assert "Choose your password" in form.content.decode()
    browser.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert User.objects.get(pk=sam.pk).check_password(PASSWORD)
    signed_in = browser.post(reverse("login"), {"username": sam.email, "password": PASSWORD}, follow=True)
    assert signed_in.redirect_chain[-1][0] == reverse("home")
    assert "no longer works" in Client().get(link, follow=True).content.decode()
