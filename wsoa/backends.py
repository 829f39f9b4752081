"""Permissions from area memberships: ``user.has_perm(perm)`` is true when a role in some area grants it.

Whether the person may act on one object is the object's area's question (``wsoa.roles.has_perm_in``),
asked by each app's permissions module; this backend answers only "anywhere?", which is what the
navigation and the first check of every view need. Django's groups and per-user permissions are not used.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from .roles import area_ids_where, memberships_of, role_covers_app


class AreaRoleBackend(ModelBackend):
    """Signs people in as ModelBackend does; permissions come from their roles in their areas."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        # With passwords switched off no form signs anyone in with one, the administrators' site's included.
        if not settings.PASSWORD_SIGN_IN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or obj is not None:
            return False
        return bool(area_ids_where(user_obj, perm))

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active:
            return False
        return any(role_covers_app(role, app_label) for held in memberships_of(user_obj).values() for role in held)
