"""The demo area's committee reports, so a new person opens a real PDF at once: a cabinet report written, approved
by the board's chair and issued; a scrutiny report in draft; the board pack for the board's last meeting, in
draft. Safe to load again: a report already there is left as it is."""
from datetime import timedelta

from django.utils import timezone

from actions.models import Plan
from governance.models import Meeting

from ..models import Report
from . import render, services
from .kinds import Kind

CABINET_WORDS = {
    "Proposal and justification": "Cabinet is asked to note progress. The partnership will keep delivering the "
    "plan through the SEND improvement board, which meets monthly and reviews every action's rating.",
    "Consideration of alternative approaches": "None: the local area must deliver the plan the inspectorates "
    "accepted.",
    "Consultations": "The SEND improvement board, the parent carer forum and the integrated care board were "
    "consulted on this report.",
    "Equality impact": "Children and young people with SEND have a protected characteristic. The plan is designed "
    "to improve their experience and outcomes; no separate assessment is needed for this progress report.",
    "The corporate plan and performance management framework": "The plan's impact measures are reported to "
    "Cabinet every quarter.\n\n- **EHC plans issued within 20 weeks** is a corporate plan measure.",
}


def _started(plan: Plan, kind: str, *, by, meeting=None, meeting_on, data_on) -> Report | None:
    if Report.objects.filter(inspection=plan.inspection, kind=kind).exists():
        return None
    templates = services.area_templates(plan.inspection.area, by=by)
    return services.report_start(template=templates[kind], inspection=plan.inspection, by=by, meeting=meeting,
                                 meeting_on=meeting_on, data_on=data_on)


def _cabinet_load(plan: Plan, *, clerk, chair, today) -> None:
    last_month_end = today.replace(day=1) - timedelta(days=1)
    report = _started(plan, Kind.CABINET, by=clerk, meeting_on=today + timedelta(days=14), data_on=last_month_end)
    if report is None:
        return
    for section in report.sections.filter(generated=""):
        text = CABINET_WORDS.get(section.heading, section.text) or "None."
        services.report_section_write(section=section, by=clerk, text=text, expected_version=None)
    services.report_approve(report=report, by=chair, role_words="Director of Children's Services",
                            expected_version=None)
    issue = services.report_issue(report=report, by=clerk)
    render.issued_report_render(issue.pk)  # drawn now, so the demo has its PDF (the queued task then finds it done)


def demo_load(*, users: dict, areas: dict) -> None:
    plan = Plan.objects.filter(inspection__area=areas["home"]).select_related("inspection__area").first()
    if plan is None:
        return
    clerk, chair = users["democratic@demo.example.org"], users["chair@demo.example.org"]
    today = timezone.localdate()
    _cabinet_load(plan, clerk=clerk, chair=chair, today=today)
    _started(plan, Kind.SCRUTINY, by=clerk, meeting_on=today + timedelta(days=21), data_on=today)
    last = (Meeting.objects.filter(board__plan=plan, held_on__lt=today).exclude(status=Meeting.Status.CANCELLED)
            .order_by("-held_on").first())
    if last is not None:
        _started(plan, Kind.BOARD, by=clerk, meeting=last, meeting_on=last.held_on, data_on=last.held_on)
