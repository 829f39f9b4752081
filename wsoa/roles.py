"""The roles people hold in each local area, what each role may do, and the checks every app's rules use.

A person belongs to one or more local areas through memberships (``wsoa.models.Membership``), with a role
in each: an ICB officer may lead actions in two areas' plans, a council officer in one. What a role may do
is a list of model permissions ("app_label.codename" patterns); where it may do it is the membership's
area. Superusers (made on the command line) are administrators of every area.

Two questions, asked everywhere:
- which areas may this person see at all (``visible_area_ids``) — every selector filters by it, so another
  area's object is simply not found (404);
- may they do this thing in that area (``has_perm_in``) — the object rules of each app build on it (403).
"""

from collections.abc import Iterable
from fnmatch import fnmatch
from functools import lru_cache, wraps

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "Administrator", "Administrator"
    OFFICER = "SEND officer", "SEND officer (action lead)"
    SUBGROUP_LEAD = "Subgroup lead", "Subgroup lead"
    BOARD_CHAIR = "Board chair", "Board chair"
    DEMOCRATIC_SERVICES = "Democratic services", "Democratic services"
    REGIONAL_ADVISER = "Regional adviser", "Regional adviser (reads the areas assigned)"


# Who may give a role to whom: lowest first. Nobody gives a role above their own; only a superuser gives the
# Administrator role (docs/decisions/0028-people-in-the-service.md). Only administrators manage people, and a
# subgroup lead invites the lead of an action in their subgroup, so in practice the order decides that a
# subgroup lead gives only the SEND officer role and an administrator every role but their own.
ROLE_ORDER: tuple[str, ...] = (
    Role.OFFICER,
    Role.SUBGROUP_LEAD,
    Role.BOARD_CHAIR,
    Role.DEMOCRATIC_SERVICES,
    Role.REGIONAL_ADVISER,
    Role.ADMINISTRATOR,
)


def roles_below(role: str) -> list[str]:
    """The roles someone holding ``role`` may give: those strictly below it."""
    return list(ROLE_ORDER[: ROLE_ORDER.index(role)])


def grantable_roles(user, area_id: int | None) -> list[str]:
    """The roles the person may give in that area, lowest first: every role for a superuser; for anyone else
    the roles below the highest they hold there (so never the Administrator role)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return list(ROLE_ORDER)
    held = roles_in(user, area_id)
    if not held:
        return []
    return roles_below(max(held, key=ROLE_ORDER.index))


_READ_EVERYTHING = ["inspections.view_*", "actions.view_*", "governance.view_*", "reports.view_*"]

# Model permissions per role, as "app_label.codename" patterns. Object rules (an officer edits only the
# actions they lead) are checked on top of these by each app's permissions module.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMINISTRATOR: ["wsoa.*", "inspections.*", "actions.*", "governance.*", "reports.*"],
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
    Role.BOARD_CHAIR: _READ_EVERYTHING,
    Role.DEMOCRATIC_SERVICES: [*_READ_EVERYTHING, "reports.*"],
    Role.REGIONAL_ADVISER: _READ_EVERYTHING,
}


@lru_cache(maxsize=1024)
def role_grants(role: str, perm: str) -> bool:
    """Whether the role's permission patterns cover ``perm`` ("actions.change_action")."""
    return any(fnmatch(perm, pattern) for pattern in ROLE_PERMISSIONS.get(role, ()))


def role_covers_app(role: str, app_label: str) -> bool:
    """Whether any of the role's permissions is in that app (for the admin site's app list)."""
    return any(pattern.split(".", 1)[0] == app_label for pattern in ROLE_PERMISSIONS.get(role, ()))


# --- what a person holds, read once per request ------------------------------------------------------


def memberships_of(user) -> dict[int, frozenset[str]]:
    """Area id → the person's roles there. Superusers are administrators of every area. Cached on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_area_roles", None)
    if cached is None:
        cached = _load_memberships(user)
        user._area_roles = cached
    return cached


def _load_memberships(user) -> dict[int, frozenset[str]]:
    from django.apps import apps

    if user.is_superuser:
        area_model = apps.get_model("inspections", "LocalArea")
        return {pk: frozenset({Role.ADMINISTRATOR}) for pk in area_model.objects.values_list("pk", flat=True)}
    roles: dict[int, set[str]] = {}
    for area_id, role in user.memberships.values_list("area_id", "role"):
        roles.setdefault(area_id, set()).add(role)
    return {area_id: frozenset(held) for area_id, held in roles.items()}


def forget_memberships(user) -> None:
    """Drop the cached memberships (after a person's roles change in the same request or test)."""
    for name in ("_area_roles", "_role_names"):
        if hasattr(user, name):
            delattr(user, name)


def roles_of(user) -> set[str]:
    """Every role the person holds in any area (superusers: Administrator, even before any area exists)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = {role for held in memberships_of(user).values() for role in held}
        if user.is_superuser:
            cached.add(Role.ADMINISTRATOR)
        user._role_names = cached
    return cached


def roles_in(user, area_id: int | None) -> frozenset[str]:
    return memberships_of(user).get(area_id, frozenset())


def visible_area_ids(user) -> frozenset[int]:
    """The areas whose data the person may see: those where they hold any role."""
    return frozenset(memberships_of(user))


def area_ids_where(user, perm: str) -> frozenset[int]:
    """The areas where one of the person's roles grants ``perm``."""
    return frozenset(
        area_id for area_id, held in memberships_of(user).items() if any(role_grants(role, perm) for role in held)
    )


def has_perm_in(user, perm: str, area_id: int | None) -> bool:
    """Whether the person may do ``perm`` in that area (superusers everywhere)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(role_grants(role, perm) for role in roles_in(user, area_id))


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def has_role_in(user, area_id: int | None, *roles: str) -> bool:
    if Role.ADMINISTRATOR in roles and getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(roles_in(user, area_id) & set(roles))


def is_administrator(user) -> bool:
    """An administrator of at least one area."""
    return has_role(user, Role.ADMINISTRATOR)


def is_administrator_in(user, area_id: int | None) -> bool:
    return has_role_in(user, area_id, Role.ADMINISTRATOR)


def role_required(*roles: str):
    """A view decorator: the signed-in person must hold one of these roles somewhere (any role when none named)."""
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


def check_roles(roles: Iterable[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown role: {', '.join(sorted(unknown))}")


def may_give(user, area_id: int | None, role: str) -> bool:
    """Whether the person may give (or take away, or change) ``role`` in that area."""
    return role in grantable_roles(user, area_id)


def may_manage(editor, person) -> bool:
    """Whether ``editor`` may deactivate, reactivate or edit ``person``: never themselves, a superuser or staff
    member; otherwise only if every role the person holds is one the editor may give in its area (so an
    administrator of one area never locks out a person who also works in another)."""
    if not editor.is_active or person.pk == editor.pk:
        return False
    if editor.is_superuser:
        return True
    if person.is_superuser or person.is_staff:
        return False
    held = list(person.memberships.values_list("area_id", "role"))
    return bool(held) and all(may_give(editor, area_id, role) for area_id, role in held)
