"""Roles are held in local areas: what a role may do, where, and what the person may see."""

import pytest

from tests.inspections.factories import LocalAreaFactory
from wsoa.models import Membership
from wsoa.roles import (
    ROLE_PERMISSIONS,
    Role,
    area_ids_where,
    has_perm_in,
    has_role,
    is_administrator_in,
    role_grants,
    roles_of,
    visible_area_ids,
)
from wsoa.services import memberships_set, user_create

pytestmark = pytest.mark.django_db


def test_every_role_has_its_permissions():
    assert set(ROLE_PERMISSIONS) == set(Role.values)


@pytest.mark.parametrize("role", [Role.BOARD_CHAIR, Role.REGIONAL_ADVISER])
def test_read_only_roles_hold_no_change_permissions(role):
    assert role_grants(role, "actions.view_action")
    for perm in ("actions.change_action", "actions.add_progressupdate", "inspections.change_inspection"):
        assert not role_grants(role, perm), perm


def test_administrators_can_manage_users():
    assert role_grants(Role.ADMINISTRATOR, "wsoa.change_user")


def test_a_role_counts_only_in_its_own_area():
    home, neighbour = LocalAreaFactory(), LocalAreaFactory()
    officer = user_create(email="o@test.example.org", first_name="O", last_name="F",
                          memberships=[(home, Role.OFFICER)])
    assert has_perm_in(officer, "actions.change_action", home.pk)
    assert not has_perm_in(officer, "actions.change_action", neighbour.pk)
    assert visible_area_ids(officer) == {home.pk}
    assert officer.has_perm("actions.change_action")  # somewhere: what the navigation asks
    assert not officer.has_perm("inspections.change_inspection")


def test_a_person_in_two_areas_sees_both_with_each_areas_role():
    home, neighbour = LocalAreaFactory(), LocalAreaFactory()
    person = user_create(email="icb@test.example.org", first_name="I", last_name="C",
                         memberships=[(home, Role.OFFICER), (neighbour, Role.REGIONAL_ADVISER)])
    assert visible_area_ids(person) == {home.pk, neighbour.pk}
    assert area_ids_where(person, "actions.change_action") == {home.pk}
    assert roles_of(person) == {Role.OFFICER, Role.REGIONAL_ADVISER}


def test_user_create_sets_memberships_and_never_staff_status():
    area = LocalAreaFactory()
    admin = user_create(email="Boss@Test.example.org", first_name="B", last_name="O",
                        memberships=[(area, Role.ADMINISTRATOR)])
    officer = user_create(email="o@test.example.org", first_name="O", last_name="F",
                          memberships=[(area, Role.OFFICER)])
    assert admin.email == "boss@test.example.org"
    # Staff status opens nothing any more: the administration site is for superusers only.
    assert not admin.is_staff and not officer.is_staff
    assert has_role(officer, Role.OFFICER) and not has_role(officer, Role.ADMINISTRATOR)
    assert is_administrator_in(admin, area.pk) and not is_administrator_in(officer, area.pk)


def test_memberships_set_adds_and_removes_only_the_difference_with_history():
    home, neighbour = LocalAreaFactory(), LocalAreaFactory()
    person = user_create(email="p@test.example.org", first_name="P", last_name="Q",
                         memberships=[(home, Role.OFFICER)])
    kept = Membership.objects.get(user=person)
    memberships_set(user=person, memberships=[(home, Role.OFFICER), (neighbour, Role.SUBGROUP_LEAD)])
    assert Membership.objects.filter(user=person).count() == 2
    assert Membership.objects.filter(pk=kept.pk).exists()
    memberships_set(user=person, memberships=[(neighbour, Role.SUBGROUP_LEAD)])
    assert visible_area_ids(person) == {neighbour.pk}
    reasons = set(Membership.history.filter(user_id=person.pk).values_list("history_change_reason", flat=True))
    assert reasons == {"Role given", "Role removed"}


def test_user_create_refuses_an_unknown_role():
    with pytest.raises(ValueError, match="Unknown role"):
        user_create(email="x@test.example.org", first_name="X", last_name="Y",
                    memberships=[(LocalAreaFactory(), "Emperor")])


def test_superusers_administer_every_area(django_user_model):
    home, neighbour = LocalAreaFactory(), LocalAreaFactory()
    root = django_user_model.objects.create_superuser(email="root@test.example.org", password="x" * 20)
    assert has_role(root, Role.ADMINISTRATOR)
    assert visible_area_ids(root) == {home.pk, neighbour.pk}
    assert is_administrator_in(root, neighbour.pk)


def test_a_deactivated_person_holds_nothing():
    area = LocalAreaFactory()
    person = user_create(email="gone@test.example.org", first_name="G", last_name="O",
                         memberships=[(area, Role.ADMINISTRATOR)])
    person.is_active = False
    assert visible_area_ids(person) == set()
    assert not person.has_perm("actions.view_action")
