"""Where a paper's parts come from: a template's sections with their starter text filled from the data (when a
report is started, or on the command line), a saved report as it now stands, or an issue as it was issued."""
from datetime import date

from inspections.dates import long_date
from inspections.models import Inspection

from ..models import IssuedReport, Report, ReportTemplate
from .kinds import KIND_WORDS
from .paper import PaperSection, PaperSpec
from .text import starter_filled


def starter_values(*, inspection: Inspection, meeting_on: date, data_on: date, report_to: str) -> dict[str, str]:
    """What a starter text's ``{names}`` (kinds.STARTER_NAMES) stand for."""
    return {
        "area": inspection.area.name, "council": inspection.area.local_authority or inspection.area.name,
        "plan": inspection.plan_name, "meeting": report_to or "the meeting", "meeting_date": long_date(meeting_on),
        "data_date": long_date(data_on), "weakness_count": str(inspection.weaknesses.count()),
        "inspection": f"{long_date(inspection.starts_on)} to {long_date(inspection.ends_on)}",
    }


def title_defaults(template: ReportTemplate, meeting=None) -> dict:
    """The template's title block values, and a board pack's "report to" its board."""
    values = dict(template.title_defaults)
    if meeting is not None and not values.get("report_to"):
        values["report_to"] = meeting.board.name
    return values


def default_title(template: ReportTemplate, inspection: Inspection, meeting_on: date) -> str:
    return f"{inspection.area.name} SEND {inspection.plan_name}: {KIND_WORDS[template.kind].lower()}, " \
           f"{long_date(meeting_on)}"


def sections_from(template: ReportTemplate, values: dict[str, str]) -> list[PaperSection]:
    return [PaperSection(heading=s.heading, generated=s.generated, bold=s.bold,
                         text="" if s.generated else starter_filled(s.starter, values))
            for s in template.sections.order_by("position")]


def spec_from_template(template: ReportTemplate, *, inspection: Inspection, meeting_on: date, data_on: date,
                       meeting=None, weakness=None, changes_since: date | None = None) -> PaperSpec:
    """A paper straight from the template, as a report started now would first read (the command line's)."""
    values = title_defaults(template, meeting)
    return PaperSpec(
        kind=template.kind, title=default_title(template, inspection, meeting_on), inspection=inspection,
        meeting_on=meeting_on, data_on=data_on, numbering=template.numbering,
        title_fields=list(template.title_fields), title_values=values,
        sections=sections_from(template, starter_values(inspection=inspection, meeting_on=meeting_on,
                                                        data_on=data_on, report_to=values.get("report_to", ""))),
        meeting=meeting, weakness=weakness, changes_since=changes_since,
    )


def content_of(report: Report) -> dict:
    """The words of the report (title, title block, sections) as plain data: kept with each issue."""
    return {
        "title": report.title, "numbering": report.numbering, "title_fields": list(report.title_fields),
        "title_values": dict(report.title_values), "approval": _state(report),
        "sections": [{"heading": s.heading, "generated": s.generated, "bold": s.bold, "text": s.text}
                     for s in report.sections.order_by("position")],
    }


def _state(report: Report) -> str:
    if report.status == Report.Status.DRAFT:
        return "Draft, not approved"
    return f"Approved by {report.approved_by} ({report.approved_role})" if report.approved_by else "Approved"


def spec_of(report: Report, *, content: dict | None = None, state: str = "") -> PaperSpec:
    content = content or content_of(report)
    return PaperSpec(
        kind=report.kind, title=content["title"], inspection=report.inspection, meeting_on=report.meeting_on,
        data_on=report.data_on, numbering=content["numbering"], title_fields=content["title_fields"],
        title_values=content["title_values"],
        sections=[PaperSection(**section) for section in content["sections"]],
        meeting=report.meeting, weakness=report.weakness, changes_since=report.changes_since,
        state=state or _state(report),
    )


def spec_of_issue(issue: IssuedReport) -> PaperSpec:
    """The report as it was issued: its words then, and the data of its data day (the plan's past)."""
    return spec_of(issue.report, content=issue.content,
                   state=f"Issued, version {issue.number}. {issue.content.get('approval', '')}")
