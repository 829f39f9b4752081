"""Writing a plan out as an .xlsx workbook or a CSV file that imports back into the same plan."""
import io
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from .models import Action, Plan, Strand
from .sheet_writer import write_plan_csv, write_plan_xlsx

EXPORT_FORMATS = ("xlsx", "csv")


def plan_export_filename(plan: Plan, fmt: str, *, today: date | None = None) -> str:
    """ "blackpool-action-plan-2026-11-23.xlsx" """
    day = today or timezone.localdate()
    return f"{slugify(plan.inspection.area.name)}-action-plan-{day.isoformat()}.{fmt}"


@dataclass
class ExportAction:
    """An action as a spreadsheet row (the attributes ``sheet_writer.write_plan_xlsx`` reads)."""

    ref: str
    title: str
    description: str
    lead: str
    organisation: str
    start: date | None
    due: date | None
    ongoing: bool
    rating: str
    success_criteria: str
    evidence: str


@dataclass
class ExportStrand:
    number: int
    title: str
    actions: list[ExportAction]


def plan_for_export(plan: Plan) -> list[ExportStrand]:
    """Every strand of the plan with its actions in reference order: two queries, however big the plan."""
    actions = Action.objects.select_related("lead_officer").order_by("sort_key", "pk")
    strands = Strand.objects.filter(plan=plan).order_by("number").prefetch_related(Prefetch("actions", actions))
    return [
        ExportStrand(
            number=strand.number,
            title=strand.title,
            actions=[
                ExportAction(
                    ref=action.reference,
                    title=action.title,
                    description=action.description,
                    lead=action.lead_display,
                    organisation=action.lead_organisation,
                    start=action.start_date,
                    due=action.due_date,
                    ongoing=action.ongoing,
                    rating=action.rating,
                    success_criteria=action.success_criteria,
                    evidence=action.evidence_links,
                )
                for action in strand.actions.all()
            ],
        )
        for strand in strands
    ]


def plan_export(*, plan: Plan, fmt: str) -> bytes:
    """The plan as an .xlsx workbook or a CSV file that imports back into the same plan."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Cannot export a plan as {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    strands = plan_for_export(plan)
    buffer = io.BytesIO()
    if fmt == "xlsx":
        write_plan_xlsx(strands, buffer, legend=plan.legend, title=str(plan))
    else:
        write_plan_csv(strands, buffer, legend=plan.legend)
    return buffer.getvalue()
