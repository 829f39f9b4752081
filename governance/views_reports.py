"""Report pages: a subgroup's spotlight or short report to a board meeting (its figures, then its narrative),
writing it as a draft and submitting it, and an administrator reopening a submitted one.

A draft is read only by its writers (``selectors.reports_visible_to``: to anyone else it is a 404, as another
area's report is); changing one is for its writers (403 for others who can read it).
"""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from actions.ratings import legend_from_json

from . import permissions as can
from . import selectors, services_reports
from .errors import GovernanceError
from .forms import ReportForm, ReportReopenForm
from .models import SubgroupReport
from .report_figures import report_figures
from .report_sections import section_texts, text_normalised
from .views import add_errors, load, require


def _figures(report: SubgroupReport) -> dict:
    """A submitted report's figures as they were kept; a draft's as they are today."""
    if report.status == SubgroupReport.Status.SUBMITTED:
        return report.data
    return report_figures(subgroup=report.subgroup, meeting=report.meeting, today=timezone.localdate())


def _page(report: SubgroupReport, **extra) -> dict:
    figures = _figures(report)
    legend = legend_from_json(figures["legend"]) if figures.get("legend") else report.subgroup.plan.legend
    return {
        "report": report, "meeting": report.meeting, "board": report.meeting.board, "figures": figures,
        "legend": legend, "title": services_reports.report_words(report), **extra,
    }


@require_GET
def report_detail(request, pk: int):
    report = load(selectors.report_for_page, pk, request.user)
    return render(request, "governance/report_detail.html", _page(
        report, sections=section_texts(report.kind, report.sections),
        may_edit=can.can_edit_report(request.user, report), may_reopen=can.can_reopen_report(request.user, report),
    ))


@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = load(selectors.report_for_page, pk, request.user)
    require(can.writes_report(request.user, report))
    if request.method == "GET" and report.status == SubgroupReport.Status.SUBMITTED:
        messages.info(request, "This report is submitted to the board, so it can no longer be changed.")
        return redirect("governance:report", pk=report.pk)
    form = ReportForm(request.POST or None, kind=report.kind, initial=ReportForm.initial_for(report))
    stale = None
    if request.method == "POST" and form.is_valid():
        submitting = request.POST.get("intent") == "submit"
        service = services_reports.report_submit if submitting else services_reports.report_draft_save
        try:
            saved = service(report=report, by=request.user, sections=form.texts(),
                            expected_version=form.cleaned_data["version"] or 0)
        except services_reports.ReportChanged as error:
            stale = _stale_report(error, form, report)
            form = ReportForm(kind=report.kind, initial=stale["initial"])
        except GovernanceError as error:
            add_errors(form, error)
        else:
            done = "submitted to the board" if submitting else "saved as a draft"
            messages.success(request, f"The {saved.get_kind_display().lower()} is {done}.")
            return redirect("governance:report", pk=report.pk)
    theirs = dict(stale["clashes"]) if stale else {}
    return render(request, "governance/report_form.html", _page(
        report, form=form, stale=stale,
        fields=[(form[section.key], theirs.get(section.key)) for section in form.sections],
    ))


def _stale_report(error: services_reports.ReportChanged, form: ReportForm, report: SubgroupReport) -> dict:
    """What the refusal page shows: this person's sections re-based on the report as saved now (the sections
    they did not touch take the saved text), and the other person's text beside each section both changed."""
    current = error.current
    saved_now = {key: str(text) for key, text in current.sections.items()}
    opened = (
        report.history.filter(version=form.cleaned_data["version"] or 0).order_by("-history_id").first()
    )
    opened_texts = {key: str(text) for key, text in opened.sections.items()} if opened else saved_now
    initial, clashes = form.rebased(opened=opened_texts, current=saved_now)
    if opened is None:  # not a version this report had: every section that differs is in question
        clashes = [key for key, text in initial.items() if text_normalised(str(text)) != saved_now.get(key, "")]
    last = current.history.select_related("history_user").order_by("-history_id").first()
    labels = {section.key: section.label for section in form.sections}
    return {
        "by": str(last.history_user) if last and last.history_user else "Someone else",
        "initial": {**initial, "version": current.version},
        "clashes": [(key, saved_now.get(key, "")) for key in clashes if key in labels],
        "clash_labels": [labels[key] for key in clashes if key in labels],
        "kept": [labels[key] for key in labels if text_normalised(str(initial.get(key, ""))) != saved_now.get(key, "")],
    }


@require_http_methods(["GET", "POST"])
def report_reopen(request, pk: int):
    report = load(selectors.report_for_page, pk, request.user)
    require(can.can_reopen_report(request.user, report))
    form = ReportReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_reports.report_reopen(report=report, by=request.user, reason=form.cleaned_data["reason"])
        except GovernanceError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The report is a draft again: its subgroup can change it and submit it again.")
            return redirect("governance:report", pk=report.pk)
    return render(request, "governance/report_reopen.html", {
        "form": form, "report": report, "title": services_reports.report_words(report),
        "board": report.meeting.board, "meeting": report.meeting,
    })
