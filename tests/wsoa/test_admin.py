"""The administration site keeps each administrator to their own areas, and gives no role or flag above theirs.

The isolation tests walk every ModelAdmin registered on ``admin.site`` (and every URL each one adds), so a
newly registered model is covered: it fails until the fixture below makes one of its objects in each area.
Which area an object belongs to is found by following its foreign keys, not by asking the admin.
"""
from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.forms import ModelChoiceField
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
from tests.admin_forms import extra_row, posted
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


def test_every_admin_list_shows_an_administrator_only_their_own_areas_objects(b_client, home, neighbour):
    for model, _ in _registered():
        response = b_client.get(_url(model, "changelist"))
        assert response.status_code in (200, 403), model
        if response.status_code == 403:
            continue
        shown = {obj.pk for obj in response.context["cl"].result_list}
        if model in NATIONAL:
            continue
        theirs, ours = _only_in(model, neighbour), _only_in(model, home["area"])
        assert theirs and ours, f"make a {model.__name__} in each area in this module's fixture"
        assert ours & shown, f"{model.__name__}: the administrator's own area is missing from the list"
        assert not theirs & shown, f"{model.__name__}: another area's objects are listed"
        assert NEIGHBOUR_NAME not in response.content.decode(), f"{model.__name__}: another area is named"


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


def test_every_admin_url_of_another_areas_object_answers_404(b_client, neighbour):
    walked = 0
    for model, model_admin in _registered():
        for obj in model._default_manager.filter(pk__in=_only_in(model, neighbour)):
            for url in _object_urls(model, model_admin, obj):
                walked += 1
                assert b_client.get(url).status_code == 404, url
                assert b_client.post(url, {"post": "yes", "name": "Taken over"}).status_code == 404, url
    assert walked > 30


def test_autocomplete_offers_no_other_areas_objects(b_client, neighbour):
    searched = 0
    for target, model_admin in _registered():
        if not model_admin.search_fields:
            continue
        theirs = _only_in(target, neighbour)
        for source in {relation.related_model for relation in target._meta.related_objects}:
            for field in source._meta.get_fields():
                if not (field.is_relation and field.concrete and field.related_model is target):
                    continue
                response = b_client.get(
                    reverse("admin:autocomplete"),
                    {"app_label": source._meta.app_label, "model_name": source._meta.model_name,
                     "field_name": field.name, "term": ""},
                )
                if response.status_code == 200:
                    searched += 1
                    found = {int(result["id"]) for result in response.json()["results"]}
                    assert found and not found & theirs, (source, field.name)
    assert searched


def _choice_fields(response):
    forms = [response.context["adminform"].form]
    forms += [form for inline in response.context["inline_admin_formsets"] for form in inline.formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            if isinstance(field, ModelChoiceField) and not field.widget.is_hidden:  # a row's own id is hidden
                yield name, field


def test_no_admin_form_offers_another_areas_objects(b_client, home, neighbour):
    checked = 0
    for model, _ in _registered():
        pages = [_url(model, "add")] + [_url(model, "change", pk) for pk in _only_in(model, home["area"])]
        for url in pages:
            response = b_client.get(url)
            if response.status_code != 200:
                continue
            for name, field in _choice_fields(response):
                checked += 1
                offered = set(field.queryset.values_list("pk", flat=True))
                assert not offered & _only_in(field.queryset.model, neighbour), (url, name)
    assert checked > 10


# --- people, roles and flags ------------------------------------------------------------------------------


def _change(client, person, **changes):
    url = _url(User, "change", person.pk)
    return client.post(url, posted(client.get(url), **changes))


def test_an_administrator_cannot_make_anyone_staff_or_superuser_or_give_permissions(b_client, home):
    administrator, officer = home["administrator"], home["officer"]
    group = Group.objects.create(name="Everything")
    permission = Permission.objects.get(codename="change_user")
    for person in (administrator, officer):
        response = _change(
            b_client, person, is_superuser="on", is_staff="on", groups=[group.pk], user_permissions=[permission.pk],
            job_title="Head of SEND",
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.job_title == "Head of SEND"  # the rest of the form was saved
        assert not person.is_superuser and person.groups.count() == 0 and person.user_permissions.count() == 0
    officer.refresh_from_db()
    assert not officer.is_staff


def test_an_administrator_cannot_give_the_administrator_role_or_a_role_outside_their_areas(b_client, home, neighbour):
    officer = home["officer"]
    url = _url(User, "change", officer.pk)
    for area, role in ((home["area"], Role.ADMINISTRATOR), (neighbour, Role.OFFICER), (neighbour, Role.SUBGROUP_LEAD)):
        data = posted(b_client.get(url))
        row = extra_row(data, "memberships")
        data.update({f"{row}-area": area.pk, f"{row}-role": role})
        response = b_client.post(url, data)
        assert response.status_code == 200, (area, role)
        assert "Select a valid choice" in response.content.decode()
    assert set(officer.memberships.values_list("area", "role")) == {(home["area"].pk, Role.OFFICER)}


def test_roles_given_in_the_admin_are_recorded_with_who_and_why(b_client, home):
    officer = home["officer"]
    url = _url(User, "change", officer.pk)
    data = posted(b_client.get(url))
    row = extra_row(data, "memberships")
    data.update({f"{row}-area": home["area"].pk, f"{row}-role": Role.BOARD_CHAIR})
    assert b_client.post(url, data).status_code == 302
    given = Membership.objects.get(user=officer, role=Role.BOARD_CHAIR)
    record = given.history.get()
    assert record.history_user == home["administrator"]
    assert record.history_change_reason.startswith("Changed in the administration site: memberships. Role given")


def test_the_people_list_shows_only_people_sharing_an_area_with_their_roles_in_words(b_client, home, neighbour):
    both = OfficerFactory(first_name="Both", roles__areas=[home["area"], neighbour])
    page = b_client.get(_url(User, "changelist"))
    shown = set(page.context["cl"].result_list)
    assert {home["officer"], both} <= shown
    assert not shown & set(User.objects.filter(pk__in=_only_in(User, neighbour)))
    text = page.content.decode()
    assert "SEND officer (action lead) in Betaford" in text and "1 in other areas" in text


def test_a_person_with_a_role_in_another_area_is_read_only_to_an_administrator_of_one(b_client, home, neighbour):
    both = OfficerFactory(first_name="Both", roles__areas=[home["area"], neighbour])
    page = b_client.get(_url(User, "change", both.pk))
    assert page.status_code == 200 and 'name="email"' not in page.content.decode()
    assert b_client.post(_url(User, "change", both.pk), {"email": "taken@example.org"}).status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[both.pk])
    assert b_client.post(password_url, {"password1": "x" * 20, "password2": "x" * 20}).status_code == 403
    both.refresh_from_db()
    assert both.email != "taken@example.org" and both.check_password("x" * 20) is False


def test_an_administrator_adds_a_person_with_a_role_in_their_area(b_client, home):
    url = _url(User, "add")
    person = {"email": "new.officer@betaford.example.org", "first_name": "New", "last_name": "Officer",
              "password1": "a-long-password-for-tests", "password2": "a-long-password-for-tests"}
    data = posted(b_client.get(url), **person)
    refused = b_client.post(url, data)
    assert refused.status_code == 200 and "Give the person a role in one of your areas" in refused.content.decode()
    data.update({"memberships-0-area": home["area"].pk, "memberships-0-role": Role.OFFICER})
    assert b_client.post(url, data).status_code == 302
    added = User.objects.get(email=person["email"])
    assert set(added.memberships.values_list("area", "role")) == {(home["area"].pk, Role.OFFICER)}
    assert not added.is_staff and not added.is_superuser


def test_only_a_superuser_makes_an_administrator(client, home):
    client.force_login(User.objects.create_superuser("root@test.example.org", "a-long-password-for-tests"))
    officer = home["officer"]
    url = _url(User, "change", officer.pk)
    data = posted(client.get(url), is_staff="on")
    row = extra_row(data, "memberships")
    data.update({f"{row}-area": home["area"].pk, f"{row}-role": Role.ADMINISTRATOR})
    assert client.post(url, data).status_code == 302
    officer.refresh_from_db()
    assert officer.is_staff and officer.memberships.filter(role=Role.ADMINISTRATOR, area=home["area"]).exists()


def test_groups_are_not_offered_roles_are_memberships(client, home):
    client.force_login(User.objects.create_superuser("root@test.example.org", "a-long-password-for-tests"))
    page = client.get(_url(User, "change", home["officer"].pk)).content.decode()
    assert 'name="groups"' not in page and 'name="user_permissions"' not in page
    assert Group not in admin.site._registry
