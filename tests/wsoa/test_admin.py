"""The administration site is for superusers only: an Administrator, even one with staff status, reaches none of
it, and no request there or anywhere gives a role or flag above Administrator.

The walk covers every ModelAdmin registered on ``admin.site`` and every URL each one adds, so a newly
registered model is covered too: it fails until the fixture below makes one of its objects in each area.
"""
from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from actions.models import UpdateReminder
from inspections.models import DeadlineRuleSetting, LocalArea, NonWorkingDay
from tests.actions.factories import (
    ActionFactory,
    ImpactMeasureFactory,
    MeasureReadingFactory,
    OfficerFactory,
    PlanFactory,
    ProgressUpdateFactory,
    StrandFactory,
    SubgroupFactory,
    SubgroupLeadFactory,
    UserFactory,
)
from tests.inspections.factories import (
    CcgThenIcbFactory,
    LocalAreaFactory,
    WeaknessFactory,
    WsoaRequiredInspectionFactory,
)
from wsoa.models import Membership, User
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

# Registered models with no local area: everyone on the site may read them, only superusers change them.
NATIONAL = {DeadlineRuleSetting}
NEIGHBOUR_NAME = "Alphaville"


def _everything_in(area: LocalArea) -> dict:
    """One of each thing the admin site shows, in ``area``."""
    inspection = WsoaRequiredInspectionFactory(area=area)
    weakness = WeaknessFactory(inspection=inspection)
    CcgThenIcbFactory.create(area)
    officer = OfficerFactory(roles__areas=[area], first_name=f"{area.name} officer")
    plan = PlanFactory(inspection=inspection)
    subgroup = SubgroupFactory(plan=plan, name=f"{area.name} subgroup", lead=SubgroupLeadFactory(roles__areas=[area]))
    subgroup.members.add(officer)
    strand = StrandFactory(plan=plan, subgroup=subgroup, weaknesses=[weakness])
    action = ActionFactory(strand=strand, lead_officer=officer)
    ProgressUpdateFactory(action=action)
    MeasureReadingFactory(measure=ImpactMeasureFactory(strand=strand))
    UpdateReminder.objects.create(kind="officer", plan=plan, recipient=officer, month=date(2024, 1, 1))
    NonWorkingDay.objects.create(day=date(2030, 1, 3), name=f"{area.name} closure day", area=area)
    inspection.responsible_people.add(officer)
    return {"officer": officer, "plan": plan, "strand": strand, "weakness": weakness}


@pytest.fixture
def neighbour(db) -> LocalArea:
    """Area A, whose objects the administrator of area B must never reach."""
    area = LocalAreaFactory(name=NEIGHBOUR_NAME, local_authority="Alphaville Council")
    _everything_in(area)
    return area


@pytest.fixture
def home(db) -> dict:
    """Area B, with everything in it, and its administrator (staff, not a superuser)."""
    area = LocalAreaFactory(name="Betaford", local_authority="Betaford Council")
    things = _everything_in(area)
    NonWorkingDay.objects.create(day=date(2030, 1, 2), name="A day closed everywhere")
    administrator = UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[area], is_staff=True)
    return {"area": area, "administrator": administrator, **things}


@pytest.fixture
def b_client(client, home, neighbour):
    client.force_login(home["administrator"])
    return client


def _areas_of(obj) -> frozenset[int]:
    """The local areas an object belongs to, by its foreign keys (a person: the areas of their roles)."""
    if isinstance(obj, LocalArea):
        return frozenset({obj.pk})
    if isinstance(obj, User):
        return frozenset(obj.memberships.values_list("area_id", flat=True))
    for field in obj._meta.concrete_fields:
        if (field.many_to_one or field.one_to_one) and field.related_model is not User:
            target = getattr(obj, field.name)
            if target is not None:
                return _areas_of(target)
    return frozenset()


def _only_in(model, area: LocalArea) -> set:
    """The ids of ``model``'s objects that belong to ``area`` and to no other."""
    return {obj.pk for obj in model._default_manager.all() if _areas_of(obj) == {area.pk}}


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _object_urls(model, model_admin, obj) -> list[str]:
    """Every URL the model's admin adds that names one object, filled in with ``obj``."""
    latest_version = getattr(obj, "history", None) and obj.history.latest("history_id").history_id
    urls = []
    for pattern in model_admin.get_urls():
        names = set(pattern.pattern.converters)
        if not pattern.name or not names or ("version_id" in names and not latest_version):
            continue
        values = {"object_id": obj.pk, "id": obj.pk, "version_id": latest_version}
        urls.append(reverse(f"admin:{pattern.name}", kwargs={name: values[name] for name in names}))
    return urls


def _site_urls() -> list[str]:
    """The site's own pages: the index, each app's index, password change, autocomplete, sign-in and -out."""
    apps = sorted({model._meta.app_label for model in admin.site._registry})
    return [
        reverse("admin:index"), reverse("admin:password_change"), reverse("admin:password_change_done"),
        reverse("admin:autocomplete"), reverse("admin:login"), reverse("admin:jsi18n"),
        *[reverse("admin:app_list", args=[label]) for label in apps],
    ]


def _every_admin_url(areas) -> list[str]:
    urls = _site_urls()
    for model, model_admin in _registered():
        urls += [_url(model, "changelist"), _url(model, "add")] if model_admin.has_add_permission else []
        for area in areas:
            for obj in model._default_manager.filter(pk__in=_only_in(model, area)):
                urls += _object_urls(model, model_admin, obj)
    return urls


def test_an_administrator_with_staff_status_is_refused_every_admin_url_and_nothing_changes(
    b_client, home, neighbour
):
    from tests.wsoa.form_walk import row_counts

    administrator = home["administrator"]
    before = row_counts()
    urls = _every_admin_url([home["area"], neighbour])
    assert len(urls) > 60
    problems = []
    for url in urls:
        for method in ("get", "post"):
            response = getattr(b_client, method)(url, {"post": "yes", "is_superuser": "on", "name": "Taken over"})
            if response.status_code != 403:
                problems.append(f"{method.upper()} {url}: {response.status_code}")
            elif method == "get" and url == reverse("admin:index"):
                assert "for superusers only" in response.content.decode()
    assert problems == []
    assert row_counts() == before
    administrator.refresh_from_db()
    assert not administrator.is_superuser


def test_the_admin_sign_in_refuses_a_staff_administrator(client, home):
    administrator = home["administrator"]
    administrator.set_password("a-long-password-for-tests")
    administrator.save()
    response = client.post(reverse("admin:login"), {
        "username": administrator.email, "password": "a-long-password-for-tests", "next": reverse("admin:index"),
    })
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "Please enter the correct" in response.content.decode()


def test_a_superuser_reaches_every_admin_list_and_page(client, home, neighbour):
    client.force_login(User.objects.create_superuser("root@test.example.org", "a-long-password-for-tests"))
    assert client.get(reverse("admin:index")).status_code == 200
    for model, _ in _registered():
        assert client.get(_url(model, "changelist")).status_code == 200, model
    response = client.post(reverse("admin:login"), {})  # already in: the sign-in form is not in the way
    assert response.status_code in (200, 302)


def test_people_and_roles_are_managed_on_service_pages_not_in_the_admin():
    assert User not in admin.site._registry and Membership not in admin.site._registry
    assert Group not in admin.site._registry


def test_the_admin_index_is_not_offered_in_the_service_to_administrators(b_client):
    page = b_client.get(reverse("home")).content.decode()
    assert 'href="/admin/' not in page
