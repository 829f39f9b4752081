"""The layout, error pages, security headers and the health endpoint."""

import json

from django.urls import reverse

from wsoa.roles import Role


def test_pages_send_a_content_security_policy_with_a_nonce_for_our_scripts(client, make_user):
    client.force_login(make_user(Role.OFFICER))
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    page = response.content.decode()
    # Every script on the page carries the nonce; none comes from elsewhere.
    assert page.count("<script") == page.count(f'nonce="{nonce}"')
    assert "https://" not in page.split("<body")[0]


def test_layout_has_skip_link_phase_banner_and_council_name(client, make_user, settings):
    client.force_login(make_user(Role.BOARD_CHAIR))
    page = client.get(reverse("home")).content.decode()
    assert 'class="govuk-skip-link"' in page and 'href="#main-content"' in page
    assert "govuk-phase-banner" in page
    assert settings.COUNCIL_NAME in page
    assert 'lang="en-GB"' in page
    assert "govuk-header__logotype" not in page and "govuk-generic-header" in page


def test_current_section_is_marked_in_the_navigation(client, make_user):
    client.force_login(make_user(Role.OFFICER))
    page = client.get(reverse("actions:index")).content.decode()
    assert 'aria-current="page"' in page
    current = page.split('aria-current="page"')[1].split("</a>")[0]
    assert "Action plan" in current


def test_unknown_page_gets_the_styled_404(client, make_user):
    client.force_login(make_user(Role.OFFICER))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_renders_without_the_database(rf):
    from wsoa.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_health_reports_database_and_broker(client, db):
    response = client.get(reverse("health"))
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "in-process"}


def test_health_says_unavailable_when_the_broker_is_down(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert json.loads(response.content)["broker"].startswith("unavailable")


def test_accessibility_statement_is_public(client, db):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "WCAG" in response.content.decode()


def test_the_accessibility_statement_says_what_is_tested_and_what_falls_short(client, db, settings):
    from tests.browser.test_every_page_accessible import EMPTY_FORMS, ROLE_VIEWS, ROLES
    from tests.wsoa.test_area_isolation import _url_names

    settings.SESSION_COOKIE_AGE = 45 * 60
    page = " ".join(client.get(reverse("accessibility")).content.decode().split())
    # The figures are those of the every-page walk: every address it accounts for, every role view it checks.
    assert f"each of the service's {len(_url_names())} addresses is opened" in page
    assert f"{len(ROLE_VIEWS) * len(ROLES)} views of the pages that differ by role" in page
    assert f"and {len(EMPTY_FORMS)} forms sent empty" in page
    # Every role the checks are done as is named, from the roles themselves.
    named = page.split("as each of the seven kinds of demonstration person: ")[1].split(", and a person")[0]
    assert named == ", ".join(Role.values) and len(ROLES) == len(Role.values) + 1
    assert "checked with axe-core against the WCAG 2.0, 2.1 and 2.2 rules at levels A and AA" in page
    assert "three tasks are done with the keyboard alone (Tab, Shift and Tab, Enter, Space" in page
    assert "checked to fit a screen 320 pixels wide" in page and "PDF/UA-1" in page
    assert "What is known not to meet WCAG 2.2 AA" in page
    assert "signed out after 45 minutes without using the service, with no warning" in page


def test_home_page_tells_an_officer_how_many_updates_they_owe(client, make_user):
    from django.utils import timezone

    from tests.actions.factories import ActionFactory

    officer = make_user(Role.OFFICER)
    client.force_login(officer)
    assert "You owe" not in client.get(reverse("home")).content.decode()
    ActionFactory.create_batch(2, lead_officer=officer)
    page = client.get(reverse("home")).content.decode()
    assert f"You owe 2 progress updates for {timezone.localdate():%B %Y}" in page
    assert reverse("actions:my_actions") in page



def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_the_policy_forbids_framing_foreign_forms_base_and_plugins_and_referrers_stay_on_the_site(client, make_user):
    anonymous = client.get(reverse("login"))
    client.force_login(make_user(Role.OFFICER))
    response = client.get(reverse("home"))
    directives = _directives(response)
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    # The sign-in page, which anyone reaches, has the same policy but for its own nonce.
    without_nonce = {name: [v for v in values if "nonce-" not in v] for name, values in directives.items()}
    assert {
        name: [v for v in values if "nonce-" not in v] for name, values in _directives(anonymous).items()
    } == without_nonce
    assert anonymous["Referrer-Policy"] == "same-origin"
