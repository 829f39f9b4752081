"""Areas never see each other: every URL of the service, walked with the first area's ids, as every role of
the neighbouring area, answers 404 (or 405 for a method the page does not take), never 200, 302 or 403.

The walk is built from the URL resolver, so a new URL pattern fails the test until it is placed in one of
the lists below: with the ids it takes from the first area, or among the pages that take no id (which are
then checked for the first area's data instead).
"""
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actions.models import Action, EvidenceItem, ImpactMeasure, Plan, Strand, Subgroup
from api.services import api_token_create
from governance.models import ActionArising, Board, Meeting, SubgroupReport
from inspections.feeds import calendar_token_renew
from inspections.models import DeadlineRuleSetting, Inspection, LocalArea, NonWorkingDay
from reports.models import IssuedReport, Report, ReportTemplate
from tests.neighbour_plan import neighbour_plan_set_up
from wsoa.models import OutgoingEmail, User
from wsoa.roles import Role
from wsoa.services import user_create

pytestmark = pytest.mark.django_db

HOME, NEIGHBOUR = "Demo Borough", "Neighbour Borough"

# Pages that take no id of an area's object: reached by everyone signed in, they must show only their areas.
PAGES_WITHOUT_IDS = {
    "home", "health", "accessibility", "login", "logout", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete", "invitation_accept", "people", "person_invite",
    "sso_start", "sso_callback", "sso_refused",
    "inspections:index", "inspections:create", "inspections:letter_upload", "inspections:letter_progress",
    "inspections:letter_review",
    "inspections:calendar_subscribe", "inspections:my_feed",
    "actions:index", "actions:my_actions", "emails_not_sent",
    "governance:index", "governance:board_create",
    "reports:dashboards", "reports:index", "reports:report_start", "reports:templates",
    "inspections:rule_list",
    # The data feed's lists and schema, and the person's own token page: the walk sends the neighbour's token.
    "api:areas", "api:inspections", "api:milestones", "api:weaknesses", "api:plans", "api:strands", "api:actions",
    "api:progress_updates", "api:rating_events", "api:measures", "api:readings", "api:evidence", "api:openapi-json",
    "api:openapi-view", "api:api-root", "api_tokens:list",
}
# National pages with ids that belong to no area: only a superuser changes them, everyone else gets 403.
NATIONAL_PAGES = {"inspections:rule_edit"}


def _ids_in(area: LocalArea, *, token: str) -> dict[str, list[dict]]:
    """For every URL that names an object: the arguments that name one of ``area``'s objects (none where the
    area has no such object: the neighbour's plan is set up in the test that needs it, and it has no board; an
    API token: one of its officer's)."""
    inspection = Inspection.objects.get(area=area)
    plan = Plan.objects.filter(inspection=inspection).first()
    action = Action.objects.filter(plan=plan).first()
    board = Board.objects.filter(plan=plan).first()
    meeting = board.meetings.first() if board else None
    return {
        **_people_ids(area, action),
        **_inspection_ids(area, inspection, token),
        **_plan_ids(inspection, plan, action),
        **_governance_ids(board, meeting),
        **_report_ids(area, inspection, meeting),
        **_measure_and_evidence_ids(inspection, plan, action),
    }


def _named(obj, **kwargs) -> list[dict]:
    return [kwargs] if obj is not None else []


def _people_ids(area: LocalArea, action: Action | None) -> dict[str, list[dict]]:
    """The area's officer, their role, API token and a stuck e-mail; the feed's and the lead invitation's action."""
    stuck, _ = OutgoingEmail.objects.get_or_create(key=f"stuck-in:{area.pk}", defaults={
        "reason": OutgoingEmail.Reason.REPORT_DUE, "area": area, "to": ["lead@example.org"],
        "subject": f"Stuck e-mail of {area.name}", "body": "Text", "status": OutgoingEmail.Status.FAILED,
    })
    officer = User.objects.get(email=f"officer@{'demo' if area.name == HOME else 'neighbour'}.example.org")
    api_token = officer.api_tokens.first() or api_token_create(user=officer, name="Their dashboard")[0]
    return {
        "api:action": _named(action, pk=action and action.pk),
        "api_tokens:revoke": [{"pk": api_token.pk}],
        "email_send_again": [{"pk": stuck.pk}],
        "person": [{"pk": officer.pk}],
        "person_role_add": [{"pk": officer.pk}],
        "person_active": [{"pk": officer.pk}],
        "membership_edit": [{"pk": officer.memberships.get(area=area).pk}],
        "membership_remove": [{"pk": officer.memberships.get(area=area).pk}],
        "actions:action_lead_invite": _named(action, pk=action and action.pk),
    }


def _inspection_ids(area: LocalArea, inspection: Inspection, token: str) -> dict[str, list[dict]]:
    """The area's inspection, a weakness and a milestone of it, its calendar feed, and the area's set-up pages."""
    weakness = inspection.weaknesses.first()
    milestone = inspection.milestones.first()
    closure, _ = NonWorkingDay.objects.get_or_create(area=area, day=date(2030, 1, 2), defaults={"name": "Closed"})
    setup = [{"area_pk": area.pk}]
    return {
        "inspections:detail": [{"pk": inspection.pk}],
        "inspections:edit": [{"pk": inspection.pk}],
        "inspections:transition": [{"pk": inspection.pk}],
        "inspections:approval_add": [{"pk": inspection.pk}],
        "inspections:weakness_judgement": [{"pk": inspection.pk, "weakness_pk": weakness.pk}],
        "inspections:milestone_met": [{"pk": milestone.pk}],
        "inspections:inspection_feed": [{"token": token, "pk": inspection.pk}],
        "inspections:area_setup": setup,
        "inspections:partner_add": setup,
        "inspections:partner_edit": [{"area_pk": area.pk, "pk": area.partners.first().pk}],
        "inspections:closure_add": setup,
        "inspections:closure_remove": [{"area_pk": area.pk, "pk": closure.pk}],
    }


def _plan_ids(inspection: Inspection, plan: Plan | None, action: Action | None) -> dict[str, list[dict]]:
    """The plan's pages (its import, export and set-up), a subgroup, a strand and an action of it."""
    strand = Strand.objects.filter(plan=plan).first()
    subgroup = Subgroup.objects.filter(plan=plan).first()
    plan_ids = _named(plan, plan_pk=plan and plan.pk)
    return {
        "actions:plan": _named(plan, pk=plan and plan.pk),
        "actions:action_list": plan_ids,
        "actions:plan_import": plan_ids,
        "actions:plan_import_progress": plan_ids,
        "actions:plan_import_preview": plan_ids,
        "actions:plan_import_confirm": plan_ids,
        "actions:plan_export": [{**ids, "fmt": fmt} for ids in plan_ids for fmt in ("xlsx", "csv")],
        "actions:plan_import_ratings": plan_ids,
        "actions:plan_create": [{"inspection_pk": inspection.pk}],
        "actions:plan_setup": plan_ids,
        "actions:plan_settings": plan_ids,
        "actions:plan_subgroups": plan_ids,
        "actions:plan_strands": plan_ids,
        "actions:subgroup": _named(subgroup, pk=subgroup and subgroup.pk),
        "actions:subgroup_chase": _named(subgroup, pk=subgroup and subgroup.pk),
        "actions:strand": _named(strand, pk=strand and strand.pk),
        "actions:strand_edit": _named(strand, pk=strand and strand.pk),
        "actions:action_create": _named(strand, strand_pk=strand and strand.pk),
        "actions:action": _named(action, pk=action and action.pk),
        "actions:action_edit": _named(action, pk=action and action.pk),
        "actions:progress_update": _named(action, pk=action and action.pk),
    }


def _governance_ids(board: Board | None, meeting: Meeting | None) -> dict[str, list[dict]]:
    """The plan's board, a member, a meeting, an action arising from it, and a submitted and a draft report."""
    member = board.members.first() if board else None
    arising = ActionArising.objects.filter(meeting__board=board).first()
    submitted = SubgroupReport.objects.filter(meeting__board=board, status="submitted").first()
    draft = SubgroupReport.objects.filter(meeting__board=board, status="draft").first()
    reports = [{"pk": report.pk} for report in (submitted, draft) if report]
    return {
        "governance:board": _named(board, pk=board and board.pk),
        "governance:board_edit": _named(board, pk=board and board.pk),
        "governance:member_add": _named(board, pk=board and board.pk),
        "governance:member_remove": _named(member, pk=member and member.pk),
        "governance:meeting": _named(meeting, pk=meeting and meeting.pk),
        "governance:meeting_edit": _named(meeting, pk=meeting and meeting.pk),
        "governance:agenda_item_add": _named(meeting, pk=meeting and meeting.pk),
        "governance:decision_add": _named(meeting, pk=meeting and meeting.pk),
        "governance:action_arising_add": _named(meeting, pk=meeting and meeting.pk),
        "governance:action_arising_to_plan_action": _named(arising, pk=arising and arising.pk),
        "governance:action_arising_status": _named(arising, pk=arising and arising.pk),
        "governance:report": reports,
        "governance:report_edit": reports,
        "governance:report_reopen": reports,
    }


def _report_ids(area: LocalArea, inspection: Inspection, meeting: Meeting | None) -> dict[str, list[dict]]:
    """A meeting's dashboard, the inspection's committee reports and their issues, and two of the area's templates."""
    papers = [{"pk": paper.pk} for paper in Report.objects.filter(inspection=inspection)]
    templates = [{"pk": template.pk} for template in ReportTemplate.objects.filter(area=area)[:2]]
    sections = [{**template, "position": 1} for template in templates]
    issues = [{"pk": issue.report_id, "number": issue.number}
              for issue in IssuedReport.objects.filter(report__inspection=inspection)]
    return {
        "reports:dashboard": _named(meeting, pk=meeting and meeting.pk),
        "reports:dashboard_issue": _named(meeting, pk=meeting and meeting.pk),
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
    }


def _measure_and_evidence_ids(
    inspection: Inspection, plan: Plan | None, action: Action | None
) -> dict[str, list[dict]]:
    """An impact measure of the plan, and the evidence pages of an action, a strand, a weakness and a file."""
    strand = Strand.objects.filter(plan=plan).first()
    weakness = inspection.weaknesses.first()
    measure = ImpactMeasure.objects.filter(plan=plan).first()
    plan_ids = _named(plan, plan_pk=plan and plan.pk)
    return {
        "actions:measure_create": plan_ids,
        "actions:measure": _named(measure, pk=measure and measure.pk),
        "actions:measure_edit": _named(measure, pk=measure and measure.pk),
        "actions:measure_readings": _named(measure, pk=measure and measure.pk),
        "actions:action_evidence_add": _named(action, pk=action and action.pk),
        "actions:strand_evidence_add": _named(strand, pk=strand and strand.pk),
        "actions:weakness_evidence": _named(weakness, pk=weakness and weakness.pk),
        "actions:weakness_evidence_add": _named(weakness, pk=weakness and weakness.pk),
        "actions:evidence_file": [{"pk": item.pk} for item in EvidenceItem.objects.filter(plan=plan).exclude(file="")],
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
    walked = set(_ids_in(demo[HOME], token="x")) | PAGES_WITHOUT_IDS | NATIONAL_PAGES
    assert set(_url_names()) - walked == set(), "add the new URL to the isolation walk"
    assert walked - set(_url_names()) == set(), "a URL in the walk no longer exists"


def test_the_neighbouring_area_gets_404_on_every_url_of_the_first_area(client, demo, neighbours):
    assert [name for name, argument_sets in _ids_in(demo[HOME], token="x").items() if not argument_sets] == []
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


def test_nobody_but_a_superuser_changes_a_national_page(client, demo, neighbours):
    rule = DeadlineRuleSetting.objects.first()
    for role, person in neighbours.items():
        client.force_login(person)
        for name in NATIONAL_PAGES:
            url = reverse(name, kwargs={"pk": rule.pk})
            assert (client.get(url).status_code, client.post(url).status_code) == (403, 403), (role, name)


def test_pages_without_ids_show_the_neighbour_nothing_of_the_first_area(client, demo, neighbours):
    markers = _first_area_markers(demo[HOME])
    leaks = []
    for role, person in neighbours.items():
        client.force_login(person)
        token = calendar_token_renew(user=person).token
        feed = _feed_token(person)
        for name in sorted(PAGES_WITHOUT_IDS - {"logout", "password_reset_confirm", "invitation_accept"}):
            url = reverse(name, kwargs={"token": token} if name == "inspections:my_feed" else None)
            response = client.get(url, {"limit": 1000} if name.startswith("api:") else {}, headers=feed)
            if name.startswith("api:"):
                assert response.status_code in (200, 302), f"{url} as the neighbour's {role}: {response.status_code}"
            body = response.content.decode()
            leaks += [f"{url} as the neighbour's {role} shows {marker!r}" for marker in markers if marker in body]
    assert leaks == []


@pytest.fixture
def neighbour_plan(demo) -> Plan:
    return neighbour_plan_set_up(demo[NEIGHBOUR])


def test_the_first_areas_officer_gets_404_on_the_neighbours_urls(client, demo, neighbour_plan):
    jo = User.objects.get(email="officer@demo.example.org")
    client.force_login(jo)
    token = calendar_token_renew(user=jo).token
    feed = _feed_token(jo)
    walked = set()
    for name, argument_sets in _ids_in(demo[NEIGHBOUR], token=token).items():
        for kwargs in argument_sets:
            assert client.get(reverse(name, kwargs=kwargs), headers=feed).status_code in (404, 405), name
            walked.add(name)
    # The neighbour has a plan with a subgroup, strands and an action, but no board or measures yet.
    assert {"inspections:detail", "actions:plan", "actions:plan_setup", "actions:plan_strands", "actions:subgroup",
            "actions:strand", "actions:action", "actions:progress_update"} <= walked


def test_the_icb_officer_in_both_areas_sees_and_updates_both(client, demo, neighbour_plan):
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


def test_the_regional_adviser_reads_both_areas_and_changes_nothing(client, demo, neighbour_plan):
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
        assert client.get(reverse("actions:plan_settings", args=[action.plan_id])).status_code == 403
    # Only Demo Borough has a board: the neighbour's plan is days old.
    board = Board.objects.get(area=demo[HOME])
    assert client.get(reverse("governance:board", args=[board.pk])).status_code == 200
    assert client.post(reverse("governance:board_edit", args=[board.pk])).status_code == 403
