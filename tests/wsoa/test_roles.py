"""Roles are groups with exactly their permissions, and people get them through the service."""

import pytest
from django.contrib.auth.models import Group

from wsoa.roles import ROLE_PERMISSIONS, Role, has_role, roles_of
from wsoa.services import user_create


def test_every_role_exists_as_a_group_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    assert set(ROLE_PERMISSIONS) == set(Role.values)


def test_read_only_roles_hold_no_change_permissions(db):
    for role in (Role.BOARD_CHAIR,):
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert not [name for name in codenames if not name.startswith("view_")], role


def test_administrators_can_manage_users(db):
    codenames = set(Group.objects.get(name=Role.ADMINISTRATOR).permissions.values_list("codename", flat=True))
    assert {"add_user", "change_user", "view_user"} <= codenames


def test_user_create_sets_roles_and_staff_status_for_administrators(db):
    admin = user_create(email="Boss@Test.example.org", first_name="B", last_name="O", roles=[Role.ADMINISTRATOR])
    officer = user_create(email="o@test.example.org", first_name="O", last_name="F", roles=[Role.OFFICER])
    assert admin.email == "boss@test.example.org"
    assert admin.is_staff and not officer.is_staff
    assert has_role(officer, Role.OFFICER) and not has_role(officer, Role.ADMINISTRATOR)
    assert roles_of(admin) == {Role.ADMINISTRATOR}


def test_user_create_refuses_an_unknown_role(db):
    with pytest.raises(ValueError, match="Unknown role"):
        user_create(email="x@test.example.org", first_name="X", last_name="Y", roles=["Emperor"])


def test_superusers_count_as_administrators(db, django_user_model):
    root = django_user_model.objects.create_superuser(email="root@test.example.org", password="x" * 20)
    assert has_role(root, Role.ADMINISTRATOR)
