"""Inspection pages: the list, one inspection's timeline, its forms, and importing the outcome letter."""

from datetime import date
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wsoa import uploads
from wsoa.models import Upload

from . import letter_file, schedules, selectors, services
from . import permissions as can
from .forms import ApprovalForm, InspectionForm, JudgementForm, LetterReviewForm, LetterUploadForm, TransitionForm
from .lifecycle import TransitionError, allowed_next
from .models import Inspection, Milestone, SignificantWeakness
from .tasks import letter_read

LETTER_SESSION_KEY = "letter_import"
LETTER_UPLOAD_KEY = "letter_upload"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _load(selector, pk: int, **kwargs):
    """The object through a selector scoped to the person's areas: another area's is not found (404)."""
    try:
        return selector(pk, **kwargs)
    except (Inspection.DoesNotExist, Milestone.DoesNotExist, SignificantWeakness.DoesNotExist):
        raise Http404("Not found") from None


def inspection_list(request):
    _require(can.can_view_inspections(request.user))
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "inspections": selectors.inspections_for_list(request.user),
            "can_add": can.can_add_inspection(request.user),
            "set_up_areas": can.areas_for_plan_set_up(request.user),
        },
    )


def inspection_url(inspection: Inspection) -> str:
    return reverse("inspections:detail", args=[inspection.pk])


def inspection_detail(request, pk: int):
    _require(can.can_view_inspections(request.user))
    inspection = _load(selectors.inspection_for_page, pk, user=request.user)
    today = timezone.localdate()
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "timeline": selectors.timeline_rows(inspection, today=today),
            "findings": selectors.findings_by_kind_and_section(inspection),
            "next_steps": [Inspection.Status(value) for value in allowed_next(inspection.status)],
            "can_change": can.can_change_inspection(request.user, inspection),
            "can_mark_met": can.can_mark_met(request.user, inspection),
            "can_set_up_plan": can.can_set_up_plan(request.user, inspection.area_id),
            "today": today,
        },
    )


def _inspection_fields(form, user) -> dict:
    """What the inspection form gives the services: the area (chosen or new), dates, outcome and people."""
    data = form.cleaned_data
    fields = {
        name: data.get(name)
        for name in (
            "framework",
            "starts_on",
            "ends_on",
            "letter_dated",
            "received_on",
            "published_on",
            "official_deadline",
            "outcome",
            "lead_inspector",
            "cqc_lead_inspector",
            "report_url",
            "responsible_people",
        )
    }
    fields["area"] = services.area_for(
        by=user,
        area=data.get("area"),
        new_name=data.get("new_area_name", ""),
        new_local_authority=data.get("new_local_authority", ""),
    )
    return fields


def _show_errors(form, error: services.InspectionError) -> None:
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@require_http_methods(["GET", "POST"])
def inspection_create(request):
    _require(can.can_add_inspection(request.user))
    form = InspectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # a new area is kept only if the inspection is
                inspection = services.inspection_create(by=request.user, **_inspection_fields(form, request.user))
        except services.InspectionError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "Inspection saved. Its deadlines are being worked out now.")
            return redirect("inspections:detail", pk=inspection.pk)
    return render(request, "inspections/inspection_form.html", {"form": form, "title": "Add an inspection"})


@require_http_methods(["GET", "POST"])
def inspection_edit(request, pk: int):
    inspection = _load(selectors.inspection_for_change, pk, user=request.user)
    _require(can.can_change_inspection(request.user, inspection))
    form = InspectionForm(
        request.POST or None, instance=inspection, initial={"area": inspection.area_id}, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.inspection_update(
                    inspection=inspection, by=request.user, **_inspection_fields(form, request.user)
                )
        except services.InspectionError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "Inspection updated. Its deadlines have been worked out again.")
            return redirect("inspections:detail", pk=inspection.pk)
    context = {"form": form, "title": "Change the inspection", "inspection": inspection}
    return render(request, "inspections/inspection_form.html", context)


@require_http_methods(["GET", "POST"])
def inspection_transition(request, pk: int):
    inspection = _load(selectors.inspection_for_change, pk, user=request.user)
    _require(can.can_change_inspection(request.user, inspection))
    choices = [(value, Inspection.Status(value).label) for value in allowed_next(inspection.status)]
    form = TransitionForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_transition(
                inspection=inspection,
                by=request.user,
                to_status=form.cleaned_data["to_status"],
                on=form.cleaned_data["happened_on"],
                note=form.cleaned_data["note"],
            )
        except TransitionError as error:
            form.add_error("to_status", str(error))
        else:
            messages.success(request, "The plan's progress is recorded and its deadlines updated.")
            return redirect("inspections:detail", pk=inspection.pk)
    return render(
        request,
        "inspections/transition_form.html",
        {
            "form": form,
            "inspection": inspection,
            "title": "Record the plan's progress",
            "caption": str(inspection.area),
            "back_url": inspection_url(inspection),
            "missing_approvals": services.approvals_missing(inspection, on=timezone.localdate()),
        },
    )


@require_http_methods(["GET", "POST"])
def approval_add(request, pk: int):
    inspection = _load(selectors.inspection_for_change, pk, user=request.user)
    _require(can.can_change_inspection(request.user, inspection))
    missing = services.approvals_missing(inspection, on=timezone.localdate())
    form = ApprovalForm(request.POST or None, initial={"organisation": missing[0] if missing else ""})
    if request.method == "POST" and form.is_valid():
        services.approval_record(inspection=inspection, by=request.user, **form.cleaned_data)
        messages.success(request, f"Approval by {form.cleaned_data['organisation']} recorded.")
        return redirect("inspections:detail", pk=inspection.pk)
    return render(
        request,
        "inspections/approval_form.html",
        {
            "form": form,
            "inspection": inspection,
            "title": "Record a partner's approval of the plan",
            "caption": str(inspection.area),
            "back_url": inspection_url(inspection),
        },
    )


@require_http_methods(["GET", "POST"])
def weakness_judgement(request, pk: int, weakness_pk: int):
    weakness = _load(selectors.weakness_for_change, weakness_pk, inspection_pk=pk, user=request.user)
    _require(can.can_change_inspection(request.user, weakness.inspection))
    form = JudgementForm(
        request.POST or None,
        initial={
            "revisit_judgement": weakness.revisit_judgement,
            "judged_on": weakness.judged_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.weakness_judge(
            weakness=weakness,
            by=request.user,
            judgement=form.cleaned_data["revisit_judgement"],
            judged_on=form.cleaned_data["judged_on"],
        )
        messages.success(request, "Judgement recorded.")
        return redirect("inspections:detail", pk=pk)
    return render(
        request,
        "inspections/judgement_form.html",
        {
            "form": form,
            "weakness": weakness,
            "title": f"Revisit judgement for weakness {weakness.number}",
            "caption": weakness.title,
            "back_url": inspection_url(weakness.inspection),
        },
    )


@require_POST
def milestone_met(request, pk: int):
    milestone = _load(selectors.milestone_for_change, pk, user=request.user)
    _require(can.can_mark_met(request.user, milestone.inspection))
    if request.POST.get("reopen"):
        schedules.milestone_reopen(milestone=milestone, by=request.user)
        messages.success(request, f"{milestone} is open again.")
    else:
        schedules.milestone_mark_met(milestone=milestone, by=request.user, on=timezone.localdate())
        messages.success(request, f"{milestone} is marked as met.")
    return redirect("inspections:detail", pk=milestone.inspection_id)


@require_http_methods(["GET", "POST"])
def letter_upload(request):
    _require(can.can_add_inspection(request.user))
    form = LetterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["letter"]
        if upload.size > letter_file.MAX_LETTER_BYTES:
            form.add_error("letter", (
                f"The file is {upload.size / 2**20:.1f} MB: the largest letter it can read is "
                f"{letter_file.MAX_LETTER_BYTES // 2**20} MB"
            ))
        else:
            _forget_letter_upload(request)
            request.session.pop(LETTER_SESSION_KEY, None)  # a letter read earlier is not this one
            kept = uploads.upload_keep(
                by=request.user, kind=Upload.Kind.LETTER, data=upload.read(), filename=PurePath(upload.name).name
            )
            request.session[LETTER_UPLOAD_KEY] = kept.pk
            letter_read.delay_on_commit(kept.pk)
            return redirect("inspections:letter_progress")
    return render(request, "inspections/letter_upload.html", {"form": form})


def _letter_upload(request) -> Upload | None:
    return uploads.upload_for(request.user, request.session.get(LETTER_UPLOAD_KEY), kind=Upload.Kind.LETTER)


def _forget_letter_upload(request) -> None:
    upload = _letter_upload(request)
    if upload is not None:
        uploads.upload_remove(upload)
    request.session.pop(LETTER_UPLOAD_KEY, None)


def _letter_to_review(request) -> bool:
    """Once the letter is read, what was read moves to the session, where the review keeps it; the upload is done."""
    upload = _letter_upload(request)
    if upload is None or upload.status != Upload.Status.READ:
        return False
    request.session[LETTER_SESSION_KEY] = {"letter": upload.result, "filename": upload.filename}
    _forget_letter_upload(request)
    return True


@require_GET
def letter_progress(request):
    """While the background task reads the letter: a page that refreshes itself, then the review or the refusal."""
    _require(can.can_add_inspection(request.user))
    upload = _letter_upload(request)
    if upload is None:
        messages.info(request, "Upload the letter first.")
        return redirect("inspections:letter_upload")
    if _letter_to_review(request):
        return redirect("inspections:letter_review")
    problem = uploads.upload_problem(upload)
    if problem:  # the upload page again, saying why, with nothing kept
        _forget_letter_upload(request)
        form = uploads.form_saying(LetterUploadForm, "letter", problem)
        return render(request, "inspections/letter_upload.html", {"form": form})
    return render(request, "wsoa/upload_progress.html", {
        "upload": upload,
        "title": "Reading the letter",
        "caption": "Import an outcome letter",
        "back_url": reverse("inspections:index"),
    })


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) and value else value


def _items_found(letter: dict) -> list[dict]:
    """Each area for priority action and for improvement with the page it is on, to check against the PDF."""
    return [
        {**item, "kind": kind, "number": number}
        for key, kind in (
            ("priority_actions", "Area for priority action"),
            ("areas_for_improvement", "Area for improvement"),
        )
        for number, item in enumerate(letter.get(key, []), start=1)
    ]


@require_http_methods(["GET", "POST"])
def letter_review(request):
    _require(can.can_add_inspection(request.user))
    _letter_to_review(request)  # read by now, if the waiting page was not there to see it
    stored = request.session.get(LETTER_SESSION_KEY)
    if not stored:
        messages.info(request, "Upload the letter first.")
        return redirect("inspections:letter_upload")
    letter = stored["letter"]
    initial = {
        key: _as_date(value) if key in {"starts_on", "ends_on", "letter_dated"} else value
        for key, value in LetterReviewForm.initial_from_letter(letter).items()
    }
    form = LetterReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.letter_import_save(
                by=request.user,
                area_name=data["area_name"].strip(),
                local_authority=data["local_authority"].strip(),
                findings=form.findings(),
                weaknesses=form.weakness_texts(),
                partners=form.partner_names(),
                framework=data["framework"],
                outcome=data["outcome"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                letter_dated=data["letter_dated"],
                received_on=data["received_on"],
                published_on=data["published_on"],
                lead_inspector=data["lead_inspector"],
                cqc_lead_inspector=data["cqc_lead_inspector"],
            )
        except services.InspectionError as error:
            _show_errors(form, error)
        else:
            del request.session[LETTER_SESSION_KEY]
            messages.success(request, "The letter is imported. Check the deadlines below.")
            return redirect("inspections:detail", pk=inspection.pk)
    return render(
        request,
        "inspections/letter_review.html",
        {
            "form": form,
            "filename": stored["filename"],
            "warnings": letter.get("warnings", []),
            "weakness_count": len(letter.get("significant_weaknesses", []) + letter.get("priority_actions", [])),
            "items_found": _items_found(letter),
        },
    )
