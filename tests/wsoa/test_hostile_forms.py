"""Hostile input in every form of the service: no answer is a server error, no markup comes back raw, and a
refused form saves nothing.

The walk finds the forms itself. It visits every URL pattern of the project (ids from the action plan's
small world), reads each page's forms and links as a browser would, starts from what the form already holds,
then sends each payload in each field (see FormWalk for how it keeps that quick). A new pattern that the walk
cannot reach fails the test until it is given its ids in hostile_pages.py or left out on purpose.
"""

from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404

from tests.actions.conftest import World
from tests.wsoa.form_walk import FormWalk
from tests.wsoa.hostile_pages import (
    LEFT_OUT,
    PAGES,
    Page,
    pinned_today,  # noqa: F401 - the walk's fixed day
    url_names,
)
from tests.wsoa.html_forms import Control, Form, read_page
from wsoa.models import User

WALKED = sorted(set(url_names(get_resolver().url_patterns)) - set(LEFT_OUT))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_walk_names_only_patterns_that_exist():
    named = set(url_names(get_resolver().url_patterns))
    assert set(PAGES) <= named, f"PAGES names patterns that are gone: {set(PAGES) - named}"
    assert set(LEFT_OUT) <= named, f"LEFT_OUT names patterns that are gone: {set(LEFT_OUT) - named}"


def _client(world: World, page: Page) -> Client:
    client = Client(enforce_csrf_checks=True)
    if page.as_superuser:
        client.force_login(User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
            email="root@example.org", password=None, first_name="Root", last_name="User"))
    elif page.signed_in:
        client.force_login(world.people["administrator"])
    return client


def _target(page_path: str, action: str) -> tuple[str, str | None]:
    """The path a form is sent to, and its pattern's name (None for an address outside the project)."""
    path = urlsplit(urljoin(page_path, action)).path
    try:
        return path, resolve(path).view_name
    except Resolver404:
        return path, None


def _link_forms(page_path: str, links: list[str]) -> list[Form]:
    """Links back to the page with a query (the pages of a list): each kind is a GET form of its parameters."""
    forms: dict[tuple[str, ...], Form] = {}
    for link in links:
        parts = urlsplit(urljoin(page_path, link))
        if parts.path == page_path and parts.query:
            controls = [Control(name, "hidden", value) for name, value in parse_qsl(parts.query)]
            forms.setdefault(tuple(sorted(c.name for c in controls)), Form("get", link, controls=controls))
    return list(forms.values())


def _open_holder(client: Client, name: str, page: Page, world: World):
    """The page that holds the pattern's forms, reached as a person reaches it; the walk fails if it cannot."""
    if page.prepare:
        client.handler.enforce_csrf_checks = False  # the steps before are not what is being tried
        page.prepare(client, world)
        client.handler.enforce_csrf_checks = True
    holder = page.form_on or name
    try:
        path = reverse(holder, kwargs=PAGES.get(holder, Page()).ids(world))
        reverse(name, kwargs=page.ids(world))
    except NoReverseMatch:
        pytest.fail(f"{name} needs ids: give it a Page in PAGES, or leave it out in LEFT_OUT with the reason")
    response = client.get(path, follow=True)
    reached = resolve(response.request["PATH_INFO"]).view_name
    assert response.status_code == 200 and reached == holder, (
        f"The walk cannot reach {name}: {path} answered {response.status_code} on {reached}. "
        "If it only takes a form from another page, name that page in its Page(form_on=...)."
    )
    return response


@pytest.mark.parametrize("name", WALKED)
def test_no_form_answers_hostile_input_with_a_server_error(name, world, monkeypatch):
    monkeypatch.setattr("actions.views.ACTIONS_PER_PAGE", 1)  # so the action list has pages to ask for
    page = PAGES.get(name, Page())
    client = _client(world, page)
    response = _open_holder(client, name, page, world)
    holder, page_path = page.form_on or name, response.request["PATH_INFO"]
    contents = read_page(response.content.decode())
    problems, fuzzed = [], 0
    for form in contents.forms + _link_forms(page_path, contents.links):
        path, target = _target(page_path, form.action)
        if target in LEFT_OUT or target is None:
            continue
        if target != name:
            assert PAGES.get(target, Page()).form_on == holder or target == holder, (
                f"A form on {holder} is sent to {target}: give {target} a Page(form_on={holder!r})"
            )
            continue
        walk = FormWalk(client, form, path)
        walk.run(page.typed(world))
        problems += walk.problems
        fuzzed += 1
    if page.form_on:
        assert fuzzed, f"No form on {holder} is sent to {name}"
    if problems:
        pytest.fail(f"{len(problems)} problems on {holder}:\n" + "\n".join(problems[:60]), pytrace=False)
