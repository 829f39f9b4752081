"""Impact measure pages: a measure with its chart and figures, adding and changing it, and recording its readings.

As the other plan pages: the role's permission, then the object through a selector scoped to the person's
areas (another area's measure is a 404), then the object rule (403).
"""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from . import measures, selectors
from . import permissions as can
from .errors import ActionPlanError, MeasureChanged, ReadingsChanged
from .forms_measures import ImpactMeasureForm, ReadingsForm
from .measure_numbers import format_measure_value
from .measure_periods import period_label, reading_periods
from .models import ImpactMeasure, Plan
from .views import _add_errors, _load, _require


@require_GET
def measure_detail(request, pk: int):
    measure = _load(selectors.measure_page, pk, request.user)
    _require(can.can_view_plan(request.user, measure.plan))
    return render(request, "actions/measure_detail.html", {
        "measure": measure, "plan": measure.plan, "strand": measure.strand,
        "may_change": can.can_change_measure(request.user, measure),
    })


def _form_choices(user, plan: Plan) -> dict:
    return {
        "plan": plan,
        "strands": selectors.strands_whose_measures_change(user, plan, can=can.can_change_measures_of),
        "may_measure_a_weakness": can.can_change_measures_of(user, None, plan),
    }


@require_http_methods(["GET", "POST"])
def measure_create(request, plan_pk: int):
    plan = _load(selectors.plan_for_page, plan_pk, request.user)
    _require(can.can_view_plan(request.user, plan))
    choices = _form_choices(request.user, plan)
    _require(bool(choices["strands"]) or choices["may_measure_a_weakness"])
    strand = next((s for s in choices["strands"] if str(s.pk) == request.GET.get("strand")), None)
    initial = {"strand": strand.pk if strand else None, "direction": "higher", "frequency": "monthly"}
    form = ImpactMeasureForm(request.POST or None, initial=initial, **choices)
    if request.method == "POST" and form.is_valid():
        try:
            measure = measures.impact_measure_create(plan=plan, by=request.user, **form.changes())
        except ActionPlanError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The measure “{measure.name}” is added.")
            return redirect("actions:measure", pk=measure.pk)
    return render(request, "actions/measure_form.html", {
        "form": form, "plan": plan, "strand": strand, "title": "Add an impact measure",
    })


@require_http_methods(["GET", "POST"])
def measure_edit(request, pk: int):
    measure = _load(selectors.measure_page, pk, request.user)
    _require(can.can_change_measure(request.user, measure))
    choices = _form_choices(request.user, measure.plan)
    form = ImpactMeasureForm(request.POST or None, initial=ImpactMeasureForm.initial_for(measure), **choices)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            measures.impact_measure_update(
                measure=measure, by=request.user, expected_version=form.cleaned_data["version"] or 0,
                **form.changes(),
            )
        except MeasureChanged as error:
            stale = _stale_edit(error, form, measure)
            form = ImpactMeasureForm(initial=stale["initial"], **choices)
        except ActionPlanError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The measure “{form.cleaned_data['name']}” is updated.")
            return redirect("actions:measure", pk=measure.pk)
    return render(request, "actions/measure_form.html", {
        "form": form, "plan": measure.plan, "strand": measure.strand, "measure": measure, "stale": stale,
        "title": "Change the impact measure",
    })


def _stale_edit(error: MeasureChanged, form: ImpactMeasureForm, measure: ImpactMeasure) -> dict:
    """The other person's save, and this person's changes on top of it (the fields they did not touch take
    the saved values), with the fields both changed named."""
    opened = measure.history.filter(version=form.cleaned_data["version"] or 0).order_by("-history_id").first()
    current = ImpactMeasureForm.initial_for(error.current)
    initial, clashes = form.rebased(opened=ImpactMeasureForm.initial_for(opened) if opened else None, current=current)
    return {"initial": {**initial, "version": error.current.version}, "clashes": clashes}


@require_http_methods(["GET", "POST"])
def measure_readings(request, pk: int):
    """The table of the measure's periods, one box each, saved in one go."""
    measure = _load(selectors.measure_page, pk, request.user)
    _require(can.can_change_measure(request.user, measure))
    form = _readings_form(measure, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = measures.measure_readings_save(measure=measure, by=request.user, rows=form.parsed)
        except ReadingsChanged as error:
            form = _readings_rebased(form, error, pk=pk, user=request.user)
        except ActionPlanError as error:
            for period, problems in error.message_dict.items():
                form.add_error(form.field_for(period), problems)
        else:
            messages.success(request, f"{done.words}.")
            return redirect("actions:measure", pk=measure.pk)
    return render(request, "actions/measure_readings.html", {
        "form": form, "measure": form.measure, "plan": measure.plan, "strand": measure.strand,
        "rows": form.rows_for_template(),
    })


def _readings_form(measure: ImpactMeasure, data) -> ReadingsForm:
    readings = {reading.period: reading for reading in measure.readings.all()}
    periods = reading_periods(
        frequency=measure.frequency, today=timezone.localdate(), baseline_period=measure.baseline_period,
        target_date=measure.target_date, recorded=list(readings),
    )
    return ReadingsForm(data, measure=measure, periods=periods, readings=readings)


def _readings_rebased(form: ReadingsForm, error: ReadingsChanged, *, pk: int, user) -> ReadingsForm:
    """What the person typed, on the readings as saved now, with each reading someone else changed named."""
    measure = _load(selectors.measure_page, pk, user)
    current = {reading.period: reading for reading in measure.readings.all()}
    rebased = _readings_form(measure, form.rebased_data(current=current, moved=error.current))
    rebased.is_valid()
    for period, reading in error.current.items():
        label = period_label(period, measure.frequency)
        now = f"changed it to {format_measure_value(reading.value, measure.unit)}" if reading else "removed it"
        rebased.add_error(rebased.field_for(period.isoformat()), (
            f"Someone else {now} while you were editing the reading for {label}. Nothing is saved yet: "
            "check the value, then save again to keep yours"
        ))
    return rebased
