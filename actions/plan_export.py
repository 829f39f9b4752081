"""Exporting a plan as an .xlsx workbook or a CSV file that imports back, kept per version of the plan's data.

Downloading a kept file again costs one query. Kept files are under MEDIA_ROOT/exports/ (never served as
they are: only the plan's permission-checked export view reads them), named by the plan and a fingerprint of
everything the file shows (:func:`plan_data_version`). A change to any of it gives a new name, so a kept file
is never out of date; the older files of the plan are removed when the new one is kept.
"""
import hashlib
import io
import json
import os
import secrets
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Sum
from django.utils import timezone
from django.utils.text import slugify

from . import sheet_columns, sheet_writer
from .models import Action, Plan, Strand
from .sheet_columns import ACTION_COLUMNS
from .sheet_result import ParsedAction, ParsedStrand
from .sheet_writer import write_plan_csv, write_plan_xlsx

EXPORT_FORMATS = ("xlsx", "csv")
EXPORT_FOLDER = "exports"
# How the files are written: a deploy that changes it must not serve files the code before it wrote.
_WRITER_SOURCE = hashlib.sha256(
    b"".join(Path(module.__file__).read_bytes() for module in (sheet_columns, sheet_writer))
).hexdigest()


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


def plan_data_version(plan: Plan) -> str:
    """A fingerprint of everything an export of the plan shows, from one query however big the plan.

    The plan's title, area, local authority and legend come with ``plan``; the query gives, for each lead's
    name, the number of strands and actions, the latest change to any of them and the sum of the actions'
    versions (an action's version goes up on every save). Adding, changing or removing a strand or an action,
    or renaming a lead, moves one of these.
    """
    lead = ("actions__lead_officer__first_name", "actions__lead_officer__last_name", "actions__lead_officer__email")
    per_lead = (
        Strand.objects.filter(plan=plan).values_list(*lead)
        .annotate(
            strand_count=Count("id", distinct=True), strand_changed=Max("updated_at"),
            action_count=Count("actions"), action_changed=Max("actions__updated_at"), versions=Sum("actions__version"),
        )
        .order_by(*lead)
    )
    area = plan.inspection.area
    facts = [_WRITER_SOURCE, str(plan), area.name, area.local_authority, plan.rating_legend, list(per_lead)]
    return hashlib.sha256(json.dumps(facts, default=str, sort_keys=True).encode()).hexdigest()[:32]


def plan_export_kept(*, plan: Plan, fmt: str) -> bytes:
    """The same as :func:`plan_export`, from the file kept for this version of the plan's data; on the first
    download after a change, the file is written and kept, and the plan's older files are removed."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Cannot export a plan as {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    path = _kept_path(plan, fmt)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = plan_export(plan=plan, fmt=fmt)
    _keep(path, data)
    for older in path.parent.glob(f"plan-{plan.pk}-*.{fmt}"):
        if older != path:
            older.unlink(missing_ok=True)  # another download may have removed it first
    return data


def plan_exports_write(plan_id: int) -> list[str]:
    """Write and keep the plan's files in every format for its current data (nothing to do for a file already
    kept); the formats written. A plan that no longer exists has its kept files removed."""
    plan = Plan.objects.select_related("inspection__area").filter(pk=plan_id).first()
    if plan is None:
        for kept in _export_folder().glob(f"plan-{plan_id}-*"):
            kept.unlink(missing_ok=True)
        return []
    written = []
    for fmt in EXPORT_FORMATS:
        path = _kept_path(plan, fmt)
        if not path.exists():
            plan_export_kept(plan=plan, fmt=fmt)
            written.append(fmt)
    return written


def _kept_path(plan: Plan, fmt: str) -> Path:
    return _export_folder() / f"plan-{plan.pk}-{plan_data_version(plan)}.{fmt}"


def _export_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORT_FOLDER


def _keep(path: Path, data: bytes) -> None:
    """Write the file whole under a temporary name, then rename it: a download never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    # Readable by the service alone: the plan names officers.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    os.replace(temporary, path)
