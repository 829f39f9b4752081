"""Importing a plan from a council's spreadsheet (upload, row-by-row check, confirm) and exporting it.

Between the check and the confirm the uploaded file waits on the server, under MEDIA_ROOT/imports/, named
by a random token that only the session knows: the browser never sends a path or the parsed rows back.
Confirming reads the same file again, imports it and deletes it; a newer upload replaces it; files left
by abandoned imports are removed after a day.
"""
import io
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import permissions as can
from . import plan_export as export
from . import plan_import as importing
from .errors import ActionPlanError
from .forms import PlanImportForm, RatingWordsForm
from .models import Plan
from .plan_sheet import PlanSheetError, SheetResult, read_plan_sheet
from .services import plan_rating_words_map
from .view_guards import plan_or_404, require

PENDING_KEY = "plan_import"
UPLOAD_FOLDER = "imports"
STALE_UPLOAD_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[0-9a-f]{32}")
_EXTENSIONS = (".xlsx", ".csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


# --- the uploaded file between the check and the confirm ------------------------------------------------


def _upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER


def _keep_upload(request, plan: Plan, data: bytes, filename: str) -> None:
    _forget_upload(request)
    _remove_stale_uploads()
    token = secrets.token_hex(16)
    extension = ".xlsx" if data.startswith(b"PK") else ".csv"
    folder = _upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    # Readable by the service alone: the plan names officers.
    descriptor = os.open(folder / f"{token}{extension}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    request.session[PENDING_KEY] = {"plan": plan.pk, "token": token, "extension": extension, "filename": filename}


def _kept_path(stored) -> Path | None:
    """The kept file's path, built here from a token checked to be one this code makes."""
    if not isinstance(stored, dict):
        return None
    token, extension = stored.get("token"), stored.get("extension")
    if not isinstance(token, str) or not _TOKEN.fullmatch(token) or extension not in _EXTENSIONS:
        return None
    return _upload_folder() / f"{token}{extension}"


def _kept_upload(request, plan: Plan) -> tuple[Path, str] | None:
    stored = request.session.get(PENDING_KEY)
    path = _kept_path(stored)
    if path is None or stored.get("plan") != plan.pk or not path.is_file():
        return None
    return path, str(stored.get("filename") or path.name)


def _forget_upload(request) -> None:
    path = _kept_path(request.session.pop(PENDING_KEY, None))
    if path is not None:
        path.unlink(missing_ok=True)


def _remove_stale_uploads() -> None:
    folder = _upload_folder()
    if not folder.is_dir():
        return
    cutoff = time.time() - STALE_UPLOAD_SECONDS
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass  # another request removed it first


def _read(source, filename: str, plan: Plan) -> SheetResult:
    return read_plan_sheet(
        source, filename=filename, legend=plan.legend, today=timezone.localdate(),
        rating_words=plan.import_rating_words or {},
    )


def _read_kept(request, plan: Plan) -> tuple[SheetResult, str] | None:
    kept = _kept_upload(request, plan)
    if kept is None:
        messages.info(request, "Upload the spreadsheet first.")
        return None
    path, filename = kept
    try:
        return _read(path, filename, plan), filename
    except PlanSheetError as error:  # it was read on upload, so only if the reader changed meanwhile
        _forget_upload(request)
        messages.error(request, error.message)
        return None


# --- pages -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_import_upload(request, plan_pk: int):
    plan = plan_or_404(plan_pk, request.user)
    require(can.can_import_plan(request.user, plan))
    form = PlanImportForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["spreadsheet"]
        data = upload.read()
        filename = Path(upload.name).name[:200]
        try:
            _read(io.BytesIO(data), filename, plan)
        except PlanSheetError as error:
            form.add_error("spreadsheet", error.message)
        else:
            _keep_upload(request, plan, data, filename)
            return redirect("actions:plan_import_preview", plan_pk=plan.pk)
    return render(request, "actions/import_upload.html", {"form": form, "plan": plan})


@require_GET
def plan_import_preview(request, plan_pk: int):
    """The dry run: row by row what the import would add and change, and every problem by its row."""
    plan, read = _plan_and_kept_file(request, plan_pk)
    if read is None:
        return redirect("actions:plan_import", plan_pk=plan.pk)
    return _check_page(request, plan, *read)


def _plan_and_kept_file(request, plan_pk: int) -> tuple[Plan, tuple[SheetResult, str] | None]:
    """The plan (for someone who may import into it) and the file waiting to be imported, read."""
    plan = plan_or_404(plan_pk, request.user)
    require(can.can_import_plan(request.user, plan))
    return plan, _read_kept(request, plan)


def _check_page(request, plan: Plan, result: SheetResult, filename: str, words_form: RatingWordsForm | None = None):
    preview = importing.plan_import_preview(plan=plan, result=result)
    return render(request, "actions/import_preview.html", {
        "plan": plan,
        "filename": filename,
        "result": result,
        "preview": preview,
        "words_form": words_form or RatingWordsForm(words=preview.unknown_words, legend=plan.legend),
    })


@require_POST
def plan_import_ratings(request, plan_pk: int):
    """The check page's rating words, mapped to the plan's ratings and kept with the plan; then the check again."""
    plan, read = _plan_and_kept_file(request, plan_pk)
    if read is None:
        return redirect("actions:plan_import", plan_pk=plan.pk)
    result, filename = read
    form = RatingWordsForm(request.POST, words=result.unknown_words, legend=plan.legend)
    if form.is_valid():
        words, into_legend = form.mapping()
        try:
            plan_rating_words_map(plan=plan, by=request.user, words=words, into_legend=into_legend)
        except ActionPlanError as error:
            form.add_error(None, "; ".join(error.messages))
        else:
            return redirect("actions:plan_import_preview", plan_pk=plan.pk)
    return _check_page(request, plan, result, filename, words_form=form)


@require_POST
def plan_import_confirm(request, plan_pk: int):
    plan, read = _plan_and_kept_file(request, plan_pk)
    if read is None:
        return redirect("actions:plan_import", plan_pk=plan.pk)
    result, filename = read
    try:
        links = {
            int(name.removeprefix("weaknesses-")): request.POST.getlist(name)
            for name in request.POST if re.fullmatch(r"weaknesses-\d{1,4}", name)
        }
        summary = importing.plan_import(plan=plan, by=request.user, result=result, weakness_links=links)
    except importing.PlanImportError as error:
        messages.error(request, error.message)
        return redirect("actions:plan_import_preview", plan_pk=plan.pk)
    _forget_upload(request)
    messages.success(request, f"{filename} is imported. {summary.describe(plan.section_word)}")
    return redirect("actions:plan", pk=plan.pk)


@require_GET
def plan_export(request, plan_pk: int, fmt: str):
    """The plan as a spreadsheet, for everyone who may see the plan (from the file kept for its current data)."""
    if fmt not in export.EXPORT_FORMATS:
        raise Http404("Not found")
    plan = plan_or_404(plan_pk, request.user)
    require(can.can_view_plan(request.user, plan))
    response = HttpResponse(export.plan_export_kept(plan=plan, fmt=fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, export.plan_export_filename(plan, fmt))
    return response
