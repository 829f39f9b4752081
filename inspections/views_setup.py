"""An area's set-up pages: its partner organisations and local closure days (its administrators change them,
everyone in the area reads them), and the national deadline rules (administrators read them, superusers change
them). Another area's set-up is not found (404)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wsoa.refusals import Refused
from wsoa.roles import is_administrator, is_administrator_in

from . import area_setup
from .forms_setup import ANCHOR_WORDS, ClosureForm, PartnerForm, RuleForm, rule_when
from .models import DeadlineRuleSetting, LocalArea, NonWorkingDay, PartnerOrganisation
from .selectors import area_setup_of, areas_visible_to, deadline_rules_listed


def _area(user, pk: int) -> LocalArea:
    area = areas_visible_to(user).filter(pk=pk).first()
    if area is None:
        raise Http404("Not found")
    return area


def _administered(user, pk: int) -> LocalArea:
    area = _area(user, pk)
    if not is_administrator_in(user, area.pk):
        raise Refused("Only the area's administrators change its partners and closure days")
    return area


def _refused(form, error: area_setup.SetupError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _recomputing(count: int) -> str:
    if not count:
        return ""
    return f" The deadlines of {count} inspection{'' if count == 1 else 's'} are being worked out again."


def area_setup_page(request, area_pk: int):
    area = _area(request.user, area_pk)
    return render(request, "inspections/area_setup.html", {
        "area": area,
        **area_setup_of(area),
        "may_change": is_administrator_in(request.user, area.pk),
        "may_read_rules": is_administrator(request.user),
    })


def _form_page(request, form, *, area, title: str, intro: str = ""):
    return render(request, "inspections/setup_form.html", {
        "form": form, "title": title, "caption": str(area), "intro": intro,
        "back_url": reverse("inspections:area_setup", args=[area.pk]),
    })


@require_http_methods(["GET", "POST"])
def partner_edit(request, area_pk: int, pk: int | None = None):
    area = _administered(request.user, area_pk)
    partner = get_object_or_404(PartnerOrganisation, pk=pk, area=area) if pk is not None else None
    initial = {}
    if partner is not None:
        initial = {"name": partner.name, "kind": partner.kind, "starts_on": partner.starts_on,
                   "ends_on": partner.ends_on, "successor": partner.successor_id}
    form = PartnerForm(request.POST or None, initial=initial, area=area, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            saved = area_setup.partner_save(area=area, by=request.user, partner=partner, **form.cleaned_data)
        except area_setup.SetupError as error:
            _refused(form, error)
        else:
            messages.success(request, f"{saved.name} {'changed' if partner else 'added'}.")
            return redirect("inspections:area_setup", area_pk=area.pk)
    title = f"Change {partner.name}" if partner else "Add a partner organisation"
    return _form_page(request, form, area=area, title=title, intro=(
        "Partners are the bodies jointly responsible with the council for the plan. Each partner in place on a day "
        "is asked to approve the plan; when one body replaces another, give the old one its end date and its "
        "successor."))


@require_http_methods(["GET", "POST"])
def closure_add(request, area_pk: int):
    area = _administered(request.user, area_pk)
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = area_setup.closure_add(area=area, by=request.user, **form.cleaned_data)
        except area_setup.SetupError as error:
            _refused(form, error)
        else:
            day = outcome.saved.day
            messages.success(request, f"{day.day} {day:%B %Y} is a closure day.{_recomputing(outcome.recomputing)}")
            return redirect("inspections:area_setup", area_pk=area.pk)
    return _form_page(request, form, area=area, title="Add a closure day", intro=(
        "A closure day does not count as a working day, so deadlines counted in working days move past it."))


@require_http_methods(["GET", "POST"])
def closure_remove(request, area_pk: int, pk: int):
    area = _administered(request.user, area_pk)
    closure = get_object_or_404(NonWorkingDay, pk=pk, area=area)
    if request.method == "POST":
        outcome = area_setup.closure_remove(closure=closure, by=request.user)
        messages.success(request, f"{closure.day.day} {closure.day:%B %Y} counts as a working day again."
                                  f"{_recomputing(outcome.recomputing)}")
        return redirect("inspections:area_setup", area_pk=area.pk)
    return render(request, "inspections/closure_remove.html", {
        "area": area, "closure": closure, "back_url": reverse("inspections:area_setup", args=[area.pk]),
    })


def rule_list(request):
    if not (request.user.is_superuser or is_administrator(request.user)):
        raise Refused("Only administrators read the deadline rules")
    return render(request, "inspections/rule_list.html", {
        "rules": [(rule, rule_when(rule)) for rule in deadline_rules_listed()],
        "may_change": request.user.is_superuser,
    })


@require_http_methods(["GET", "POST"])
def rule_edit(request, pk: int):
    if not request.user.is_superuser:
        raise Refused("The deadline rules are national: only a superuser changes them")
    rule = get_object_or_404(DeadlineRuleSetting, pk=pk)
    initial = {name: getattr(rule, name) for name in area_setup.RULE_FIELDS_EDITED}
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in area_setup.RULE_FIELDS_EDITED}
        try:
            outcome = area_setup.rule_change(rule=rule, by=request.user, why=form.cleaned_data["why"], **changes)
        except area_setup.SetupError as error:
            _refused(form, error)
        else:
            messages.success(request, f"“{outcome.saved.label}” changed.{_recomputing(outcome.recomputing)}")
            return redirect("inspections:rule_list")
    return render(request, "inspections/setup_form.html", {
        "form": form, "title": f"Change the rule: {rule.label}", "caption": rule.get_framework_display(),
        "intro": f"Counted from when {ANCHOR_WORDS.get(rule.anchor, rule.anchor)}. Changing it works out again "
                 "the deadlines of every inspection under this framework.",
        "back_url": reverse("inspections:rule_list"),
    })
