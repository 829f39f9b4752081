"""Who may do what: every person of the matrix against every action-plan page, by GET and by POST."""
from datetime import date

import pytest
from django.urls import reverse

from actions import permissions
from actions.models import Action, Plan
from tests.actions.conftest import World
from tests.actions.factories import ActionFactory, OfficerFactory, UserFactory
from tests.inspections.factories import WsoaRequiredInspectionFactory
from wsoa.roles import Role, roles_in

pytestmark = pytest.mark.django_db

EVERYONE_WITH_A_ROLE = {
    "administrator", "action lead officer", "other officer", "strand's subgroup lead", "other subgroup lead",
    "board chair", "democratic services",
}
RESPONSIBLE_FOR_ACTION = {"administrator", "action lead officer", "strand's subgroup lead"}
RESPONSIBLE_FOR_STRAND = {"administrator", "strand's subgroup lead"}
MATRIX_PEOPLE = sorted(EVERYONE_WITH_A_ROLE | {"no role"})


def _valid_post(world: World, name: str) -> dict:
    action = world.action
    if name in {"action_edit", "action_create"}:
        return {
            "strand": str(world.strand.pk), "reference": "1.1" if name == "action_edit" else "1.9",
            "title": "Audit EHC plans",
            "lead_officer": str(action.lead_officer_id), "rating": "green", "version": str(action.version),
            "due_date_0": "31", "due_date_1": "3", "due_date_2": str(date.today().year + 1),
        }
    if name == "progress_update":
        return {"month": date.today().replace(day=1).isoformat(), "rating": "green", "narrative": "On track"}
    if name == "strand_edit":
        return {"title": "EHC plans and reviews"}
    raise AssertionError(name)


def _default_plan_settings() -> dict:
    """The set-up form as it opens: the default settings and the default legend's rows, unchanged."""
    from actions.forms_setup import legend_rows_initial

    rows = legend_rows_initial(None)
    data = {"section_label": "strand", "reminder_day": "1", "escalation_working_days": "5",
            "rating-TOTAL_FORMS": str(len(rows)), "rating-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"rating-{index}-{name}": value for name, value in row.items() if value is not False})
    return data


# (URL name, how to get its arguments from the world, who may GET it, who may POST it; None: GET only)
PAGES = [
    ("index", lambda w: [], EVERYONE_WITH_A_ROLE, None),
    ("plan", lambda w: [w.plan.pk], EVERYONE_WITH_A_ROLE, None),
    ("action_list", lambda w: [w.plan.pk], EVERYONE_WITH_A_ROLE, None),
    ("my_actions", lambda w: [], EVERYONE_WITH_A_ROLE, None),
    ("strand", lambda w: [w.strand.pk], EVERYONE_WITH_A_ROLE, None),
    ("action", lambda w: [w.action.pk], EVERYONE_WITH_A_ROLE, None),
    ("strand_edit", lambda w: [w.strand.pk], RESPONSIBLE_FOR_STRAND, RESPONSIBLE_FOR_STRAND),
    ("action_create", lambda w: [w.strand.pk], RESPONSIBLE_FOR_STRAND, RESPONSIBLE_FOR_STRAND),
    ("action_edit", lambda w: [w.action.pk], RESPONSIBLE_FOR_ACTION, RESPONSIBLE_FOR_ACTION),
    ("progress_update", lambda w: [w.action.pk], RESPONSIBLE_FOR_ACTION, RESPONSIBLE_FOR_ACTION),
]
ID_LESS = {"index", "my_actions"}


def _refused(name: str, person: str) -> int:
    """A person with no role in the plan's area does not see its objects at all (404); others get 403."""
    return 404 if person == "no role" and name not in ID_LESS else 403


CASES = [
    pytest.param(name, args, person, "GET", 200 if person in getters else _refused(name, person),
                 id=f"GET {name} as {person}")
    for name, args, getters, _ in PAGES
    for person in MATRIX_PEOPLE
] + [
    pytest.param(name, args, person, "POST", 302 if person in posters else _refused(name, person),
                 id=f"POST {name} as {person}")
    for name, args, _, posters in PAGES
    if posters is not None
    for person in MATRIX_PEOPLE
]


@pytest.mark.parametrize(("name", "args", "person", "method", "expected"), CASES)
def test_permission_matrix(client, world, name, args, person, method, expected):
    client.force_login(world.people[person])
    url = reverse(f"actions:{name}", args=args(world))
    response = client.get(url) if method == "GET" else client.post(url, _valid_post(world, name))
    assert response.status_code == expected, response.content.decode()[:2000]


@pytest.mark.parametrize("person", MATRIX_PEOPLE)
def test_only_administrators_set_up_a_plan(client, world, person):
    inspection = WsoaRequiredInspectionFactory()
    client.force_login(world.people[person])
    response = client.post(reverse("actions:plan_create", args=[inspection.pk]), _default_plan_settings())
    assert response.status_code == (302 if person == "administrator" else _refused("plan_create", person))
    assert Plan.objects.filter(inspection=inspection).exists() == (person == "administrator")


@pytest.mark.parametrize("person", ["board chair", "democratic services", "other officer", "other subgroup lead"])
def test_refused_posts_change_nothing(client, world, person):
    client.force_login(world.people[person])
    client.post(reverse("actions:action_edit", args=[world.action.pk]), _valid_post(world, "action_edit"))
    client.post(reverse("actions:progress_update", args=[world.action.pk]), _valid_post(world, "progress_update"))
    action = Action.objects.get(pk=world.action.pk)
    assert (action.version, action.updates.count()) == (1, 0)


def test_a_read_only_role_named_as_lead_still_edits_nothing(client, world):
    chair = world.people["board chair named as action lead"]
    their_action = Action.objects.get(lead_officer=chair)
    assert not permissions.can_edit_action(chair, their_action)
    assert not permissions.can_post_update(chair, their_action)
    client.force_login(chair)
    assert client.get(reverse("actions:action_edit", args=[their_action.pk])).status_code == 403
    assert client.get(reverse("actions:progress_update", args=[their_action.pk])).status_code == 403


def test_the_strands_lead_edits_every_action_in_it_but_not_in_other_strands(world):
    lead = world.people["strand's subgroup lead"]
    in_strand = ActionFactory(strand=world.strand, reference="1.2")
    elsewhere = ActionFactory(strand=world.other_strand, reference="2.2")
    assert permissions.can_edit_action(lead, in_strand)
    assert permissions.can_post_update(lead, in_strand)
    assert not permissions.can_edit_action(lead, elsewhere)
    assert permissions.can_edit_strand(lead, world.strand)
    assert not permissions.can_edit_strand(lead, world.other_strand)


def test_an_officer_edits_only_the_actions_they_lead(world):
    officer = world.people["action lead officer"]
    assert permissions.can_edit_action(officer, world.action)
    assert not permissions.can_edit_action(officer, ActionFactory(strand=world.strand, reference="1.3"))
    assert not permissions.can_edit_strand(officer, world.strand)
    assert not permissions.can_add_action(officer, world.strand)


@pytest.mark.parametrize(("name", "person"), [
    ("action", "board chair"),
    ("action_edit", "administrator"),
    ("action_edit", "action lead officer"),
    ("progress_update", "administrator"),
    ("strand", "democratic services"),
    ("strand_edit", "administrator"),
    ("action_list", "board chair"),
    ("plan", "board chair"),
])
def test_an_object_that_does_not_exist_is_not_found(client, world, name, person):
    client.force_login(world.people[person])
    assert client.get(reverse(f"actions:{name}", args=[987654])).status_code == 404


def test_a_missing_object_is_not_found_even_for_a_role_that_may_not_change_it(client, world):
    client.force_login(world.people["board chair"])
    assert client.get(reverse("actions:action_edit", args=[987654])).status_code == 404


def test_someone_without_a_role_sees_nothing(client, db):
    client.force_login(UserFactory(roles=[]))
    assert client.get(reverse("actions:index")).status_code == 403
    assert client.get(reverse("actions:my_actions")).status_code == 403


def test_an_officer_who_becomes_lead_can_then_edit(world):
    officer = OfficerFactory()
    assert not permissions.can_edit_action(officer, world.action)
    world.action.lead_officer = officer
    assert permissions.can_edit_action(officer, world.action)
    assert Role.OFFICER in roles_in(officer, world.plan.inspection.area_id)


@pytest.mark.parametrize(("name", "args", "person", "reason"), [
    ("strand_edit", lambda w: [w.strand.pk], "other subgroup lead",
     "You do not lead this strand: only its subgroup&#x27;s lead or an administrator can change it."),
    ("action_create", lambda w: [w.strand.pk], "other subgroup lead", "You do not lead this strand"),
    ("action_edit", lambda w: [w.action.pk], "other officer", "You do not lead this action or its strand"),
    ("progress_update", lambda w: [w.action.pk], "other subgroup lead", "You do not lead this action or its strand"),
    ("action_edit", lambda w: [w.action.pk], "board chair", "Your role does not allow this."),
], ids=["strand edit", "add action", "action edit", "update", "role"])
def test_the_403_page_says_why_the_person_is_refused(client, world, name, args, person, reason):
    client.force_login(world.people[person])
    response = client.get(reverse(f"actions:{name}", args=args(world)))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have permission to see this page" in page
    assert reason in page


def test_a_403_from_elsewhere_shows_no_exception_text(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from wsoa.views import error_403

    request = rf.get("/")
    request.user = AnonymousUser()
    page = error_403(request, PermissionDenied("internal detail")).content.decode()
    assert "internal detail" not in page and "Your role does not allow this" in page
