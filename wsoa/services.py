"""Writes about people: creating users and giving them roles."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role


def user_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    password: str | None = None,
    job_title: str = "",
    organisation: str = "",
) -> User:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown role: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        user, _ = User.objects.get_or_create(email=email.lower())
        user.first_name = first_name
        user.last_name = last_name
        user.job_title = job_title
        user.organisation = organisation
        # Administrators set up the service in the admin site, which needs staff status.
        user.is_staff = Role.ADMINISTRATOR in roles
        if password is not None:
            user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
    return user
