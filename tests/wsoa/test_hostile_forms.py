"""Hostile input in every form of the service: no answer is a server error, no markup comes back raw, and a
refused form saves nothing.

The walk finds the forms itself. It visits every URL pattern of the project (ids from the action plan's
small world), reads each page's forms and links as a browser would, starts from what the form already holds,
then sends each payload in each field (see FormWalk for how it keeps that quick). A new pattern that the walk
cannot reach fails the test until it is given its ids below or left out on purpose.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, TestCase
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404
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
from tests.wsoa.hostile_text import CANARY_HOST, SCRIPT, markup_from_the_payload
from tests.wsoa.html_forms import TEXT_LIKE, Control, Form, read_page
from wsoa.models import OutgoingEmail, User

TODAY = date(2026, 3, 16)
HTML = SCRIPT
# A stylesheet that closes the page's own and imports from a documentation address, and a style attribute's.
CSS = f"x</style><style>@import url(http://{CANARY_HOST}/x.css)</style><p style=\"background:url(http://{CANARY_HOST}/y.png)\">"
PAYLOADS = [
    "99999999999999999999", "-1", "1e309", "0x10", "x" * 10_000, "\x00", "abc\x00def", "\u202egnp.exe",
    "👩🏽‍🏫", HTML, CSS, '=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "\t=1+1", "\r\nBcc: x@example.org",
    "a" * 300 + "@example.org",  # a well-formed e-mail address longer than any column
    "1; DROP TABLE actions_action",
]  # fmt: skip
# A megabyte is slow to send and to draw back into the page, so it goes only into each form's first text box
# and first text area; the 10,000 characters above already pass every column's limit everywhere else.
MEGABYTE = "y" * 1_000_000
PROJECT_APPS = ("wsoa", "inspections", "actions", "governance", "reports", "api")
TEXTS = TEXT_LIKE - {"hidden", "password"}  # the boxes a person types into
URL_ENCODED = "application/x-www-form-urlencoded"  # how a browser sends a form without files

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


WALKED = sorted(set(url_names(get_resolver().url_patterns)) - set(LEFT_OUT))


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The walk's pages open on a fixed day, whatever the calendar says."""
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_walk_names_only_patterns_that_exist():
    named = set(url_names(get_resolver().url_patterns))
    assert set(PAGES) <= named, f"PAGES names patterns that are gone: {set(PAGES) - named}"
    assert set(LEFT_OUT) <= named, f"LEFT_OUT names patterns that are gone: {set(LEFT_OUT) - named}"


def row_counts() -> tuple[int, ...]:
    """How many rows each of the product's tables holds (history tables included, so edits count too)."""
    tables = [model._meta.db_table for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()]
    quoted = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = ", ".join(f"(SELECT COUNT(*) FROM {quoted(table)})" for table in tables)  # noqa: S608 (our tables)
        cursor.execute(f"SELECT {counts}")
        return cursor.fetchone()


def _client(world: World, page: Page) -> Client:
    client = Client(enforce_csrf_checks=True)
    if page.as_superuser:
        client.force_login(User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
            email="root@example.org", password=None, first_name="Root", last_name="User"))
    elif page.signed_in:
        client.force_login(world.people["administrator"])
    return client


def _target(page_path: str, action: str) -> tuple[str, str | None]:
    """The path a form is sent to, and its pattern's name (None for an address outside the project)."""
    path = urlsplit(urljoin(page_path, action)).path
    try:
        return path, resolve(path).view_name
    except Resolver404:
        return path, None


def _link_forms(page_path: str, links: list[str]) -> list[Form]:
    """Links back to the page with a query (the pages of a list): each kind is a GET form of its parameters."""
    forms: dict[tuple[str, ...], Form] = {}
    for link in links:
        parts = urlsplit(urljoin(page_path, link))
        if parts.path == page_path and parts.query:
            controls = [Control(name, "hidden", value) for name, value in parse_qsl(parts.query)]
            forms.setdefault(tuple(sorted(c.name for c in controls)), Form("get", link, controls=controls))
    return list(forms.values())


def _field_of_each_box(form: Form) -> dict[str, str]:
    """Each box a person fills in, and the form field it belongs to (a date's day, month and year are one)."""
    boxes = list(dict.fromkeys(c.name for c in form.controls if c.kind not in {"hidden", "file", "submit"}))
    stems = {name: re.sub(r"_\d+$", "", name) for name in boxes}
    shared = {stem for stem in stems.values() if list(stems.values()).count(stem) > 1}
    return {name: stems[name] if stems[name] in shared else name for name in boxes}


@dataclass
class FormWalk:
    """One form sent every payload in every field; each problem is kept, so that a failure lists them all.

    To keep the walk quick, a payload goes into many boxes at once: every box that is a field of its own
    in one try, then the first box of every date, and so on, so that a date's other boxes keep their
    values. A box that the page then marks as wrong has refused the payload on its own; the others are
    tried again together, until they are saved (the payload went through every check and service with
    them). A try that shows a problem, or a refusal that names none of its boxes, is halved, down to one
    box, so that the report names the box at fault. Hidden fields and files are always tried alone.
    """

    client: Client
    form: Form
    path: str
    problems: list[str] = field(default_factory=list)

    def run(self, typed: dict) -> None:
        self.start = {**self.form.submission(), **{name: [value] for name, value in typed.items()}}
        self.rows_before = row_counts()  # every submission is rolled back, so this holds before each one
        self.send({}, f"{self.form.method.upper()} {self.path} as it stands")
        self.field_of = _field_of_each_box(self.form)
        alone = [name for name in self.form.names if name not in self.field_of]
        on_their_own = [name for name, field_name in self.field_of.items() if name == field_name]
        boxes_by_position: dict[str, list[str]] = {}  # the days of every date, then the months, then the years
        for name, field_name in self.field_of.items():
            if name != field_name:
                boxes_by_position.setdefault(name.removeprefix(field_name), []).append(name)
        batches = [batch for batch in (on_their_own, *boxes_by_position.values()) if batch]
        for payload in PAYLOADS:
            for name in alone:
                self.send_alone(name, payload)
            for batch in batches:
                self.try_together(batch, payload)
        for name in self.megabyte_fields():
            self.send_alone(name, MEGABYTE)

    def try_together(self, names: list[str], payload: str) -> None:
        """The payload in all these boxes at once, as far as it goes; a box is tried alone only if it must be."""
        if len(names) == 1:
            self.send_alone(names[0], payload)
            return
        what = f"{self.form.method.upper()} {self.path} {payload[:40]!r} in {', '.join(names)}"
        response = self.send(dict.fromkeys(names, payload), what, quiet=True)
        if response is not None and response.status_code in {200, 302}:
            refused = read_page(response.content.decode()).fields_in_error
            if response.status_code == 302 or (self.form.method == "get" and not refused):
                return  # taken: the payload went through every check and service in every one of them
            rest = [name for name in names if self.field_of[name] not in refused]
            if len(rest) < len(names):
                if rest:
                    self.try_together(rest, payload)
                return
        # A problem, or a refusal that names none of them: halve, so that the box at fault is found.
        half = len(names) // 2
        self.try_together(names[:half], payload)
        self.try_together(names[half:], payload)

    def megabyte_fields(self) -> set[str]:
        first_box = next((control.name for control in self.form.controls if control.kind in TEXTS), None)
        first_area = next((control.name for control in self.form.controls if control.kind == "textarea"), None)
        return {name for name in (first_box, first_area) if name}

    def send_alone(self, name: str, payload: str) -> None:
        what = f"{self.form.method.upper()} {self.path} {name}={payload[:40]!r}"
        what += f" ({len(payload):,} characters)" if len(payload) > 40 else ""
        if name in self.form.file_names:  # a file named and filled with the payload
            self.send({}, what, files={name: SimpleUploadedFile(payload, payload.encode(), "text/plain")})
        else:
            self.send({name: payload}, what)

    def send(self, changes: dict, what: str, *, files=None, quiet: bool = False):
        """Send the starting values with these changes; the response, unless it showed a problem.

        Quietly, a problem is not kept: the boxes are then tried one at a time, which names the one at fault.
        """
        values = {**self.start, **{name: [value] for name, value in changes.items()}}
        with transaction.atomic():  # each submission starts from the same world
            try:
                response = self.submit(values, files or {})
                found = self.check(response, what)
            except Exception as error:  # noqa: BLE001 - a server error is what the walk is looking for
                found = [f"{what}: {type(error).__name__}: {str(error)[:200]}"]
            transaction.set_rollback(True)
        if not quiet:
            self.problems += found
        return None if found else response

    def submit(self, values: dict, files: dict):
        if self.form.method == "get":
            return self.client.get(self.path, values)
        if self.form.multipart:
            return self.client.post(self.path, {**values, **files})
        return self.client.post(self.path, urlencode(values, doseq=True), content_type=URL_ENCODED)

    def check(self, response, what: str) -> list[str]:
        found = []
        if response.status_code >= 500:
            found.append(f"{what}: answered {response.status_code}")
        if _markup_in(response.content.decode(errors="replace")):
            found.append(f"{what}: the markup came back unescaped")
        if response.status_code in {301, 302, 303}:
            if any(tag in what for tag in ("<script>", "<style>")):  # accepted: the page it leads to shows it
                shown = self.client.get(response["Location"]).content.decode(errors="replace")
                if _markup_in(shown):
                    found.append(f"{what}: the markup came back unescaped on {response['Location']}")
        elif self.form.method == "post" and row_counts() != self.rows_before:
            found.append(f"{what}: refused ({response.status_code}) but saved something")
        return found


def _markup_in(body: str) -> list[str]:
    """The elements and attributes the markup payloads made in the page (read only when it holds one of them)."""
    return markup_from_the_payload(body) if "hostile(" in body or CANARY_HOST in body else []


def _open_holder(client: Client, name: str, page: Page, world: World):
    """The page that holds the pattern's forms, reached as a person reaches it; the walk fails if it cannot."""
    if page.prepare:
        client.handler.enforce_csrf_checks = False  # the steps before are not what is being tried
        page.prepare(client, world)
        client.handler.enforce_csrf_checks = True
    holder = page.form_on or name
    try:
        path = reverse(holder, kwargs=PAGES.get(holder, Page()).ids(world))
        reverse(name, kwargs=page.ids(world))
    except NoReverseMatch:
        pytest.fail(f"{name} needs ids: give it a Page in PAGES, or leave it out in LEFT_OUT with the reason")
    response = client.get(path, follow=True)
    reached = resolve(response.request["PATH_INFO"]).view_name
    assert response.status_code == 200 and reached == holder, (
        f"The walk cannot reach {name}: {path} answered {response.status_code} on {reached}. "
        "If it only takes a form from another page, name that page in its Page(form_on=...)."
    )
    return response


@pytest.mark.parametrize("name", WALKED)
def test_no_form_answers_hostile_input_with_a_server_error(name, world, monkeypatch):
    monkeypatch.setattr("actions.views.ACTIONS_PER_PAGE", 1)  # so the action list has pages to ask for
    page = PAGES.get(name, Page())
    client = _client(world, page)
    response = _open_holder(client, name, page, world)
    holder, page_path = page.form_on or name, response.request["PATH_INFO"]
    contents = read_page(response.content.decode())
    problems, fuzzed = [], 0
    for form in contents.forms + _link_forms(page_path, contents.links):
        path, target = _target(page_path, form.action)
        if target in LEFT_OUT or target is None:
            continue
        if target != name:
            assert PAGES.get(target, Page()).form_on == holder or target == holder, (
                f"A form on {holder} is sent to {target}: give {target} a Page(form_on={holder!r})"
            )
            continue
        walk = FormWalk(client, form, path)
        walk.run(page.typed(world))
        problems += walk.problems
        fuzzed += 1
    if page.form_on:
        assert fuzzed, f"No form on {holder} is sent to {name}"
    if problems:
        pytest.fail(f"{len(problems)} problems on {holder}:\n" + "\n".join(problems[:60]), pytrace=False)
