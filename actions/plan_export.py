"""Writing a plan out as an .xlsx workbook or a CSV file that imports back into the same plan."""
import io
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from .models import Action, Plan, Strand
from .plan_sheet import ParsedAction, ParsedStrand
from .sheet_columns import ACTION_COLUMNS
from .sheet_writer import write_plan_csv, write_plan_xlsx

EXPORT_FORMATS = ("xlsx", "csv")


def plan_export_filename(plan: Plan, fmt: str, *, today: date | None = None) -> str:
    """ "blackpool-action-plan-2026-11-23.xlsx" """
    day = today or timezone.localdate()
    return f"{slugify(plan.inspection.area.name)}-action-plan-{day.isoformat()}.{fmt}"


def plan_for_export(plan: Plan) -> list[ParsedStrand]:
    """Every strand of the plan with its actions in reference order, as the rows the sheet reader would read
    back (``row`` 0: not from a sheet). Two queries, however big the plan."""
    actions = Action.objects.select_related("lead_officer").order_by("sort_key", "pk")
    strands = Strand.objects.filter(plan=plan).order_by("number").prefetch_related(Prefetch("actions", actions))
    return [
        ParsedStrand(strand.number, strand.title, actions=[_row(action) for action in strand.actions.all()])
        for strand in strands
    ]


def _row(action: Action) -> ParsedAction:
    values: dict = {}
    for column in ACTION_COLUMNS:
        values.update(column.values_from(action))
    return ParsedAction(row=0, **values)


def plan_export(*, plan: Plan, fmt: str) -> bytes:
    """The plan as an .xlsx workbook or a CSV file that imports back into the same plan."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Cannot export a plan as {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    strands = plan_for_export(plan)
    buffer = io.BytesIO()
    if fmt == "xlsx":
        area = plan.inspection.area
        write_plan_xlsx(
            strands, buffer, legend=plan.legend, title=str(plan), subtitle=area.local_authority, sheet_name=area.name
        )
    else:
        write_plan_csv(strands, buffer, legend=plan.legend)
    return buffer.getvalue()
