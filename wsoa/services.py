"""Writes about people: creating users and giving them roles in local areas."""

from collections.abc import Iterable

from django.db import transaction

from .models import Membership, User
from .roles import Role, check_roles, forget_memberships


def user_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    memberships: Iterable[tuple[object, str]] = (),
    password: str | None = None,
    job_title: str = "",
    organisation: str = "",
) -> User:
    """Create (or refresh) a person with exactly these (area, role) memberships."""
    memberships = [(area, role) for area, role in memberships]
    check_roles(role for _, role in memberships)
    with transaction.atomic():
        user, _ = User.objects.get_or_create(email=email.lower())
        user.first_name = first_name
        user.last_name = last_name
        user.job_title = job_title
        user.organisation = organisation
        # Administrators set up the service in the admin site, which needs staff status.
        user.is_staff = any(role == Role.ADMINISTRATOR for _, role in memberships)
        if password is not None:
            user.set_password(password)
        user.save()
        memberships_set(user=user, memberships=memberships)
    return user


def memberships_set(*, user: User, memberships: Iterable[tuple[object, str]], by: User | None = None) -> None:
    """Give the person exactly these (area, role) memberships, adding and removing only the difference."""
    wanted = {(getattr(area, "pk", area), role) for area, role in memberships}
    check_roles(role for _, role in wanted)
    with transaction.atomic():
        held = {(m.area_id, m.role): m for m in Membership.objects.select_for_update().filter(user=user)}
        for key, membership in held.items():
            if key not in wanted:
                membership._history_user = by
                membership._change_reason = "Role removed"
                membership.delete()
        for area_id, role in sorted(wanted - set(held)):
            membership = Membership(user=user, area_id=area_id, role=role)
            membership._history_user = by
            membership._change_reason = "Role given"
            membership.save()
    forget_memberships(user)


def membership_add(*, user: User, area, role: str, by: User | None, reason: str) -> Membership:
    """Give the person one more role in one area (kept if they hold it already)."""
    check_roles([role])
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, area_id=area.pk, role=role).first()
        if membership is None:
            membership = Membership(user=user, area_id=area.pk, role=role)
            membership._history_user = by
            membership._change_reason = reason
            membership.save()
    forget_memberships(user)
    return membership
