"""Sign-in, sign-out, password reset, throttling and the rule that every page needs a signed-in user."""

import re
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PASSWORD
from wsoa.roles import Role

PUBLIC_URL_NAMES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation_accept",
    "sso_start",
    "sso_callback",
    "sso_refused",
    "health",
    "accessibility",
}
# The data feed: its token is the credential (a dashboard cannot sign in); its schema and documentation are open.
FEED_SCHEMA_URL_NAMES = {"api:openapi-json", "api:openapi-view", "api:api-root"}
FEED_URL_NAMES = FEED_SCHEMA_URL_NAMES | {
    f"api:{name}" for name in ("areas", "inspections", "milestones", "weaknesses", "plans", "strands", "actions",
                               "action", "progress_updates", "rating_events", "measures", "readings", "evidence")
}


def _every_pattern(resolver=None, prefix=""):
    """Every named URL pattern, with or without arguments, and its view, walking included URL confs."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _every_pattern(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


def _routes():
    """Every named route without arguments."""
    for name, pattern in _every_pattern():
        if not pattern.pattern.regex.groups:
            yield name


def test_every_page_but_sign_in_redirects_anonymous_people_to_sign_in(client, db):
    names = sorted(set(_routes()) - PUBLIC_URL_NAMES - FEED_URL_NAMES - {"logout"})
    assert {"home", "inspections:index", "actions:index", "reports:index", "reports:dashboards"} <= set(names)
    for name in names:
        url = reverse(name)
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login") + "?next="), name


def test_admin_site_needs_sign_in_too(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("role", Role.values)
def test_each_role_signs_in_and_sees_the_home_page(client, make_user, role):
    user = make_user(role)
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    page = response.content.decode()
    assert "govuk-generic-header" in page and "govuk-service-navigation" in page
    assert f"Welcome, {user.get_full_name()}" in page
    assert role in page
    for item in ("Inspections", "Action plan", "Governance", "Dashboards", "Reports"):
        assert f">{item}<" in page or f"{item}\n" in page


def test_wrong_password_shows_an_error_summary_and_keeps_the_e_mail(client, make_user):
    user = make_user(Role.OFFICER)
    response = client.post(reverse("login"), {"username": user.email, "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "govuk-error-summary" in page
    assert "Enter a correct e-mail address and password" in page
    assert f'value="{user.email}"' in page
    assert "<title>Sign in (error)" in page


def test_sign_out_needs_a_post_and_ends_the_session(client, make_user):
    user = make_user(Role.BOARD_CHAIR)
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_sign_in_form_is_protected_against_cross_site_requests(make_user):
    user = make_user(Role.OFFICER)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def test_repeated_failed_sign_ins_are_locked_out(client, make_user, settings):
    user = make_user(Role.OFFICER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.SUBGROUP_LEAD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a-brand-new-long-password-42"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@test.example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


def test_sessions_expire_after_inactivity(client, make_user, settings):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    client.force_login(make_user(Role.OFFICER))
    assert client.get(reverse("home")).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    # Each request pushes the expiry on by the idle limit...
    assert session.expire_date > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # ...so a session left idle past it is gone, and the next request goes to sign-in.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_person_without_a_role_is_told_to_ask_for_one(client, make_user):
    client.force_login(make_user(None))
    page = client.get(reverse("home")).content.decode()
    assert "You have no role yet" in page


def test_a_person_without_a_role_reaches_only_the_home_page(client, make_user):
    client.force_login(make_user(None))
    names = sorted(set(_routes()) - PUBLIC_URL_NAMES - FEED_URL_NAMES - {"logout"})
    reachable = [name for name in names if client.get(reverse(name)).status_code == 200]
    assert reachable == ["home"]


@pytest.mark.parametrize("role", Role.values)
def test_every_role_reaches_every_section_of_the_navigation(client, make_user, role):
    client.force_login(make_user(role))
    for name in ("inspections:index", "actions:index", "reports:dashboards", "reports:index"):
        assert client.get(reverse(name)).status_code == 200, name


# Sample values for each kind of path argument: any value will do, the page must never be reached signed out.
SAMPLE_ARGUMENTS = {
    "int": 1, "slug": "sample-slug", "string": "sample", "path": "sample/path", "uuid": uuid.UUID(int=1)
}
# The calendar feeds' token is their credential (Outlook cannot sign in); a wrong token is a 404.
TOKEN_URL_NAMES = {"inspections:my_feed", "inspections:inspection_feed"}


def _sample_url(name: str, pattern: URLPattern) -> str:
    kinds = {
        argument: type(converter).__name__.removesuffix("Converter").lower()
        for argument, converter in pattern.pattern.converters.items()
    }
    return reverse(name, kwargs={argument: SAMPLE_ARGUMENTS[kind] for argument, kind in kinds.items()})


def test_only_sign_in_reset_health_accessibility_and_the_calendar_feeds_are_open_to_anyone():
    open_views = {name for name, pattern in _every_pattern() if not getattr(pattern.callback, "login_required", True)}
    assert open_views == PUBLIC_URL_NAMES | TOKEN_URL_NAMES | FEED_URL_NAMES


def test_the_data_feed_without_a_token_is_a_json_401_and_its_schema_is_open(client, db):
    for name, pattern in _every_pattern():
        if name in FEED_URL_NAMES - FEED_SCHEMA_URL_NAMES:
            response = client.get(_sample_url(name, pattern))
            assert response.status_code == 401, name
            assert response.json() == {"detail": "Unauthorized"}, name
    assert client.get(reverse("api:openapi-json")).json()["info"]["title"] == "SEND improvement plan data feed"
    assert client.get(reverse("api:openapi-view")).status_code == 200


def test_every_page_with_ids_in_its_address_redirects_anonymous_people_to_sign_in(client, db):
    patterns = [
        (name, pattern)
        for name, pattern in _every_pattern()
        if pattern.pattern.converters and name not in PUBLIC_URL_NAMES | TOKEN_URL_NAMES | FEED_URL_NAMES
    ]
    assert len(patterns) > 20 and "actions:action" in {name for name, _ in patterns}
    for name, pattern in patterns:
        url = _sample_url(name, pattern)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method.__name__, response.status_code)
            assert response["Location"].startswith(reverse("login") + "?next="), name


def test_a_calendar_feed_with_a_wrong_token_is_not_found(client, db):
    for name, pattern in _every_pattern():
        if name in TOKEN_URL_NAMES:
            assert client.get(_sample_url(name, pattern)).status_code == 404, name
