"""The five roles people hold, as Django groups with model permissions, and checks views use."""

from collections.abc import Iterable
from fnmatch import fnmatch

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction


class Role(models.TextChoices):
    ADMINISTRATOR = "Administrator", "Administrator"
    OFFICER = "SEND officer", "SEND officer (action lead)"
    SUBGROUP_LEAD = "Subgroup lead", "Subgroup lead"
    BOARD_CHAIR = "Board chair", "Board chair"
    DEMOCRATIC_SERVICES = "Democratic services", "Democratic services"


# Model permissions per role, as "app_label.codename" patterns. Object-level rules (an officer edits only
# the actions they lead) are checked on top of these by each app's permission functions.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMINISTRATOR: ["wsoa.*", "inspections.*", "actions.*", "reports.*", "auth.view_group"],
    Role.OFFICER: [
        "inspections.view_*",
        "actions.view_*",
        "actions.change_action",
        "actions.add_progressupdate",
    ],
    Role.SUBGROUP_LEAD: [
        "inspections.view_*",
        "actions.view_*",
        "actions.add_action",
        "actions.change_action",
        "actions.change_strand",
        "actions.add_progressupdate",
    ],
    Role.BOARD_CHAIR: ["inspections.view_*", "actions.view_*", "reports.view_*"],
    Role.DEMOCRATIC_SERVICES: ["inspections.view_*", "actions.view_*", "reports.*"],
}


def permissions_for(patterns: Iterable[str]) -> list[Permission]:
    patterns = list(patterns)
    chosen = []
    for permission in Permission.objects.select_related("content_type"):
        name = f"{permission.content_type.app_label}.{permission.codename}"
        if any(fnmatch(name, pattern) for pattern in patterns):
            chosen.append(permission)
    return chosen


def roles_sync(app_config=None, **_kwargs) -> None:
    """Create the role groups and give each exactly its permissions (runs after every migrate)."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is not None and app_config is not with_models[-1]:
        return
    with transaction.atomic():
        for role, patterns in ROLE_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=role)
            group.permissions.set(permissions_for(patterns))


def roles_of(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(Role.ADMINISTRATOR)
        user._role_names = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_administrator(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def role_required(*roles: str):
    """A view decorator: the signed-in person must hold one of these roles (any role when none are named)."""
    from functools import wraps

    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            held = roles_of(request.user)
            if not (held & set(roles) if roles else held):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked

    return decorator
