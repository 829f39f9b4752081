"""Who may see and change which inspection: the role's permission in the inspection's own area.

Seeing is the selectors' business (they return only the person's areas, so another area's inspection is a
404); these rules say what a person may do with an inspection they can see. A person's roles come from
their memberships of local areas (``wsoa/roles.py``); superusers administer every area.
"""

from wsoa.roles import area_ids_where, has_perm_in, is_administrator_in

from .models import Inspection

VIEW = "inspections.view_inspection"
ADD = "inspections.add_inspection"
CHANGE = "inspections.change_inspection"


def can_view_inspections(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW)


def can_add_inspection(user) -> bool:
    """Somewhere: the person administers at least one area (the form offers only those)."""
    return user.is_authenticated and bool(area_ids_where(user, ADD))


def areas_for_new_inspection(user) -> frozenset[int]:
    return area_ids_where(user, ADD)


def can_change_inspection(user, inspection: Inspection) -> bool:
    return user.is_authenticated and has_perm_in(user, CHANGE, inspection.area_id)


def is_responsible_for(user, inspection: Inspection) -> bool:
    """Named among the people reminded about the inspection's deadlines (needs them prefetched or queries)."""
    return any(person.pk == user.pk for person in inspection.responsible_people.all())


def can_mark_met(user, inspection: Inspection) -> bool:
    """The area's administrators and the people responsible for the deadlines mark a milestone met."""
    if not user.is_authenticated:
        return False
    return is_administrator_in(user, inspection.area_id) or is_responsible_for(user, inspection)


def can_set_up_plan(user, area_id: int) -> bool:
    """Setting up an inspection's plan, and its legend, subgroups and strands: the area's administrators."""
    return (
        user.is_authenticated and has_perm_in(user, "actions.add_plan", area_id) and is_administrator_in(user, area_id)
    )


def areas_for_plan_set_up(user) -> frozenset[int]:
    return frozenset(area_id for area_id in area_ids_where(user, "actions.add_plan") if can_set_up_plan(user, area_id))
