"""Reads about people for the People pages: only those holding a role in an area the reader administers."""

from django.apps import apps
from django.db.models import Count, Prefetch, Q, Value

from .admin_scoping import administered_area_ids
from .models import Membership, User
from .roles import grantable_roles


def areas_to_give_roles_in(user):
    """The local areas where the person may give some role, by name (every area for a superuser)."""
    area_model = apps.get_model("inspections", "LocalArea")
    areas = area_model.objects.order_by("name")
    if user.is_superuser:
        return areas
    return areas.filter(pk__in=[pk for pk in administered_area_ids(user) if grantable_roles(user, pk)])


def people_for(user):
    """People with a role in the reader's administered areas (everyone for a superuser), each with
    ``roles_shown`` (their memberships in those areas, area and role in order) and ``roles_elsewhere``."""
    shown = Membership.objects.select_related("area").order_by("area__name", "role")
    people = User.objects.all()
    elsewhere = Value(0)
    if not user.is_superuser:
        areas = administered_area_ids(user)
        shown = shown.filter(area__in=areas)
        people = people.filter(pk__in=Membership.objects.filter(area__in=areas).values("user"))
        elsewhere = Count("memberships", filter=~Q(memberships__area__in=areas))
    return (
        people.prefetch_related(Prefetch("memberships", queryset=shown, to_attr="roles_shown"))
        .annotate(roles_elsewhere=elsewhere)
        .order_by("-is_active", "last_name", "first_name", "email")
    )


def memberships_for(user):
    """The memberships the reader may see on the People pages: those of the areas they administer."""
    memberships = Membership.objects.select_related("area", "user")
    return memberships if user.is_superuser else memberships.filter(area__in=administered_area_ids(user))
