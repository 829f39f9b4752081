"""Importing a plan from a council's spreadsheet (upload, background read, row-by-row check, confirm) and exporting it.

The upload is kept and read by a background task (wsoa/uploads.py): the request never reads the file, and the
waiting page refreshes until the task has read it or refused it. Mapping the sheet's rating words on the check
page keeps them with the plan and has the file read again under them. The check and the confirm both use what that
read gave, kept on the server; the session holds only the upload's id, and an upload is only ever its uploader's.
Confirming imports it and removes it; a newer upload replaces it; abandoned ones are removed after a day.
"""
import re
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wsoa import uploads
from wsoa.models import Upload

from . import permissions as can
from . import plan_export as export
from . import plan_import as importing
from .errors import ActionPlanError
from .forms import PlanImportForm, RatingWordsForm
from .models import Plan
from .services import plan_rating_words_map
from .sheet_result import SheetResult
from .sheet_results import result_from_json
from .tasks import plan_sheet_read
from .view_guards import plan_or_404, require

PENDING_KEY = "plan_import"
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


# --- the uploaded file, from the upload to the confirm ---------------------------------------------------


def _plan_to_import_into(request, plan_pk: int) -> Plan:
    """The plan, for someone who may import into it (another area's is a 404, a person without the right a 403)."""
    plan = plan_or_404(plan_pk, request.user)
    require(can.can_import_plan(request.user, plan))
    return plan


def _pending(request, plan: Plan) -> Upload | None:
    return uploads.upload_for(
        request.user, request.session.get(PENDING_KEY), kind=Upload.Kind.PLAN_SHEET, plan=plan
    )


def _forget(request, plan: Plan) -> None:
    upload = _pending(request, plan)
    if upload is not None:
        uploads.upload_remove(upload)
    request.session.pop(PENDING_KEY, None)


def _read_result(request, plan: Plan) -> tuple[SheetResult, str] | None:
    """What the background read gave, or None after sending the person where they can get one."""
    upload = _pending(request, plan)
    if upload is None:
        messages.info(request, "Upload the spreadsheet first.")
        return None
    if upload.status != Upload.Status.READ:
        return None
    return result_from_json(upload.result), upload.filename


def _not_read_yet(request, plan: Plan):
    if _pending(request, plan) is None:
        return redirect("actions:plan_import", plan_pk=plan.pk)
    return redirect("actions:plan_import_progress", plan_pk=plan.pk)


# --- pages -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_import_upload(request, plan_pk: int):
    plan = _plan_to_import_into(request, plan_pk)
    form = PlanImportForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["spreadsheet"]
        _forget(request, plan)
        kept = uploads.upload_keep(
            by=request.user, kind=Upload.Kind.PLAN_SHEET, data=upload.read(),
            filename=Path(upload.name).name[:200], plan=plan,
        )
        request.session[PENDING_KEY] = kept.pk
        plan_sheet_read.delay_on_commit(kept.pk)
        return redirect("actions:plan_import_progress", plan_pk=plan.pk)
    return render(request, "actions/import_upload.html", {"form": form, "plan": plan})


@require_GET
def plan_import_progress(request, plan_pk: int):
    """While the background task reads the file: a page that refreshes itself, then the check page or the refusal."""
    plan = _plan_to_import_into(request, plan_pk)
    upload = _pending(request, plan)
    if upload is None:
        messages.info(request, "Upload the spreadsheet first.")
        return redirect("actions:plan_import", plan_pk=plan.pk)
    if upload.status == Upload.Status.READ:
        return redirect("actions:plan_import_preview", plan_pk=plan.pk)
    problem = uploads.upload_problem(upload)
    if problem:  # the upload page again, saying why, with nothing kept
        _forget(request, plan)
        form = uploads.form_saying(PlanImportForm, "spreadsheet", problem)
        return render(request, "actions/import_upload.html", {"form": form, "plan": plan})
    return render(request, "wsoa/upload_progress.html", {
        "upload": upload,
        "title": "Reading the spreadsheet",
        "caption": plan.inspection.area,
        "back_url": reverse("actions:plan", args=[plan.pk]),
    })


@require_GET
def plan_import_preview(request, plan_pk: int):
    """The dry run: row by row what the import would add and change, and every problem by its row."""
    plan = _plan_to_import_into(request, plan_pk)
    read = _read_result(request, plan)
    if read is None:
        return _not_read_yet(request, plan)
    return _check_page(request, plan, *read)


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
    """The check page's rating words, mapped to the plan's ratings and kept with the plan; the kept file is then
    read again in the background under the new words, and the check page follows."""
    plan = _plan_to_import_into(request, plan_pk)
    read = _read_result(request, plan)
    if read is None:
        return _not_read_yet(request, plan)
    result, filename = read
    form = RatingWordsForm(request.POST, words=result.unknown_words, legend=plan.legend)
    if form.is_valid():
        words, into_legend = form.mapping()
        try:
            plan_rating_words_map(plan=plan, by=request.user, words=words, into_legend=into_legend)
        except ActionPlanError as error:
            form.add_error(None, "; ".join(error.messages))
        else:
            upload = _pending(request, plan)
            uploads.upload_read_again(upload)
            plan_sheet_read.delay_on_commit(upload.pk)
            return redirect("actions:plan_import_progress", plan_pk=plan.pk)
    return _check_page(request, plan, result, filename, words_form=form)


@require_POST
def plan_import_confirm(request, plan_pk: int):
    plan = _plan_to_import_into(request, plan_pk)
    read = _read_result(request, plan)
    if read is None:
        return _not_read_yet(request, plan)
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
    _forget(request, plan)
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
