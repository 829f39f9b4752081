"""The pages the hostile-input walks visit: how each URL pattern is reached, and which are left out and why.

Each page also says what a person would have typed before the payload. A new pattern that the walk cannot reach
fails tests/wsoa/test_hostile_forms.py until it is given its ids here or left out on purpose.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import URLResolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from actions.models import ImpactMeasure
from governance.models import ActionArising, Board, BoardMember, Meeting, SubgroupReport
from inspections.models import DeadlineRuleSetting, Inspection, NonWorkingDay, PartnerOrganisation
from tests.actions.conftest import World
from tests.actions.factories import ImpactMeasureFactory, MeasureReadingFactory
from tests.actions.test_import_views import messy_rows, upload_file
from tests.inspections.factories import MilestoneFactory, WsoaRequiredInspectionFactory
from tests.inspections.test_views import _date
from wsoa.models import OutgoingEmail

TODAY = date(2026, 3, 16)

# Patterns the walk does not visit, and why. Everything else must be reachable.
LEFT_OUT = {
    "logout": "signing out takes nothing but the CSRF token, and would end the session the walk runs in",
    "sso_start": "sends the person to the single sign-on provider: a redirect, not a page, with no form",
    "sso_callback": "where the single sign-on provider sends the person back: a redirect (tests/wsoa/test_sso.py)",
    "sso_refused": "says why single sign-on was refused, with no form (tests/wsoa/test_sso.py)",
    "inspections:my_feed": "a calendar feed for Outlook: iCalendar, not a page, with no form",
    "inspections:inspection_feed": "a calendar feed for Outlook: iCalendar, not a page, with no form",
    "actions:plan_export": "a spreadsheet download, not a page, with no form",
    "reports:issue_download": "a PDF download, not a page, with no form",
    "actions:evidence_file": "a file download, not a page, with no form (tests/actions/test_evidence_views.py)",
    "reports:issue_status": "what the report page's script asks: JSON, not a page, with no form",
    "reports:report_issue": "a button that sends nothing but the CSRF token (a state change, tested in tests/reports)",
    "reports:report_reopen": "a button that sends nothing but the CSRF token (a state change, tested in tests/reports)",
    "reports:issue_retry": "a button that sends nothing but the CSRF token (a state change, tested in tests/reports)",
    **{f"api:{name}": "the data feed: JSON or CSV for a token, not a page; schemathesis sends it hostile parameters "
                      "from its schema (tests/api/test_schemathesis.py)"
       for name in ("areas", "inspections", "milestones", "weaknesses", "plans", "strands", "actions", "action",
                    "progress_updates", "rating_events", "measures", "readings", "evidence", "openapi-json")},
    "api:openapi-view": "the feed's schema drawn by its documentation's script, with no form",
    "api:api-root": "a redirect to the feed's documentation",
}
LEFT_OUT_NAMESPACES = {
    "admin": "Django's administrators' site: its forms are built by Django from the model fields",
}


def _inspection(world: World) -> dict:
    return {"pk": world.plan.inspection_id}


def _reset_link(world: World) -> dict:
    person = world.people["other officer"]
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
        "token": default_token_generator.make_token(person),
    }


def _invited(client: Client, world: World) -> None:
    person = world.people["other officer"]
    person.set_unusable_password()
    person.invited_at = timezone.now()
    person.save()


def _invitation_link(world: World) -> dict:
    from wsoa.invitations import invitation_tokens

    person = world.people["other officer"]
    return {"uidb64": urlsafe_base64_encode(force_bytes(person.pk)), "token": invitation_tokens.make_token(person)}


def _person(world: World) -> dict:
    return {"pk": world.people["other officer"].pk}


def _officers_role(world: World) -> dict:
    return {"pk": world.people["other officer"].memberships.get().pk}


def _an_action_whose_lead_has_no_account(client: Client, world: World) -> None:
    from tests.actions.factories import ActionFactory

    ActionFactory(strand=world.strand, reference="1.8", lead_officer=None, lead_name="Dana Kerr")


def _upload_letter(client: Client, world: World) -> None:
    letter = Path(__file__).parents[1] / "inspections" / "fixtures" / "letters" / "barnsley_2021.txt"
    upload = SimpleUploadedFile("barnsley.txt", letter.read_bytes(), "text/plain")
    with TestCase.captureOnCommitCallbacks(execute=True):  # the task that reads it
        assert client.post(reverse("inspections:letter_upload"), {"letter": upload}).status_code == 302


def _upload_plan(client: Client, world: World) -> None:
    path = reverse("actions:plan_import", args=[world.plan.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):  # the task that reads it
        assert client.post(path, {"spreadsheet": upload_file(messy_rows(fixed=True))}).status_code == 302


def _letter_waiting(client: Client, world: World) -> None:
    upload = SimpleUploadedFile("barnsley.txt", b"Not read yet: no worker has taken it", "text/plain")
    assert client.post(reverse("inspections:letter_upload"), {"letter": upload}).status_code == 302


def _plan_waiting(client: Client, world: World) -> None:
    path = reverse("actions:plan_import", args=[world.plan.pk])
    assert client.post(path, {"spreadsheet": upload_file(messy_rows(fixed=True))}).status_code == 302


def _upload_plan_with_a_rating_word(client: Client, world: World) -> None:
    """A plan whose row 10 is rated "Progressing well": the check page asks what that means."""
    rows = messy_rows(fixed=True)
    rows[10][6] = "Progressing well"
    path = reverse("actions:plan_import", args=[world.plan.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):  # the task that reads it
        assert client.post(path, {"spreadsheet": upload_file(rows)}).status_code == 302


def _board_with_a_meeting(client: Client, world: World) -> None:
    """The plan's board, with a member, a meeting and an action arising from it (made once)."""
    from tests.governance.factories import (
        BoardMemberWithoutAccountFactory,
        OpenActionArisingFactory,
        PlannedMeetingFactory,
        SecondTuesdayBoardFactory,
    )

    if not Board.objects.filter(plan=world.plan).exists():
        board = SecondTuesdayBoardFactory(plan=world.plan)
        BoardMemberWithoutAccountFactory(board=board)
        meeting = PlannedMeetingFactory(board=board, scheduled_on=date(2026, 4, 14), reports_due_on=date(2026, 4, 7))
        OpenActionArisingFactory(meeting=meeting)
        # The strand's subgroup's spotlight report, a draft; the other subgroup's short report, submitted.
        SubgroupReport.objects.create(meeting=meeting, subgroup=world.strand.subgroup, kind="spotlight")
        SubgroupReport.objects.create(meeting=meeting, subgroup=world.other_strand.subgroup, kind="short",
                                      status="submitted", submitted_at=timezone.now(), data={})


def _board(world: World) -> dict:
    return {"pk": Board.objects.get(plan=world.plan).pk}


def _meeting(world: World) -> dict:
    return {"pk": Meeting.objects.get(board__plan=world.plan).pk}


def _report(status: str) -> Callable[[World], dict]:
    return lambda world: {"pk": SubgroupReport.objects.get(meeting__board__plan=world.plan, status=status).pk}


def _an_email_not_sent(client: Client, world: World) -> None:
    OutgoingEmail.objects.get_or_create(key="stuck", defaults={
        "reason": OutgoingEmail.Reason.REPORT_DUE, "area_id": world.plan.inspection.area_id,
        "to": ["lead@example.org"], "subject": "Stuck", "body": "Text", "status": OutgoingEmail.Status.FAILED,
    })


def _a_measure_with_a_reading(client: Client, world: World) -> None:
    measure = ImpactMeasureFactory(strand=world.strand, baseline_period=date(2025, 9, 1), target_date=date(2027, 3, 31))
    MeasureReadingFactory(measure=measure, period=date(2025, 12, 1), value=41)


def _measure(world: World) -> dict:
    return {"pk": ImpactMeasure.objects.get(plan=world.plan).pk}


def _a_committee_report(client: Client, world: World) -> None:
    """A draft cabinet report of the plan's inspection (made once), from the area's default template."""
    from reports.models import Report
    from reports.papers.services import area_templates, report_start

    if not Report.objects.filter(inspection=world.plan.inspection).exists():
        template = area_templates(world.plan.inspection.area)["cabinet"]
        report_start(template=template, inspection=world.plan.inspection, by=world.people["administrator"],
                     meeting_on=date(2026, 4, 1), data_on=date(2026, 3, 1), today=TODAY)


def _committee_report(world: World) -> dict:
    from reports.models import Report

    return {"pk": Report.objects.get(inspection=world.plan.inspection).pk}


def _cabinet_template(world: World) -> str:
    from reports.papers.services import area_templates

    return str(area_templates(world.plan.inspection.area)["cabinet"].pk)


def _an_own_template(client: Client, world: World) -> None:
    """The area's own copy of the cabinet report template (made once)."""
    from reports.models import ReportTemplate
    from reports.papers.services import area_templates
    from reports.papers.template_services import template_copy

    if not ReportTemplate.objects.filter(area=world.plan.inspection.area, shipped=False).exists():
        template_copy(template=area_templates(world.plan.inspection.area)["cabinet"],
                      by=world.people["administrator"], name="Our cabinet report")


def _own_template(world: World) -> dict:
    from reports.models import ReportTemplate

    return {"pk": ReportTemplate.objects.get(area=world.plan.inspection.area, shipped=False).pk}


def _area(world: World) -> dict:
    return {"area_pk": world.plan.inspection.area_id}


def _a_partner_and_a_closure_day(client: Client, world: World) -> None:
    area = world.plan.inspection.area
    PartnerOrganisation.objects.get_or_create(area=area, name="NHS Demo CCG", defaults={"kind": "ccg"})
    NonWorkingDay.objects.get_or_create(area=area, day=date(2026, 3, 18), defaults={"name": "Closed"})


def _an_inspection_needing_a_plan(client: Client, world: World) -> None:
    if not Inspection.objects.filter(plan__isnull=True).exists():
        WsoaRequiredInspectionFactory()


def _inspection_needing_a_plan(world: World) -> dict:
    return {"inspection_pk": Inspection.objects.filter(plan__isnull=True).get().pk}


def _evidence_typed(world: World) -> dict:
    return {"link": "https://example.org/minutes.pdf", "actions": str(world.action.pk),
            **_date("dated", date(2026, 3, 2))}


def _an_api_token(client: Client, world: World) -> None:
    from api.services import api_token_create

    if not world.people["administrator"].api_tokens.exists():
        api_token_create(user=world.people["administrator"], name="Power BI")


@dataclass(frozen=True)
class Page:
    """How the walk reaches one URL pattern and what a person would have typed before the payload."""

    ids: Callable[[World], dict] = lambda world: {}
    signed_in: bool = True  # as the administrator; otherwise signed out
    prepare: Callable[[Client, World], None] | None = None  # the steps before the page exists
    form_on: str | None = None  # for an address that only takes a form: the page that holds the form
    as_superuser: bool = False  # a national page only a superuser changes
    # Values that make the starting submission valid, so that each payload travels as far as real input
    # would (a create form opens empty, and its first required field would stop everything else).
    typed: Callable[[World], dict] = lambda world: {}


PAGES = {
    "login": Page(
        signed_in=False,
        typed=lambda world: {"username": world.people["administrator"].email, "password": "not-the-password"},
    ),
    "password_reset": Page(typed=lambda world: {"email": world.people["administrator"].email}),
    "password_reset_confirm": Page(ids=_reset_link, signed_in=False),
    "invitation_accept": Page(ids=_invitation_link, prepare=_invited, signed_in=False),
    "person_invite": Page(typed=lambda world: {
        "email": "dana.kerr@test.example.org", "first_name": "Dana", "last_name": "Kerr",
        "area": str(world.plan.inspection.area_id), "role": "SEND officer",
    }),
    "person": Page(ids=_person),
    "person_role_add": Page(ids=_person, form_on="person", typed=lambda world: {
        "add-area": str(world.plan.inspection.area_id), "add-role": "Board chair",
    }),
    "person_active": Page(ids=_person, form_on="person"),
    "membership_edit": Page(ids=_officers_role),
    "membership_remove": Page(ids=_officers_role, form_on="person"),
    "actions:action_lead_invite": Page(
        ids=lambda world: {"pk": world.plan.actions.get(reference="1.8").pk},
        prepare=_an_action_whose_lead_has_no_account,
        typed=lambda world: {"email": "dana.kerr@test.example.org"},
    ),
    "inspections:create": Page(
        typed=lambda world: {
            "new_area_name": "Sheffield", "new_local_authority": "Sheffield City Council", "framework": "2016",
            "outcome": "wsoa_required", **_date("starts_on", date(2025, 9, 15)),
            **_date("ends_on", date(2025, 9, 19)), **_date("received_on", date(2025, 11, 12)),
        }  # fmt: skip
    ),
    "inspections:letter_progress": Page(prepare=_letter_waiting),
    "inspections:letter_review": Page(
        prepare=_upload_letter,
        typed=lambda world: {
            "local_authority": "Barnsley Metropolitan Borough Council", **_date("received_on", date(2021, 11, 17))
        },
    ),
    "inspections:detail": Page(ids=_inspection),
    "inspections:edit": Page(ids=_inspection),
    "inspections:transition": Page(
        ids=_inspection, typed=lambda world: {"to_status": "closed", **_date("happened_on", date(2026, 3, 2))}
    ),
    "inspections:approval_add": Page(
        ids=_inspection,
        typed=lambda world: {
            "organisation": "Demo Borough Council", "approved_by": "Cabinet Member for Children's Services",
            **_date("approved_on", date(2026, 3, 2)),
        }  # fmt: skip
    ),
    "inspections:weakness_judgement": Page(
        ids=lambda world: {"pk": world.plan.inspection_id, "weakness_pk": world.strand.weaknesses.get().pk},
        typed=lambda world: {"revisit_judgement": "sufficient", **_date("judged_on", date(2026, 3, 2))},
    ),
    "inspections:area_setup": Page(ids=_area, prepare=_a_partner_and_a_closure_day),
    "inspections:partner_add": Page(ids=_area, typed=lambda world: {"name": "NHS Demo ICB", "kind": "icb"}),
    "inspections:partner_edit": Page(
        ids=lambda world: {**_area(world), "pk": PartnerOrganisation.objects.get(name="NHS Demo CCG").pk},
        prepare=_a_partner_and_a_closure_day,
    ),
    "inspections:closure_add": Page(
        ids=_area, typed=lambda world: {"name": "Closed", **_date("day", date(2026, 3, 19))}
    ),
    "inspections:closure_remove": Page(
        ids=lambda world: {**_area(world), "pk": NonWorkingDay.objects.get(day=date(2026, 3, 18)).pk},
        prepare=_a_partner_and_a_closure_day,
    ),
    "inspections:rule_edit": Page(
        ids=lambda world: {"pk": DeadlineRuleSetting.objects.get(key="wsoa_due_from_received").pk},
        as_superuser=True, typed=lambda world: {"why": "Checking"},
    ),
    "inspections:milestone_met": Page(
        ids=lambda world: {"pk": world.plan.inspection.milestones.get().pk},
        prepare=lambda client, world: MilestoneFactory(inspection=world.plan.inspection),
        form_on="inspections:detail",
    ),
    "actions:plan": Page(ids=lambda world: {"pk": world.plan.pk}),
    "actions:action_list": Page(ids=lambda world: {"plan_pk": world.plan.pk}),
    "actions:plan_import": Page(ids=lambda world: {"plan_pk": world.plan.pk}),
    "actions:plan_import_progress": Page(ids=lambda world: {"plan_pk": world.plan.pk}, prepare=_plan_waiting),
    "actions:plan_import_preview": Page(ids=lambda world: {"plan_pk": world.plan.pk}, prepare=_upload_plan),
    "actions:plan_import_confirm": Page(
        ids=lambda world: {"plan_pk": world.plan.pk}, prepare=_upload_plan, form_on="actions:plan_import_preview"
    ),
    "actions:plan_import_ratings": Page(
        ids=lambda world: {"plan_pk": world.plan.pk}, prepare=_upload_plan_with_a_rating_word,
        form_on="actions:plan_import_preview",
    ),
    "actions:plan_create": Page(ids=_inspection_needing_a_plan, prepare=_an_inspection_needing_a_plan),
    "actions:plan_setup": Page(ids=lambda world: {"plan_pk": world.plan.pk}),
    "actions:plan_settings": Page(ids=lambda world: {"plan_pk": world.plan.pk}),
    "actions:plan_subgroups": Page(ids=lambda world: {"plan_pk": world.plan.pk}),
    "actions:plan_strands": Page(ids=lambda world: {"plan_pk": world.plan.pk}),
    "actions:subgroup": Page(ids=lambda world: {"pk": world.strand.subgroup_id}),
    "actions:subgroup_chase": Page(ids=lambda world: {"pk": world.strand.subgroup_id}, form_on="actions:subgroup"),
    "actions:strand": Page(ids=lambda world: {"pk": world.strand.pk}),
    "actions:strand_edit": Page(ids=lambda world: {"pk": world.strand.pk}),
    "actions:action_create": Page(
        ids=lambda world: {"strand_pk": world.strand.pk},
        typed=lambda world: {"reference": "1.9", "title": "Audit every new EHC plan"},
    ),
    "actions:action": Page(ids=lambda world: {"pk": world.action.pk}),
    "actions:action_edit": Page(ids=lambda world: {"pk": world.action.pk}),
    "actions:progress_update": Page(
        ids=lambda world: {"pk": world.action.pk}, typed=lambda world: {"narrative": "The panel met twice."}
    ),
    "governance:board_create": Page(
        typed=lambda world: {"plan": str(world.plan.pk), "name": "SEND Partnership Board"}
    ),
    "governance:board": Page(ids=_board, prepare=_board_with_a_meeting),
    "governance:board_edit": Page(ids=_board, prepare=_board_with_a_meeting),
    "governance:member_add": Page(
        ids=_board, prepare=_board_with_a_meeting, typed=lambda world: {"name": "Lisa Green"}
    ),
    "governance:member_remove": Page(
        ids=lambda world: {"pk": BoardMember.objects.get(board__plan=world.plan).pk},
        prepare=_board_with_a_meeting, form_on="governance:board",
    ),
    "governance:meeting": Page(ids=_meeting, prepare=_board_with_a_meeting),
    "governance:meeting_edit": Page(ids=_meeting, prepare=_board_with_a_meeting),
    "governance:agenda_item_add": Page(
        ids=_meeting, prepare=_board_with_a_meeting, typed=lambda world: {"title": "Spotlight: EHC plans"}
    ),
    "governance:decision_add": Page(
        ids=_meeting, prepare=_board_with_a_meeting, typed=lambda world: {"text": "The board agreed the plan."}
    ),
    "governance:action_arising_add": Page(
        ids=_meeting, prepare=_board_with_a_meeting, typed=lambda world: {"text": "Bring the figures"}
    ),
    "governance:action_arising_to_plan_action": Page(
        ids=lambda world: {"pk": ActionArising.objects.get(meeting__board__plan=world.plan).pk},
        prepare=_board_with_a_meeting, typed=lambda world: {"strand": str(world.strand.pk)},
    ),
    "governance:action_arising_status": Page(
        ids=lambda world: {"pk": ActionArising.objects.get(meeting__board__plan=world.plan).pk},
        prepare=_board_with_a_meeting, form_on="governance:meeting", typed=lambda world: {"status": "done"},
    ),
    "emails_not_sent": Page(prepare=_an_email_not_sent),
    "email_send_again": Page(
        ids=lambda world: {"pk": OutgoingEmail.objects.get(key="stuck").pk}, prepare=_an_email_not_sent,
        form_on="emails_not_sent",
    ),
    "governance:report": Page(ids=_report("draft"), prepare=_board_with_a_meeting),
    "governance:report_edit": Page(
        ids=_report("draft"), prepare=_board_with_a_meeting, typed=lambda world: {"summary": "On track"}
    ),
    "governance:report_reopen": Page(
        ids=_report("submitted"), prepare=_board_with_a_meeting, typed=lambda world: {"reason": "Wrong figures"}
    ),
    "reports:dashboard": Page(ids=_meeting, prepare=_board_with_a_meeting),
    "reports:dashboard_issue": Page(ids=_meeting, prepare=_board_with_a_meeting, form_on="reports:dashboard"),
    "reports:report_start": Page(typed=lambda world: {
        "inspection": str(world.plan.inspection_id), "template": _cabinet_template(world),
        **_date("meeting_on", date(2026, 4, 1)), **_date("data_on", date(2026, 3, 1)),
    }),
    "reports:report": Page(ids=_committee_report, prepare=_a_committee_report),
    "reports:report_title": Page(ids=_committee_report, prepare=_a_committee_report),
    "reports:report_section": Page(ids=lambda world: {**_committee_report(world), "position": 1},
                                   prepare=_a_committee_report, typed=lambda world: {"text": "The purpose."}),
    "reports:report_approve": Page(ids=_committee_report, prepare=_a_committee_report, form_on="reports:report",
                                   typed=lambda world: {"role_words": "Director of Children's Services"}),
    "reports:report_preview": Page(ids=_committee_report, prepare=_a_committee_report),
    "reports:templates": Page(prepare=_an_own_template),
    "reports:branding": Page(ids=lambda world: {"area_pk": world.plan.inspection.area_id},
                             typed=lambda world: {"colour": "dark-blue"}),
    "reports:template": Page(ids=_own_template, prepare=_an_own_template),
    "reports:template_copy": Page(ids=_own_template, prepare=_an_own_template, form_on="reports:template",
                                  typed=lambda world: {"name": "Another cabinet report"}),
    "reports:template_edit": Page(ids=_own_template, prepare=_an_own_template),
    "reports:template_section_add": Page(ids=_own_template, prepare=_an_own_template,
                                         typed=lambda world: {"heading": "Risks"}),
    "reports:template_section": Page(ids=lambda world: {**_own_template(world), "position": 1},
                                     prepare=_an_own_template),
    "reports:template_section_move": Page(ids=lambda world: {**_own_template(world), "position": 1},
                                          prepare=_an_own_template, form_on="reports:template"),
    "reports:template_section_remove": Page(ids=lambda world: {**_own_template(world), "position": 1},
                                            prepare=_an_own_template, form_on="reports:template"),
    "actions:measure_create": Page(
        ids=lambda world: {"plan_pk": world.plan.pk},
        typed=lambda world: {"strand": str(world.strand.pk), "name": "EHC plans issued within 20 weeks"},
    ),
    "actions:measure": Page(ids=_measure, prepare=_a_measure_with_a_reading),
    "api_tokens:list": Page(typed=lambda world: {"name": "Power BI SEND dashboard"}),
    "api_tokens:revoke": Page(
        ids=lambda world: {"pk": world.people["administrator"].api_tokens.get().pk}, prepare=_an_api_token,
        form_on="api_tokens:list",
    ),
    "actions:measure_edit": Page(ids=_measure, prepare=_a_measure_with_a_reading),
    "actions:measure_readings": Page(
        ids=_measure, prepare=_a_measure_with_a_reading, typed=lambda world: {"value-2026-01": "44%"}
    ),
    "actions:action_evidence_add": Page(ids=lambda world: {"pk": world.action.pk}, typed=_evidence_typed),
    "actions:strand_evidence_add": Page(ids=lambda world: {"pk": world.strand.pk}, typed=_evidence_typed),
    "actions:weakness_evidence": Page(ids=lambda world: {"pk": world.strand.weaknesses.get().pk}),
    "actions:weakness_evidence_add": Page(ids=lambda world: {"pk": world.strand.weaknesses.get().pk},
                                          typed=_evidence_typed),
}


def url_names(patterns, namespace: str = ""):
    """Every URL pattern's name, with its namespace; an unnamed one by its route, so that it cannot hide."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace not in LEFT_OUT_NAMESPACES:
                yield from url_names(entry.url_patterns, inner)
        else:
            yield namespace + entry.name if entry.name else f"{namespace}<unnamed {entry.pattern}>"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The walk's pages open on a fixed day, whatever the calendar says."""
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
