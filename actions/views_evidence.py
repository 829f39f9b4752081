"""Evidence pages: adding a link or a file from an action, a strand or a weakness; a weakness's evidence, as
inspectors follow it; and an evidence file, sent only to the people who may see its plan.

As the other plan pages: the role's permission, then the object through a selector scoped to the person's
areas (another area's is a 404), then the object rule (403).
"""
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inspections.models import SignificantWeakness

from . import permissions as can
from . import selectors
from .errors import ActionPlanError
from .evidence import evidence_add
from .evidence_files import ALLOWED_TYPES, download_name
from .evidence_models import EvidenceItem
from .forms_evidence import EvidenceFilterForm, EvidenceForm
from .views import _add_errors, _load, _require
from .weakness_evidence import evidence_file_item, evidence_targets, weakness_evidence, weakness_for_evidence


def _weakness_or_404(pk: int, user) -> SignificantWeakness:
    try:
        return weakness_for_evidence(pk, user=user)
    except SignificantWeakness.DoesNotExist:
        raise Http404("Not found") from None


@require_http_methods(["GET", "POST"])
def evidence_add_to_action(request, pk: int):
    action = _load(selectors.action_for_change, pk, request.user)
    _require(can.can_add_evidence_to(request.user, action))
    targets = evidence_targets(request.user, action.plan, strand=action.strand)
    return _evidence_add(
        request, plan=action.plan, targets=targets, initial={"actions": [str(action.pk)]},
        back=reverse("actions:action", args=[action.pk]), caption=f"Action {action.reference}: {action.title}",
        crumbs={"strand": action.strand, "action": action},
    )


@require_http_methods(["GET", "POST"])
def evidence_add_to_strand(request, pk: int):
    strand = _load(selectors.strand_for_change, pk, request.user)
    _require(can.can_view_plan(request.user, strand.plan))
    targets = evidence_targets(request.user, strand.plan, strand=strand)
    _require(bool(targets.actions) or can.can_add_evidence_alone(request.user, strand.plan))
    return _evidence_add(
        request, plan=strand.plan, targets=targets, initial={},
        back=reverse("actions:strand", args=[strand.pk]),
        caption=f"{strand.plan.section_word} {strand.number}: {strand.title}", crumbs={"strand": strand},
    )


@require_http_methods(["GET", "POST"])
def evidence_add_to_weakness(request, pk: int):
    weakness = _weakness_or_404(pk, request.user)
    plan = weakness.inspection.plan
    _require(can.can_view_plan(request.user, plan))
    targets = evidence_targets(request.user, plan, weakness=weakness)
    _require(bool(targets.actions) or can.can_add_evidence_alone(request.user, plan))
    return _evidence_add(
        request, plan=plan, targets=targets, initial={"weaknesses": [str(weakness.pk)]},
        back=reverse("actions:weakness_evidence", args=[weakness.pk]),
        caption=f"Weakness {weakness.number}: {weakness.title}", crumbs={},
    )


def _evidence_add(request, *, plan, targets, initial: dict, back: str, caption: str, crumbs: dict):
    form = EvidenceForm(request.POST or None, request.FILES or None, targets=targets,
                        initial={"kind": EvidenceItem.Kind.DOCUMENT, **initial})
    if request.method == "POST" and form.is_valid():
        try:
            item = evidence_add(plan=plan, by=request.user, **form.service_arguments())
        except ActionPlanError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The evidence “{item.title}” is added.")
            return redirect(back)
    return render(request, "actions/evidence_form.html", {
        "form": form, "plan": plan, "caption": caption, "back": back, **crumbs,
    })


@require_GET
def weakness_evidence_page(request, pk: int):
    weakness = _weakness_or_404(pk, request.user)
    plan = weakness.inspection.plan
    _require(can.can_view_evidence_of(request.user, plan))
    form = EvidenceFilterForm(request.GET or None)
    filters = form.filters()
    evidence = weakness_evidence(weakness, filters)
    return render(request, "actions/weakness_evidence.html", {
        "weakness": weakness, "plan": plan, "evidence": evidence, "form": form, "filters": filters,
        "today": timezone.localdate(),
        "may_add": can.can_add_evidence_alone(request.user, plan) or any(
            can.can_add_evidence_to(request.user, action) for strand in evidence.strands
            for action in _with_strand(strand)
        ),
    })


def _with_strand(strand):
    """The strand's prefetched actions, each given its strand (and plan) for the permission rule."""
    for action in strand.actions.all():
        action.strand, action.plan = strand, strand.plan
        yield action


@require_GET
def evidence_file(request, pk: int):
    """The file, always as a download under a safe name, with its type as its content showed it."""
    try:
        item = evidence_file_item(pk, user=request.user)
    except EvidenceItem.DoesNotExist:
        raise Http404("Not found") from None
    _require(can.can_view_evidence_of(request.user, item.plan))
    extension = ALLOWED_TYPES.get(item.content_type)
    if extension is None:
        raise Http404("Not found")
    try:
        opened = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("Not found") from None
    response = FileResponse(
        opened, as_attachment=True, filename=download_name(item.original_name, extension),
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
