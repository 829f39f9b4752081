"""Setting a plan up from its inspection: the plan's settings and rating legend, then its subgroups and strands.

Only the area's administrators reach these pages (403 for the area's other roles, 404 outside the area). The
rows pages save every row or none; "Add another" redraws the page with one more row and saves nothing.
"""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from inspections.models import Inspection

from . import permissions as can
from . import selectors, services
from .errors import ActionPlanError
from .forms_setup import (
    LegendRows,
    PlanSettingsForm,
    StrandRowForm,
    StrandRows,
    SubgroupRowForm,
    SubgroupRows,
    legend_rows_initial,
)
from .models import Plan
from .plan_setup import RowRefused, StrandRow, SubgroupRow, strands_save, subgroups_save
from .view_guards import plan_or_404, require

ADD_ROW = "add-row"


def _setup_plan_or_404(pk: int, user) -> Plan:
    plan = plan_or_404(pk, user)
    require(can.can_set_up_plan(user, plan))
    return plan


def _rows(formset_class, request, *, prefix: str, initial=None, **form_kwargs):
    """The page's rows: as typed (with one more when "Add another" was pressed), or as saved."""
    kwargs = {"prefix": prefix, "form_kwargs": form_kwargs}
    if request.method != "POST":
        return formset_class(initial=initial, **kwargs)
    if ADD_ROW in request.POST:
        return formset_class.with_one_more_row(request.POST, **kwargs)
    return formset_class(request.POST, **kwargs)


def _add_errors(form, formset, error: ActionPlanError) -> None:
    """A service's refusal shown where it belongs: the legend's beside the legend, the rest beside the field."""
    for field, problems in error.message_dict.items():
        if field == "rating_legend":
            formset._non_form_errors.extend(problems)
        else:
            form.add_error(field if field in form.fields else None, problems)


# --- the plan's settings and legend ----------------------------------------------------------------------


def _settings_page(request, *, inspection: Inspection, plan: Plan | None, save, done: str, title: str):
    """The settings and legend form, for a new plan or an existing one; ``save`` writes it and returns the plan."""
    form = PlanSettingsForm(request.POST or None, initial=PlanSettingsForm.initial_for(plan))
    legend = _rows(LegendRows, request, prefix="rating", initial=legend_rows_initial(plan))
    if request.method == "POST" and not legend.quiet and form.is_valid() & legend.is_valid():
        try:
            saved = save(legend=legend.legend_json, **form.cleaned_data)
        except ActionPlanError as error:
            _add_errors(form, legend, error)
        else:
            messages.success(request, done)
            return redirect("actions:plan_setup", plan_pk=saved.pk)
    return render(request, "actions/plan_settings_form.html", {
        "form": form, "legend": legend, "inspection": inspection, "plan": plan, "title": title,
    })


@require_http_methods(["GET", "POST"])
def plan_create(request, inspection_pk: int):
    try:
        inspection = selectors.inspection_for_plan_setup(inspection_pk, user=request.user)
    except Inspection.DoesNotExist:
        raise Http404("Not found") from None
    require(can.can_create_plan_in(request.user, inspection.area_id))
    if hasattr(inspection, "plan"):
        messages.info(request, "This inspection already has a plan: change its settings here.")
        return redirect("actions:plan_settings", plan_pk=inspection.plan.pk)
    return _settings_page(
        request, inspection=inspection, plan=None, title=f"Set up the {inspection.plan_name}",
        save=lambda **chosen: services.plan_create_for(inspection=inspection, by=request.user, **chosen),
        done="The plan is set up. Add its subgroups and strands next.",
    )


@require_http_methods(["GET", "POST"])
def plan_settings(request, plan_pk: int):
    plan = _setup_plan_or_404(plan_pk, request.user)
    return _settings_page(
        request, inspection=plan.inspection, plan=plan, title="Change the plan's settings",
        save=lambda legend, **chosen: services.plan_update(plan=plan, by=request.user, rating_legend=legend, **chosen),
        done="The plan's settings are saved.",
    )


@require_GET
def plan_setup(request, plan_pk: int):
    """What the plan is set up with so far, and where to change each part."""
    plan = _setup_plan_or_404(plan_pk, request.user)
    return render(request, "actions/plan_setup.html", {
        "plan": plan, "subgroups": selectors.plan_subgroups(plan), "strands": selectors.plan_strands(plan),
    })


# --- subgroups and strands -------------------------------------------------------------------------------


def _save_rows(request, formset, save, rows):
    """Save the rows through ``save``; a refused row gets its message beside its field. True when saved."""
    try:
        save(by=request.user, rows=rows)
    except RowRefused as refusal:
        form = formset.kept_forms()[refusal.index]
        for field, problems in refusal.error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return False
    return True


@require_http_methods(["GET", "POST"])
def plan_subgroups(request, plan_pk: int):
    plan = _setup_plan_or_404(plan_pk, request.user)
    subgroups = selectors.plan_subgroups(plan)
    formset = _rows(
        SubgroupRows, request, prefix="subgroup", initial=[SubgroupRowForm.initial_for(s) for s in subgroups],
        people=selectors.people_in_area(plan.inspection.area_id), existing={s.pk: s for s in subgroups},
    )
    if request.method == "POST" and not formset.quiet and formset.is_valid():
        rows = [SubgroupRow(**form.chosen()) for form in formset.kept_forms()]
        if _save_rows(request, formset, lambda **kw: subgroups_save(plan=plan, **kw), rows):
            messages.success(request, "The plan's subgroups are saved.")
            return redirect("actions:plan_setup", plan_pk=plan.pk)
    return render(request, "actions/plan_rows_form.html", {
        "plan": plan, "formset": formset, "kind": "subgroups", "title": "Subgroups",
        "row_word": "Subgroup", "add_label": "Add another subgroup",
    })


@require_http_methods(["GET", "POST"])
def plan_strands(request, plan_pk: int):
    plan = _setup_plan_or_404(plan_pk, request.user)
    strands = selectors.plan_strands(plan)
    formset = _rows(
        StrandRows, request, prefix="strand", initial=[StrandRowForm.initial_for(s) for s in strands], plan=plan,
        weaknesses={w.pk: w for w in plan.inspection.weaknesses.order_by("number")},
        subgroups={s.pk: s for s in selectors.plan_subgroups(plan)}, existing={s.pk: s for s in strands},
    )
    if request.method == "POST" and not formset.quiet and formset.is_valid():
        rows = [StrandRow(**form.chosen()) for form in formset.kept_forms()]
        if _save_rows(request, formset, lambda **kw: strands_save(plan=plan, **kw), rows):
            messages.success(request, f"The plan's {plan.section_word_plural.lower()} are saved.")
            return redirect("actions:plan_setup", plan_pk=plan.pk)
    return render(request, "actions/plan_rows_form.html", {
        "plan": plan, "formset": formset, "kind": "strands", "title": plan.section_word_plural,
        "row_word": plan.section_word, "add_label": f"Add another {plan.section_word.lower()}",
    })
