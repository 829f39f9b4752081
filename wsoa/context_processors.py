"""Values every page's layout needs: the service's and council's names, the phase, the navigation."""

from django.conf import settings
from django.urls import reverse

from .roles import is_administrator, roles_of

# (label, URL name, the URL namespaces or names that make the item current)
NAVIGATION = [
    ("Inspections", "inspections:index", {"inspections"}),
    ("Action plan", "actions:index", {"actions"}),
    ("Governance", "governance:index", {"governance"}),
    ("Dashboards", "reports:dashboards", {"reports:dashboards"}),
    ("Reports", "reports:index", {"reports:index"}),
]


# For administrators only: the People pages.
PEOPLE = ("People", "people", {"people", "person_invite", "person", "person_role_add", "membership_edit"})


def _navigation(request) -> list[dict]:
    match = getattr(request, "resolver_match", None)
    here = {match.namespace, match.view_name} if match else set()
    items = [*NAVIGATION, PEOPLE] if is_administrator(request.user) else NAVIGATION
    return [{"label": label, "href": reverse(name), "active": bool(here & current)} for label, name, current in items]


def service(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "service_phase": settings.PHASE,
        "user_roles": sorted(roles_of(user)) if signed_in else [],
        "service_navigation": _navigation(request) if signed_in else [],
    }
