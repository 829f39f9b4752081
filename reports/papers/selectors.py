"""Reads for the committee report pages, each scoped to the person's areas: another area's report is not found."""
from django.db.models import QuerySet

from actions.selectors import plans_visible_to
from governance.models import Meeting
from inspections.models import Inspection, SignificantWeakness
from wsoa.roles import area_ids_where, visible_area_ids

from ..models import IssuedReport, Report, ReportTemplate


def reports_visible_to(user) -> QuerySet[Report]:
    return Report.objects.filter(inspection__area_id__in=area_ids_where(user, "reports.view_report"))


def reports_for_index(user) -> list[Report]:
    return list(reports_visible_to(user).select_related("inspection__area", "approved_by")
                .order_by("-meeting_on", "-pk")[:200])


def report_for_page(pk: int, *, user) -> Report:
    """The report with what its pages show; a report of an area the person has no role in is not found (404)."""
    return (Report.objects.filter(inspection__area_id__in=visible_area_ids(user))
            .select_related("inspection__area", "inspection__plan", "template", "meeting__board", "weakness",
                            "approved_by", "created_by")
            .get(pk=pk))


def issues_of(report: Report) -> list[IssuedReport]:
    return list(report.issues.select_related("issued_by").order_by("-number"))


def issue_of(report: Report, number: int) -> IssuedReport:
    return report.issues.select_related("issued_by").get(number=number)


def inspections_for_reports(user) -> QuerySet[Inspection]:
    """The inspections with a plan, in the areas where the person may start reports."""
    areas = area_ids_where(user, "reports.add_report")
    plans = plans_visible_to(user).filter(inspection__area_id__in=areas)
    return Inspection.objects.filter(plan__in=plans).select_related("area").order_by("area__name", "-starts_on")


def templates_for(inspection_ids) -> QuerySet[ReportTemplate]:
    return ReportTemplate.objects.filter(area__inspections__in=inspection_ids).distinct().order_by("kind", "name")


def meetings_for(inspections: QuerySet[Inspection]) -> QuerySet[Meeting]:
    return (Meeting.objects.filter(board__plan__inspection__in=inspections).exclude(status=Meeting.Status.CANCELLED)
            .select_related("board").order_by("-held_on"))


def weaknesses_for(inspections: QuerySet[Inspection]) -> QuerySet[SignificantWeakness]:
    return SignificantWeakness.objects.filter(inspection__in=inspections).order_by("inspection", "number")


def templates_visible_to(user) -> QuerySet[ReportTemplate]:
    return ReportTemplate.objects.filter(area_id__in=visible_area_ids(user))


def templates_for_index(user, *, area_ids) -> list[ReportTemplate]:
    return list(templates_visible_to(user).filter(area_id__in=area_ids).select_related("area")
                .order_by("area__name", "kind", "shipped", "name"))


def template_for_page(pk: int, *, user) -> ReportTemplate:
    return templates_visible_to(user).select_related("area").get(pk=pk)
