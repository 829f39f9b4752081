"""The committee report pages: the list, starting a report, writing its sections and title block, approving,
issuing, the HTML preview and the issued PDFs. Each view checks the person's area and role, then calls one
service or selector."""
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.evidence_files import download_name
from wsoa.roles import area_ids_where, role_required

from .. import permissions as can
from ..errors import ReportsError
from ..models import IssuedReport, Report
from . import selectors, services
from .forms import ApproveForm, ReportStartForm, SectionForm, TitleBlockForm
from .kinds import GENERATED
from .paper import paper_html
from .specs import spec_of
from .text import plain_words

logger = logging.getLogger(__name__)


def _report(request, pk: int, *, write: bool = False) -> Report:
    try:
        report = selectors.report_for_page(pk, user=request.user)
    except Report.DoesNotExist:
        raise Http404("Not found") from None
    allowed = can.can_write_reports if write else can.can_read_reports
    if not allowed(request.user, report.inspection.area_id):
        raise PermissionDenied
    return report


def refused_in(form, error: ReportsError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@role_required()
@require_GET
def report_index(request):
    """Every role reaches the page from the navigation; it lists the reports of the areas where the person reads
    them (none for officers and subgroup leads, whose roles do not)."""
    return render(request, "reports/papers/index.html", {
        "reports": selectors.reports_for_index(request.user),
        "may_read": bool(area_ids_where(request.user, "reports.view_report")),
        "may_start": bool(area_ids_where(request.user, "reports.add_report")),
        "may_change_templates": any(can.can_change_templates(request.user, area)
                                    for area in area_ids_where(request.user, "reports.view_report")),
    })


def _start_form(request, data=None) -> ReportStartForm:
    inspections = selectors.inspections_for_reports(request.user)
    for inspection in {i.area_id: i for i in inspections}.values():
        services.area_templates(inspection.area, by=request.user)
    return ReportStartForm(data, inspections=inspections, templates=selectors.templates_for(inspections),
                           meetings=selectors.meetings_for(inspections),
                           weaknesses=selectors.weaknesses_for(inspections))


@require_http_methods(["GET", "POST"])
def report_start(request):
    if not area_ids_where(request.user, "reports.add_report"):
        raise PermissionDenied
    form = _start_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_start(by=request.user, **form.cleaned_data)
        except ReportsError as error:
            refused_in(form, error)
        else:
            messages.success(request, "The report is started. Write its narrative sections, then have it approved.")
            return redirect("reports:report", pk=report.pk)
    return render(request, "reports/papers/start.html", {"form": form, "heading": "Start a report",
                                                         "button": "Start the report"},
                  status=400 if form.errors else 200)


@require_GET
def report_page(request, pk: int):
    report = _report(request, pk)
    area = report.inspection.area_id
    issues = selectors.issues_of(report)
    return render(request, "reports/papers/report.html", {
        "report": report, "issues": issues,
        "sections": [(section, GENERATED.get(section.generated, ""), plain_words(section.text))
                     for section in report.sections.all()],
        "may_write": can.can_write_reports(request.user, area) and report.status != Report.Status.ISSUED,
        "may_issue": can.can_write_reports(request.user, area) and report.status == Report.Status.APPROVED,
        "may_reopen": can.can_write_reports(request.user, area) and report.status == Report.Status.ISSUED,
        "may_retry": can.can_write_reports(request.user, area),
        "approve_form": ApproveForm(initial={"version": report.version})
        if report.status == Report.Status.DRAFT and can.can_approve_reports(request.user, area) else None,
        "waiting": any(issue.status in (IssuedReport.Status.QUEUED, IssuedReport.Status.RENDERING)
                       for issue in issues),
    })


def form_page(request, report: Report | None, form, save, *, template: str, done: str, redirect_to=None, **context):
    """A report's (or template's) form: on a valid POST, ``save(cleaned_data)`` and go back to the report (or
    ``redirect_to``); a refusal is shown in the form, with what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ReportsError as error:
            refused_in(form, error)
        else:
            messages.success(request, done)
            return redirect_to or redirect("reports:report", pk=report.pk)
    return render(request, template, {"report": report, "form": form, **context},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int, position: int):
    report = _report(request, pk, write=True)
    section = report.sections.filter(position=position, generated="").first()
    if section is None:
        raise Http404("Not found")
    form = SectionForm(request.POST if request.method == "POST" else None,
                       initial={"version": report.version, "text": section.text})
    return form_page(request, report, form, lambda data: services.report_section_write(
        section=section, by=request.user, text=data["text"], expected_version=data["version"]),
        template="reports/papers/section_form.html", done=f"“{section.heading}” is saved.", section=section,
        heading=section.heading)


@require_http_methods(["GET", "POST"])
def title_edit(request, pk: int):
    report = _report(request, pk, write=True)
    initial = {"version": report.version, "title": report.title, **report.title_values}
    form = TitleBlockForm(request.POST if request.method == "POST" else None, initial=initial,
                          fields=report.title_fields)
    return form_page(request, report, form, lambda data: services.report_title_write(
        report=report, by=request.user, title=data["title"], values=form.values(), expected_version=data["version"]),
        template="reports/papers/title_form.html", done="The title block is saved.", heading="The title block")


@require_POST
def report_approve(request, pk: int):
    report = _report(request, pk)
    if not can.can_approve_reports(request.user, report.inspection.area_id):
        raise PermissionDenied
    form = ApproveForm(request.POST)
    return form_page(request, report, form, lambda data: services.report_approve(
        report=report, by=request.user, role_words=data["role_words"], expected_version=data["version"]),
        template="reports/papers/_form_page.html", done="The report is approved. It can now be issued.",
        heading="Approve the report", button="Approve the report",
        action=reverse("reports:report_approve", args=[report.pk]))


def _state_change(request, pk: int, change, done: str):
    report = _report(request, pk, write=True)
    try:
        change(report)
    except ReportsError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("reports:report", pk=report.pk)


@require_POST
def report_issue(request, pk: int):
    return _state_change(request, pk, lambda report: services.report_issue(report=report, by=request.user),
                         "The report is issued. Its PDF is being drawn: this page shows when it is ready.")


@require_POST
def report_reopen(request, pk: int):
    return _state_change(request, pk, lambda report: services.report_reopen(report=report, by=request.user),
                         "The report is a draft again. What was issued stays as it was.")


@require_POST
def issue_retry(request, pk: int, number: int):
    def retry(report):
        try:
            issue = selectors.issue_of(report, number)
        except IssuedReport.DoesNotExist:
            raise Http404("Not found") from None
        services.issue_retry(issue=issue, by=request.user)

    return _state_change(request, pk, retry, "The PDF is being drawn again.")


@require_GET
def report_preview(request, pk: int):
    report = _report(request, pk)
    html = paper_html(spec_of(report), today=timezone.localdate(), for_print=False,
                      back_url=reverse("reports:report", args=[report.pk]))
    return HttpResponse(html)


def _issue(request, pk: int, number: int) -> IssuedReport:
    report = _report(request, pk)
    try:
        return selectors.issue_of(report, number)
    except IssuedReport.DoesNotExist:
        raise Http404("Not found") from None


@require_GET
def issue_download(request, pk: int, number: int):
    issue = _issue(request, pk, number)
    if issue.status != IssuedReport.Status.DONE or not issue.file:
        raise Http404("Not drawn yet")
    try:
        pdf = issue.file.open("rb")
    except OSError:  # the stored file is gone (a restore without the media volume, say): say so, not a 500
        logger.error("The PDF of report %s version %s is missing from storage (%s)", issue.report_id, issue.number,
                     issue.file.name)
        raise Http404("The PDF file is missing") from None
    # The title is typed text: the name keeps its words on one line, without slashes, control characters or
    # direction marks, as an evidence file's does.
    words = " ".join(issue.report.title[:80].replace("/", "-").replace("\\", "-").split())
    return FileResponse(pdf, as_attachment=True, content_type="application/pdf",
                        filename=download_name(f"{words} (version {issue.number}).pdf", "pdf"))


@require_GET
def issue_status(request, pk: int, number: int):
    """For the page's small script: whether the PDF is ready (the page itself says the same on a refresh)."""
    issue = _issue(request, pk, number)
    return JsonResponse({"status": issue.status, "words": issue.get_status_display()})
