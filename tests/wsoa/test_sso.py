"""Single sign-on against an OpenID Connect provider running on loopback: who gets in, who is refused and why,
and the service with passwords switched off."""

from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.oidc_provider import LoopbackProvider, configure
from wsoa.roles import Role


@pytest.fixture(scope="module")
def provider():
    running = LoopbackProvider().start()
    yield running
    running.stop()


@pytest.fixture
def sso(settings, provider):
    configure(settings, provider)
    provider.deny, provider.tamper, provider.email = False, {}, None
    return provider


def sign_on(client, provider, email, *, next_page: str = ""):
    """Press the sign-in button, be signed in at the provider as ``email``, and come back: the service's answer."""
    provider.email = email
    start = client.get(reverse("sso_start") + (f"?next={next_page}" if next_page else ""))
    assert start.status_code == 302 and start["Location"].startswith(f"{provider.url}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("sso_callback")
    return client.get(f"{back.path}?{back.query}")


def signed_in_id(client):
    return client.session.get("_auth_user_id")


def test_a_person_with_an_account_signs_on_whatever_the_case_of_their_e_mail(client, make_user, sso):
    officer = make_user(Role.OFFICER, email="jo.bloggs@test.example.org")
    response = sign_on(client, sso, "Jo.Bloggs@TEST.example.org", next_page=reverse("actions:my_actions"))
    assert response.status_code == 302 and response["Location"] == reverse("actions:my_actions")
    assert signed_in_id(client) == str(officer.pk)
    home = client.get(reverse("home")).content.decode()
    assert f"Welcome, {officer.get_full_name()}" in home
    # Signed on through the provider, the person still has only their role's permissions.
    assert client.get(reverse("inspections:create")).status_code == 403


def test_an_unknown_e_mail_is_refused_with_a_page_that_says_why_and_no_account_is_made(client, make_user, sso):
    make_user(Role.OFFICER, email="jo.bloggs@test.example.org")
    people = get_user_model().objects.count()
    response = sign_on(client, sso, "stranger@elsewhere.example.org")
    assert response.status_code == 302 and response["Location"] == reverse("sso_refused")
    page = client.get(response["Location"])
    assert page.status_code == 403
    text = page.content.decode()
    assert "You cannot sign in with this account" in text
    assert "has no account for <strong>stranger@elsewhere.example.org</strong>" in text
    assert "Ask an administrator of your local area to invite you" in text
    assert signed_in_id(client) is None
    assert get_user_model().objects.count() == people
    assert client.get(reverse("home")).status_code == 302


def test_a_deactivated_account_is_refused_and_told_so(client, make_user, sso):
    left = make_user(Role.OFFICER, email="left@test.example.org")
    get_user_model().objects.filter(pk=left.pk).update(is_active=False)
    response = sign_on(client, sso, "left@test.example.org")
    text = client.get(response["Location"]).content.decode()
    assert "has been deactivated" in text
    assert signed_in_id(client) is None


def test_a_provider_that_gives_no_e_mail_is_refused(client, make_user, sso):
    response = sign_on(client, sso, None)
    text = client.get(response["Location"]).content.decode()
    assert "did not give an e-mail address" in text
    assert signed_in_id(client) is None


@pytest.mark.parametrize(
    "tamper",
    [
        {"aud": "another-service"},
        {"iss": "http://127.0.0.1:1/another-issuer"},
        {"exp": 1_000_000_000},
        {"nonce": "not-the-one-sent"},
    ],
    ids=["audience", "issuer", "expired", "nonce"],
)
def test_an_id_token_not_meant_for_this_sign_in_is_refused(client, make_user, sso, tamper):
    make_user(Role.OFFICER, email="jo.bloggs@test.example.org")
    sso.tamper = tamper
    response = sign_on(client, sso, "jo.bloggs@test.example.org")
    assert response["Location"] == reverse("sso_refused")
    assert (
        "Signing in with Loopback ID was cancelled or did not finish"
        in client.get(response["Location"]).content.decode()
    )
    assert signed_in_id(client) is None


def test_cancelling_at_the_provider_comes_back_to_a_page_saying_so(client, make_user, sso):
    sso.deny = True
    response = sign_on(client, sso, "jo.bloggs@test.example.org")
    assert response["Location"] == reverse("sso_refused")
    assert "was cancelled or did not finish" in client.get(response["Location"]).content.decode()


def test_an_answer_from_the_provider_is_used_once(client, make_user, sso):
    make_user(Role.OFFICER, email="jo.bloggs@test.example.org")
    sso.email = "jo.bloggs@test.example.org"
    start = client.get(reverse("sso_start"))
    back = urlsplit(requests.get(start["Location"], allow_redirects=False, timeout=10).headers["Location"])
    assert client.get(f"{back.path}?{back.query}")["Location"] == reverse("home")
    client.post(reverse("logout"))
    replay = client.get(f"{back.path}?{back.query}")
    assert replay["Location"] == reverse("sso_refused")
    assert signed_in_id(client) is None


def test_a_provider_that_cannot_be_reached_gives_a_page_not_an_error(client, db, settings):
    configure(settings, LoopbackProvider())  # made but never started: nothing answers on its port
    response = client.get(reverse("sso_start"), follow=True)
    assert response.status_code == 503
    assert "could not reach Loopback ID" in response.content.decode()


def test_the_sign_in_page_offers_both_ways_while_passwords_are_on(client, db, sso):
    text = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("sso_start")}"' in text and "Sign in with Loopback ID" in text
    assert 'name="password"' in text and "I have forgotten my password" in text


def test_without_single_sign_on_set_up_there_is_no_button_and_its_pages_are_not_found(client, db):
    text = client.get(reverse("login")).content.decode()
    assert "Sign in with" not in text and 'name="password"' in text
    assert client.get(reverse("sso_start")).status_code == 404
    assert client.get(reverse("sso_callback")).status_code == 404


def test_with_passwords_off_only_single_sign_on_signs_anyone_in(client, make_user, sso, settings):
    settings.PASSWORD_SIGN_IN = False
    officer = make_user(Role.OFFICER, email="jo.bloggs@test.example.org")
    text = client.get(reverse("login")).content.decode()
    assert "Sign in with Loopback ID" in text
    assert 'name="password"' not in text and "forgotten my password" not in text
    assert client.post(reverse("login"), {"username": officer.email, "password": PASSWORD}).status_code == 405
    admin = get_user_model().objects.create_superuser("root@test.example.org", PASSWORD)
    client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert signed_in_id(client) is None
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        assert client.get(reverse(name)).status_code == 404, name
    assert client.post(reverse("password_reset"), {"email": officer.email}).status_code == 404
    sign_on(client, sso, officer.email)
    assert signed_in_id(client) == str(officer.pk)


def test_passwords_cannot_be_switched_off_without_single_sign_on(db, settings):
    settings.PASSWORD_SIGN_IN = False
    with pytest.raises(SystemCheckError, match="nobody could sign in"):
        call_command("check")


def test_a_signed_on_account_deactivated_later_is_signed_out(client, make_user, sso):
    officer = make_user(Role.OFFICER, email="jo.bloggs@test.example.org")
    sign_on(client, sso, officer.email)
    assert client.get(reverse("home")).status_code == 200
    get_user_model().objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get(reverse("home")).status_code == 302
