"""Action plan pages: overview, strand, action, edits, the quick monthly update, My actions and the action list.

Every view checks the role's model permission first, then loads the object (404 when it does not exist),
then the object rule in permissions.py (403 when it is not this person's to see or change).
"""
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inspections.periods import financial_quarter_of
from wsoa.refusals import require

from . import action_page, history, selectors, services, strand_page, views_past
from . import permissions as can
from .forms import ActionFilterForm, ActionForm, PastDayForm, ProgressUpdateForm, StrandForm, month_choices
from .models import Action, ImpactMeasure, Plan, Strand
from .overview import plan_overview
from .ratings import legend_entry, worse_ratings

ACTIONS_PER_PAGE = 25


_require = require  # a refusal's reason (wsoa.refusals.Verdict) goes to the 403 page


def _load(selector, pk: int, user):
    """The object through a selector scoped to the person's areas: another area's is not found (404)."""
    try:
        return selector(pk, user=user)
    except (Plan.DoesNotExist, Strand.DoesNotExist, Action.DoesNotExist, ImpactMeasure.DoesNotExist):
        raise Http404("Not found") from None


def _add_errors(form, error: services.ActionPlanError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


# --- plans ---------------------------------------------------------------------------------------------


@require_GET
def plan_index(request):
    """The plan's overview when there is one plan; otherwise the list of plans."""
    _require(can.can_view_plans(request.user))
    plans = selectors.plans_for_index(request.user)
    needing_plan = list(selectors.inspections_needing_a_plan(request.user))
    if len(plans) == 1 and not needing_plan:
        return _overview(request, plans[0])
    return render(request, "actions/plan_index.html", {
        "plans": plans,
        "may_create": bool(needing_plan),
        "inspections_needing_plan": needing_plan,
    })


@require_GET
def plan_detail(request, pk: int):
    plan = _load(selectors.plan_for_page, pk, request.user)
    return _overview(request, plan)


@views_past.or_on_a_past_day(views_past.plan_overview)
def _overview(request, plan: Plan):
    _require(can.can_view_plan(request.user, plan))
    return render(request, "actions/plan_overview.html", {
        "plan": plan,
        "overview": plan_overview(plan),
        "may_import": can.can_import_plan(request.user, plan),
        "may_set_up": can.can_set_up_plan(request.user, plan),
        "measures": selectors.plan_measures(plan),
        "may_add_measure": can.can_change_measures_of(request.user, None, plan),
        "several_plans": request.resolver_match.url_name != "index",
        "day_form": PastDayForm(today=timezone.localdate()),
    })


# --- strands -------------------------------------------------------------------------------------------


@require_GET
@views_past.or_on_a_past_day(views_past.strand_detail)
def strand_detail(request, pk: int):
    strand = _load(strand_page.strand_for_page, pk, request.user)
    _require(can.can_view_plan(request.user, strand.plan))
    actions = strand_page.strand_actions(strand)
    return render(request, "actions/strand_detail.html", {
        "strand": strand,
        "plan": strand.plan,
        "counts": selectors.rating_counts_of(actions, strand.plan.legend),
        "weaknesses": strand_page.strand_weaknesses(strand),
        "actions": actions,
        "may_edit": can.can_edit_strand(request.user, strand),
        "may_add_action": can.can_add_action(request.user, strand),
        "may_add_evidence": can.can_add_evidence_in(request.user, strand, actions),
        "today": timezone.localdate(),
    })


@require_http_methods(["GET", "POST"])
def strand_edit(request, pk: int):
    strand = _load(selectors.strand_for_change, pk, request.user)
    _require(can.can_edit_strand(request.user, strand))
    may_move = can.can_move_strand_between_subgroups(request.user, strand.plan)
    initial = {"title": strand.title, "weaknesses": list(strand.weaknesses.all()), "subgroup": strand.subgroup_id}
    form = StrandForm(request.POST or None, initial=initial, plan=strand.plan, may_move=may_move)
    if request.method == "POST" and form.is_valid():
        try:
            services.strand_update(strand=strand, by=request.user, **form.cleaned_data)
        except services.ActionPlanError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{strand.plan.section_word} {strand.number} is updated.")
            return redirect("actions:strand", pk=strand.pk)
    return render(request, "actions/strand_form.html", {"form": form, "strand": strand, "plan": strand.plan})


# --- actions -------------------------------------------------------------------------------------------


@require_GET
@views_past.or_on_a_past_day(views_past.action_detail)
def action_detail(request, pk: int):
    action = _load(selectors.action_for_change, pk, request.user)
    _require(can.can_view_action(request.user, action))
    shown = action_page.updates_shown(action)
    return render(request, "actions/action_detail.html", {
        "action": action,
        "plan": action.plan,
        "updates": shown.updates,
        "history": history.action_history(action, shown.revisions),
        "may_edit": can.can_edit_action(request.user, action),
        "may_update": can.can_post_update(request.user, action),
        "may_invite_lead": can.can_invite_lead(request.user, action),
        "evidence": action_page.evidence_of(action),
        "may_add_evidence": can.can_add_evidence_to(request.user, action),
        "today": timezone.localdate(),
    })


@require_http_methods(["GET", "POST"])
def action_create(request, strand_pk: int):
    strand = _load(selectors.strand_for_change, strand_pk, request.user)
    _require(can.can_add_action(request.user, strand))
    form = ActionForm(request.POST or None, plan=strand.plan, initial={"rating": "not_started"})
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(strand=strand, by=request.user, **form.changes())
        except services.ActionPlanError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Action {action.reference} is added.")
            return redirect("actions:action", pk=action.pk)
    return render(request, "actions/action_form.html", {
        "form": form, "plan": strand.plan, "strand": strand, "title": "Add an action",
    })


def _strands_for(user, action: Action):
    """Only administrators move an action to another strand (a lead could otherwise hand it away)."""
    if can.can_move_strand_between_subgroups(user, action.plan):
        return Strand.objects.filter(plan_id=action.plan_id).order_by("number")
    return None


@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int):
    action = _load(selectors.action_for_change, pk, request.user)
    _require(can.can_edit_action(request.user, action))
    strands = _strands_for(request.user, action)
    form = ActionForm(request.POST or None, plan=action.plan, strands=strands, initial=ActionForm.initial_for(action))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action, by=request.user, expected_version=form.cleaned_data["version"] or 0, **form.changes()
            )
        except services.StaleEdit as error:
            stale = _stale_edit(error, form, action)
            form = ActionForm(plan=action.plan, strands=strands, initial=stale["initial"])
        except services.ActionPlanError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Action {action.reference} is updated.")
            return redirect("actions:action", pk=action.pk)
    return render(request, "actions/action_form.html", {
        "form": form, "plan": action.plan, "strand": action.strand, "action": action, "stale": stale,
        "title": f"Change action {action.reference}",
    })


def _stale_edit(error: services.StaleEdit, form: ActionForm, action: Action) -> dict:
    """What the refusal page shows: the other person's changes, and this person's own changes re-based on
    the saved action (the fields they did not touch take the saved values), with the clashes named."""
    opened = history.action_at_version(action, form.cleaned_data["version"] or 0)
    current = ActionForm.initial_for(error.current)
    if opened is None:  # not a version this action had (the page was changed): every difference is in question
        initial, _ = form.rebased(opened=current, current=current)
        clashes = [name for name in initial if name != "version" and initial[name] != current[name]]
    else:
        initial, clashes = form.rebased(opened=ActionForm.initial_for(opened), current=current)
    return {
        "changes": error.changes,
        "initial": initial,
        "clashes": [form.fields[name].label or name.replace("_", " ").capitalize() for name in clashes],
        "kept": [form.fields[name].label for name in initial if name != "version" and initial[name] != current[name]],
    }


def _chosen_month(request, today) -> date:
    """The month the person asked for (``?month=`` or the form's radio), if it is one they may post for."""
    allowed = {value for value, _ in month_choices(today)}
    asked = request.POST.get("month") or request.GET.get("month")
    return date.fromisoformat(asked) if asked in allowed else today.replace(day=1)


@require_http_methods(["GET", "POST"])
def progress_update(request, pk: int):
    """The quick monthly update, made to be done from a phone; for a month already posted, its revision."""
    action = _load(selectors.action_for_change, pk, request.user)
    _require(can.can_post_update(request.user, action))
    today = timezone.localdate()
    legend = action.plan.legend
    month = _chosen_month(request, today)
    saved = selectors.update_for_month(action, month)
    initial = (
        ProgressUpdateForm.initial_for(saved) if saved
        else {"month": month.isoformat(), "rating": action.rating}
    )
    form = ProgressUpdateForm(
        request.POST or None, legend=legend, today=today, initial=initial,
        current_rating_label=legend_entry(action.rating, legend).label,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            update = services.progress_update_post(action=action, by=request.user, today=today, **form.cleaned_data)
        except services.UpdateConflict as error:
            conflict, saved = error, error.current
            form = _rebased_update_form(request.POST, form, saved)
        except services.ActionPlanError as error:
            _add_errors(form, error)
        else:
            done = "revised" if update.version > 1 else "saved"
            messages.success(request, f"Your update for {update.month:%B %Y} on action {action.reference} is {done}.")
            if request.POST.get("next") == "my":
                return redirect("actions:my_actions")
            return redirect("actions:action", pk=action.pk)
    return render(request, "actions/progress_update_form.html", {
        "form": form, "action": action, "plan": action.plan, "saved": saved, "conflict": conflict,
        "may_revise": saved is None or can.can_revise_update(request.user, saved),
        # The month's update is measured from the rating the month started with (as the service measures it).
        "worse_ratings": worse_ratings(saved.previous_rating if saved else action.rating, legend),
        "other_months": [(value, label) for value, label in month_choices(today) if value != month.isoformat()],
        "next": "my" if "my" in (request.GET.get("next"), request.POST.get("next")) else "",
    })


def _rebased_update_form(data, form: ProgressUpdateForm, saved) -> ProgressUpdateForm:
    """What the person typed, now revising the update as it is saved, with the refusal shown at the top."""
    data = data.copy()
    data["revising"] = f"{saved.pk}.{saved.version}"
    rebased = ProgressUpdateForm(
        data, legend=form.legend, today=form.today, current_rating_label=form.current_rating_label,
    )
    rebased.is_valid()
    return rebased


@require_GET
def my_actions(request):
    _require(can.can_view_plans(request.user))
    today = timezone.localdate()
    month = today.replace(day=1)
    mine = selectors.my_actions_by_state(request.user, month)
    return render(request, "actions/my_actions.html", {
        "month": month,
        "needing_update": mine.needing_update,
        "up_to_date": mine.up_to_date,
        "completed": mine.completed,
        "today": today,
    })


@require_GET
@views_past.or_on_a_past_day(views_past.action_list)
def action_list(request, plan_pk: int):
    plan = _load(selectors.plan_for_page, plan_pk, request.user)
    _require(can.can_view_plan(request.user, plan))
    today = timezone.localdate()
    _, _, quarter_name = financial_quarter_of(today)
    form = ActionFilterForm(
        request.GET or None, plan=plan, strands=selectors.strand_choices(plan), leads=selectors.action_leads(plan),
        quarter_name=quarter_name,
    )
    filters = selectors.ActionFilters.chosen(form.cleaned_data if form.is_bound and form.is_valid() else {})
    page = Paginator(selectors.action_list(plan, filters, today=today), ACTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "actions/action_list.html", {
        "plan": plan, "form": form, "page": page, "today": today,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "filtered": any(value for value in vars(filters).values()),
        "narrowing": selectors.narrowing_in_words(plan, filters, today=today),
        "list_url": reverse("actions:action_list", args=[plan.pk]),
    })
