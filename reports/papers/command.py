"""``manage.py render_report``'s work: find what it names, say in one line what is wrong, else draw the paper
through the same template, HTML and PDF code as an issued report."""
from dataclasses import dataclass
from datetime import date

from governance.models import Meeting
from inspections.models import Inspection

from .kinds import Kind
from .paper import paper_html
from .pdf import drawn_pdf
from .services import area_templates
from .specs import spec_from_template


@dataclass
class Made:
    problem: str = ""
    pdf: bytes = b""
    pages: int = 0


def _meeting(inspection: Inspection, kind: str, meeting_id: int | None, day: date) -> tuple[Meeting | None, str]:
    meetings = Meeting.objects.filter(board__plan__inspection=inspection).select_related("board")
    if meeting_id is not None:
        meeting = meetings.filter(pk=meeting_id).first()
        return meeting, "" if meeting else f"Inspection {inspection.pk} has no board meeting {meeting_id}"
    if kind != Kind.BOARD:
        return None, ""
    latest = meetings.exclude(status=Meeting.Status.CANCELLED).filter(held_on__lte=day).order_by("-held_on").first()
    return latest, "" if latest else f"Inspection {inspection.pk} has no board meeting on or before {day}"


def paper_for_command(*, inspection_id: int, kind: str, meeting_id: int | None, weakness_number: int | None,
                      day: date, today: date) -> Made:
    inspection = Inspection.objects.select_related("area", "plan").filter(pk=inspection_id).first()
    if inspection is None:
        return Made(problem=f"There is no inspection {inspection_id}")
    if not hasattr(inspection, "plan"):
        return Made(problem=f"Inspection {inspection_id} has no plan yet")
    if day > today:
        return Made(problem=f"--on {day} is after today: the figures of a later day are not known")
    meeting, problem = _meeting(inspection, kind, meeting_id, day)
    if problem:
        return Made(problem=problem)
    weakness = None
    if weakness_number is not None:
        weakness = inspection.weaknesses.filter(number=weakness_number).first()
        if weakness is None:
            return Made(problem=f"Inspection {inspection_id} has no weakness {weakness_number}")
    template = area_templates(inspection.area)[kind]
    spec = spec_from_template(template, inspection=inspection, meeting_on=meeting.held_on if meeting else day,
                              data_on=day, meeting=meeting, weakness=weakness)
    pdf, pages = drawn_pdf(paper_html(spec, today=today))
    return Made(pdf=pdf, pages=pages)
