"""Areas never see each other: every URL of the service, walked with the first area's ids, as every role of
the neighbouring area, answers 404 (or 405 for a method the page does not take), never 200, 302 or 403.

The walk is built from the URL resolver, so a new URL pattern fails the test until it is placed in one of
the lists below: with the ids it takes from the first area, or among the pages that take no id (which are
then checked for the first area's data instead).
"""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actions.models import Action, ImpactMeasure, Plan, Strand, Subgroup
from api.services import api_token_create
from governance.models import ActionArising, Board, SubgroupReport
from inspections.feeds import calendar_token_renew
from inspections.models import Inspection, LocalArea
from reports.models import IssuedReport, Report, ReportTemplate
from wsoa.models import OutgoingEmail, User
from wsoa.roles import Role
from wsoa.services import user_create

pytestmark = pytest.mark.django_db

HOME, NEIGHBOUR = "Demo Borough", "Neighbour Borough"

# Pages that take no id of an area's object: reached by everyone signed in, they must show only their areas.
PAGES_WITHOUT_IDS = {
    "home", "health", "accessibility", "login", "logout", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete",
    "inspections:index", "inspections:create", "inspections:letter_upload", "inspections:letter_review",
    "inspections:calendar_subscribe", "inspections:my_feed",
    "actions:index", "actions:my_actions", "emails_not_sent",
    "governance:index", "governance:board_create",
    "reports:dashboards", "reports:index", "reports:report_start", "reports:templates",
    # The data feed's lists and schema, and the person's own token page: the walk sends the neighbour's token.
    "api:areas", "api:inspections", "api:milestones", "api:weaknesses", "api:plans", "api:strands", "api:actions",
    "api:progress_updates", "api:rating_events", "api:measures", "api:readings", "api:openapi-json",
    "api:openapi-view", "api:api-root", "api_tokens:list",
}


def _ids_in(area: LocalArea, *, token: str) -> dict[str, list[dict]]:
    """For every URL that names an object: the arguments that name one of ``area``'s objects (an API token: one of
    its officer's)."""
    inspection = Inspection.objects.get(area=area)
    plan = Plan.objects.get(inspection=inspection)
    strand = Strand.objects.filter(plan=plan).first()
    subgroup = Subgroup.objects.filter(plan=plan).first()
    action = Action.objects.filter(plan=plan).first()
    weakness = inspection.weaknesses.first()
    milestone = inspection.milestones.first()
    board = Board.objects.get(plan=plan)
    meeting = board.meetings.first()
    arising = ActionArising.objects.filter(meeting__board=board).first()
    measure = ImpactMeasure.objects.filter(plan=plan).first()
    submitted = SubgroupReport.objects.filter(meeting__board=board, status="submitted").first()
    draft = SubgroupReport.objects.filter(meeting__board=board, status="draft").first()
    reports = [{"pk": report.pk} for report in (submitted, draft) if report]
    stuck, _ = OutgoingEmail.objects.get_or_create(key=f"stuck-in:{area.pk}", defaults={
        "reason": OutgoingEmail.Reason.REPORT_DUE, "area": area, "to": ["lead@example.org"],
        "subject": f"Stuck e-mail of {area.name}", "body": "Text", "status": OutgoingEmail.Status.FAILED,
    })
    papers = [{"pk": paper.pk} for paper in Report.objects.filter(inspection=inspection)]
    templates = [{"pk": template.pk} for template in ReportTemplate.objects.filter(area=area)[:2]]
    sections = [{**template, "position": 1} for template in templates]
    issues = [{"pk": issue.report_id, "number": issue.number}
              for issue in IssuedReport.objects.filter(report__inspection=inspection)]
    officer = User.objects.filter(memberships__area=area, memberships__role=Role.OFFICER).order_by("pk").first()
    api_token = officer.api_tokens.first() or api_token_create(user=officer, name="Their dashboard")[0]
    return {
        "api:action": [{"pk": action.pk}],
        "api_tokens:revoke": [{"pk": api_token.pk}],
        "email_send_again": [{"pk": stuck.pk}],
        "inspections:detail": [{"pk": inspection.pk}],
        "inspections:edit": [{"pk": inspection.pk}],
        "inspections:transition": [{"pk": inspection.pk}],
        "inspections:approval_add": [{"pk": inspection.pk}],
        "inspections:weakness_judgement": [{"pk": inspection.pk, "weakness_pk": weakness.pk}],
        "inspections:milestone_met": [{"pk": milestone.pk}],
        "inspections:inspection_feed": [{"token": token, "pk": inspection.pk}],
        "actions:plan": [{"pk": plan.pk}],
        "actions:action_list": [{"plan_pk": plan.pk}],
        "actions:plan_import": [{"plan_pk": plan.pk}],
        "actions:plan_import_preview": [{"plan_pk": plan.pk}],
        "actions:plan_import_confirm": [{"plan_pk": plan.pk}],
        "actions:plan_export": [{"plan_pk": plan.pk, "fmt": "xlsx"}, {"plan_pk": plan.pk, "fmt": "csv"}],
        "actions:plan_create": [{"inspection_pk": inspection.pk}],
        "actions:subgroup": [{"pk": subgroup.pk}],
        "actions:subgroup_chase": [{"pk": subgroup.pk}],
        "actions:strand": [{"pk": strand.pk}],
        "actions:strand_edit": [{"pk": strand.pk}],
        "actions:action_create": [{"strand_pk": strand.pk}],
        "actions:action": [{"pk": action.pk}],
        "actions:action_edit": [{"pk": action.pk}],
        "actions:progress_update": [{"pk": action.pk}],
        "governance:board": [{"pk": board.pk}],
        "governance:board_edit": [{"pk": board.pk}],
        "governance:member_add": [{"pk": board.pk}],
        "governance:member_remove": [{"pk": board.members.first().pk}],
        "governance:meeting": [{"pk": meeting.pk}],
        "governance:meeting_edit": [{"pk": meeting.pk}],
        "governance:agenda_item_add": [{"pk": meeting.pk}],
        "governance:decision_add": [{"pk": meeting.pk}],
        "governance:action_arising_add": [{"pk": meeting.pk}],
        "governance:action_arising_to_plan_action": [{"pk": arising.pk}],
        "governance:action_arising_status": [{"pk": arising.pk}],
        "governance:report": reports,
        "governance:report_edit": reports,
        "governance:report_reopen": reports,
        "reports:dashboard": [{"pk": meeting.pk}],
        "reports:dashboard_issue": [{"pk": meeting.pk}],
        "reports:report": papers,
        "reports:report_title": papers,
        "reports:report_section": [{**paper, "position": 1} for paper in papers],
        "reports:report_approve": papers,
        "reports:report_issue": papers,
        "reports:report_reopen": papers,
        "reports:report_preview": papers,
        "reports:issue_download": issues,
        "reports:issue_status": issues,
        "reports:issue_retry": issues,
        "reports:branding": [{"area_pk": area.pk}],
        "reports:template": templates,
        "reports:template_copy": templates,
        "reports:template_edit": templates,
        "reports:template_section_add": templates,
        "reports:template_section": sections,
        "reports:template_section_move": sections,
        "reports:template_section_remove": sections,
        "actions:measure_create": [{"plan_pk": plan.pk}],
        "actions:measure": [{"pk": measure.pk}],
        "actions:measure_edit": [{"pk": measure.pk}],
        "actions:measure_readings": [{"pk": measure.pk}],
    }


def _url_names(patterns=None, namespace: str = "") -> list[str]:
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the administration site has its own scoping test
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            names += _url_names(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


@pytest.fixture
def demo(demo_loaded, db):
    return {area.name: area for area in LocalArea.objects.filter(name__in=[HOME, NEIGHBOUR])}


@pytest.fixture
def neighbours(demo) -> dict[str, User]:
    """Every role, held in the neighbouring area only (the demo's own officer and administrator among them)."""
    area = demo[NEIGHBOUR]
    people = {
        Role.OFFICER: User.objects.get(email="officer@neighbour.example.org"),
        Role.ADMINISTRATOR: User.objects.get(email="admin@neighbour.example.org"),
    }
    for role in Role.values:
        people.setdefault(role, user_create(
            email=f"{role.lower().replace(' ', '-')}@neighbour.example.org", first_name=role, last_name="Next door",
            memberships=[(area, role)],
        ))
    return people


def _first_area_markers(area: LocalArea) -> list[str]:
    """Text that only the first area's pages show: its actions, strands and inspection."""
    inspection = Inspection.objects.get(area=area)
    markers = [inspection.lead_inspector]
    markers += list(Strand.objects.filter(plan__inspection=inspection).values_list("title", flat=True))
    markers += list(Action.objects.filter(plan__inspection=inspection).values_list("title", flat=True))
    markers += list(ActionArising.objects.filter(meeting__board__area=area).values_list("text", flat=True))
    return markers


def _feed_token(person: User) -> dict[str, str]:
    """The person's data feed token, sent with every request of the walk (pages ignore it)."""
    return {"Authorization": f"Bearer {api_token_create(user=person, name='The walk')[1]}"}


def test_every_url_pattern_is_in_the_walk(demo):
    walked = set(_ids_in(demo[HOME], token="x")) | PAGES_WITHOUT_IDS
    assert set(_url_names()) - walked == set(), "add the new URL to the isolation walk"
    assert walked - set(_url_names()) == set(), "a URL in the walk no longer exists"


def test_the_neighbouring_area_gets_404_on_every_url_of_the_first_area(client, demo, neighbours):
    problems = []
    for role, person in neighbours.items():
        client.force_login(person)
        token = calendar_token_renew(user=person).token
        feed = _feed_token(person)
        for name, argument_sets in _ids_in(demo[HOME], token=token).items():
            for kwargs in argument_sets:
                url = reverse(name, kwargs=kwargs)
                for method in ("get", "post"):
                    status = getattr(client, method)(url, headers=feed).status_code
                    if status not in (404, 405):
                        problems.append(f"{method.upper()} {url} as the neighbour's {role}: {status}")
    assert problems == []


def test_pages_without_ids_show_the_neighbour_nothing_of_the_first_area(client, demo, neighbours):
    markers = _first_area_markers(demo[HOME])
    leaks = []
    for role, person in neighbours.items():
        client.force_login(person)
        token = calendar_token_renew(user=person).token
        feed = _feed_token(person)
        for name in sorted(PAGES_WITHOUT_IDS - {"logout", "password_reset_confirm"}):
            url = reverse(name, kwargs={"token": token} if name == "inspections:my_feed" else None)
            response = client.get(url, {"limit": 1000} if name.startswith("api:") else {}, headers=feed)
            if name.startswith("api:"):
                assert response.status_code in (200, 302), f"{url} as the neighbour's {role}: {response.status_code}"
            body = response.content.decode()
            leaks += [f"{url} as the neighbour's {role} shows {marker!r}" for marker in markers if marker in body]
    assert leaks == []


def test_the_first_areas_officer_gets_404_on_the_neighbours_urls(client, demo):
    jo = User.objects.get(email="officer@demo.example.org")
    client.force_login(jo)
    token = calendar_token_renew(user=jo).token
    feed = _feed_token(jo)
    for name, argument_sets in _ids_in(demo[NEIGHBOUR], token=token).items():
        for kwargs in argument_sets:
            assert client.get(reverse(name, kwargs=kwargs), headers=feed).status_code in (404, 405), name


def test_the_icb_officer_in_both_areas_sees_and_updates_both(client, demo):
    priya = User.objects.get(email="priya.shah@icb.example.org")
    client.force_login(priya)
    theirs = {area: Action.objects.filter(plan__inspection__area=demo[area], lead_officer=priya).first()
              for area in (HOME, NEIGHBOUR)}
    for action in theirs.values():
        assert client.get(reverse("actions:action", args=[action.pk])).status_code == 200
        assert client.get(reverse("actions:progress_update", args=[action.pk])).status_code == 200
    listed = client.get(reverse("actions:index")).content.decode()
    assert HOME in listed and NEIGHBOUR in listed
    inspections = client.get(reverse("inspections:index")).content.decode()
    assert HOME in inspections and NEIGHBOUR in inspections


def test_the_regional_adviser_reads_both_areas_and_changes_nothing(client, demo):
    adviser = User.objects.get(email="adviser@region.example.org")
    client.force_login(adviser)
    for area in (HOME, NEIGHBOUR):
        action = Action.objects.filter(plan__inspection__area=demo[area]).first()
        inspection = action.plan.inspection
        assert client.get(reverse("actions:action", args=[action.pk])).status_code == 200
        assert client.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 200
        assert client.get(reverse("actions:action_edit", args=[action.pk])).status_code == 403
        assert client.post(reverse("actions:progress_update", args=[action.pk])).status_code == 403
        assert client.get(reverse("inspections:edit", args=[inspection.pk])).status_code == 403
        board = Board.objects.get(area=demo[area])
        assert client.get(reverse("governance:board", args=[board.pk])).status_code == 200
        assert client.post(reverse("governance:board_edit", args=[board.pk])).status_code == 403
