"""The data feed's reads: each list scoped exactly as the person's pages are (only the areas they hold a role in;
another area's plan, action or measure is simply not found), with the joins its rows need so every page of a
list is two queries (its count, its rows) whatever its size."""
from datetime import date

from django.db.models import Prefetch, QuerySet

from actions.models import (
    Action,
    EvidenceItem,
    ImpactMeasure,
    MeasureReading,
    Plan,
    ProgressUpdate,
    RatingEvent,
    Strand,
)
from actions.plan_as_of import ActionAsOf, plan_as_of
from actions.ratings import legend_entry
from actions.selectors import plans_visible_to
from inspections.models import Inspection, LocalArea, Milestone, SignificantWeakness
from inspections.selectors import areas_visible_to, inspections_visible_to
from wsoa.roles import visible_area_ids


def _in_areas_of(user, queryset: QuerySet, path: str) -> QuerySet:
    return queryset.filter(**{f"{path}__in": visible_area_ids(user)})


def _name(person) -> str:
    return str(person) if person is not None else ""


def _number(value) -> float | None:
    return None if value is None else float(value)


# --- areas and inspections -----------------------------------------------------------------------------


def areas(user) -> QuerySet[LocalArea]:
    return areas_visible_to(user).order_by("name", "pk")


def area_row(area: LocalArea) -> dict:
    return {"id": area.pk, "name": area.name, "local_authority": area.local_authority}


def inspections(user, *, area: int | None = None) -> QuerySet[Inspection]:
    found = inspections_visible_to(user).select_related("area").order_by("pk")
    return found.filter(area_id=area) if area else found


def inspection_row(inspection: Inspection) -> dict:
    return {
        "id": inspection.pk, "area_id": inspection.area_id, "area_name": inspection.area.name,
        "framework": inspection.framework, "outcome": inspection.outcome, "status": inspection.status,
        "starts_on": inspection.starts_on, "ends_on": inspection.ends_on, "received_on": inspection.received_on,
        "published_on": inspection.published_on, "submitted_on": inspection.submitted_on,
        "accepted_on": inspection.accepted_on, "lead_inspector": inspection.lead_inspector,
    }


def milestones(user, *, inspection: int | None = None) -> QuerySet[Milestone]:
    found = _in_areas_of(user, Milestone.objects, "inspection__area_id").order_by("inspection_id", "due", "pk")
    return found.filter(inspection_id=inspection) if inspection else found


def milestone_row(milestone: Milestone) -> dict:
    fields = ("key", "sequence", "label", "due", "status", "met_on", "estimated", "approximate", "official",
              "confidence")
    return {"id": milestone.pk, "inspection_id": milestone.inspection_id,
            **{name: getattr(milestone, name) for name in fields}}


def weaknesses(user, *, inspection: int | None = None) -> QuerySet[SignificantWeakness]:
    found = _in_areas_of(user, SignificantWeakness.objects, "inspection__area_id").order_by("inspection_id", "number")
    return found.filter(inspection_id=inspection) if inspection else found


def weakness_row(weakness: SignificantWeakness) -> dict:
    fields = ("kind", "number", "title", "text", "revisit_judgement", "judged_on")
    return {"id": weakness.pk, "inspection_id": weakness.inspection_id,
            **{name: getattr(weakness, name) for name in fields}}


# --- the plan ------------------------------------------------------------------------------------------


def plans(user) -> QuerySet[Plan]:
    return plans_visible_to(user).select_related("inspection__area").order_by("pk")


def plan_row(plan: Plan) -> dict:
    inspection = plan.inspection
    return {
        "id": plan.pk, "inspection_id": inspection.pk, "area_id": inspection.area_id,
        "area_name": inspection.area.name, "name": str(plan), "section_label": plan.section_word,
        "created_at": plan.created_at,
    }


def strands(user, *, plan: int | None = None) -> QuerySet[Strand]:
    found = (
        _in_areas_of(user, Strand.objects, "plan__inspection__area_id").select_related("subgroup")
        .prefetch_related(Prefetch("weaknesses", queryset=SignificantWeakness.objects.only("pk").order_by("pk")))
        .order_by("plan_id", "number")
    )
    return found.filter(plan_id=plan) if plan else found


def strand_row(strand: Strand) -> dict:
    return {
        "id": strand.pk, "plan_id": strand.plan_id, "number": strand.number, "title": strand.title,
        "subgroup_id": strand.subgroup_id, "subgroup_name": strand.subgroup.name if strand.subgroup_id else "",
        "weakness_ids": [weakness.pk for weakness in strand.weaknesses.all()],
    }


def actions(user, *, plan: int | None = None, strand: int | None = None, rating: str = "") -> QuerySet[Action]:
    found = (
        _in_areas_of(user, Action.objects, "plan__inspection__area_id")
        .select_related("plan", "lead_officer")
        .defer("description", "success_criteria", "partners", "evidence_links")
        .order_by("plan_id", "sort_key", "pk")
    )
    if plan:
        found = found.filter(plan_id=plan)
    if strand:
        found = found.filter(strand_id=strand)
    return found.filter(rating=rating) if rating else found


def action_visible(user, pk: int) -> Action | None:
    return actions(user).filter(pk=pk).first()


def _rating_label(key: str, plan: Plan) -> str:
    return legend_entry(key, plan.legend).label


def action_row(action: Action) -> dict:
    return {
        "id": action.pk, "plan_id": action.plan_id, "strand_id": action.strand_id, "reference": action.reference,
        "title": action.title, "lead": action.lead_display, "lead_organisation": action.lead_organisation,
        "start_date": action.start_date, "due_date": action.due_date, "ongoing": action.ongoing,
        "completed_on": action.completed_on, "rating": action.rating,
        "rating_label": _rating_label(action.rating, action.plan), "rating_reason": action.rating_reason,
    }


def actions_on(user, day: date, *, plan: int | None = None, strand: int | None = None, rating: str = "") -> list[dict]:
    """The actions of the person's plans (or the one ``plan``) as they stood at the end of ``day``, read as the
    plan pages' ``?on=`` reads them (docs/decisions/0013-time-travel.md): six queries a plan."""
    found = plans(user)
    return [
        _past_action_row(action, one)
        for one in (found.filter(pk=plan) if plan else found)
        for action in plan_as_of(one, day).actions
        if (not strand or action.strand_id == strand) and (not rating or action.rating == rating)
    ]


def _past_action_row(action: ActionAsOf, plan: Plan) -> dict:
    return {
        "id": action.pk, "plan_id": plan.pk, "strand_id": action.strand_id, "reference": action.reference,
        "title": action.title, "lead": action.lead_display, "lead_organisation": action.lead_organisation,
        "start_date": action.start_date, "due_date": action.due_date, "ongoing": action.ongoing,
        "completed_on": action.completed_on, "rating": action.rating,
        "rating_label": _rating_label(action.rating, plan), "rating_reason": action.rating_reason,
    }


def progress_updates(user, *, plan: int | None = None, action: int | None = None) -> QuerySet[ProgressUpdate]:
    found = (
        _in_areas_of(user, ProgressUpdate.objects, "action__plan__inspection__area_id")
        .select_related("action", "author").only(
            "pk", "action_id", "month", "rating", "previous_rating", "narrative", "evidence", "created_at",
            "updated_at", "action__plan_id", "action__reference", "author__first_name", "author__last_name",
            "author__email",
        )
        .order_by("action__plan_id", "month", "action_id", "pk")
    )
    if plan:
        found = found.filter(action__plan_id=plan)
    return found.filter(action_id=action) if action else found


def progress_update_row(update: ProgressUpdate) -> dict:
    fields = ("month", "rating", "previous_rating", "narrative", "evidence", "created_at", "updated_at")
    return {
        "id": update.pk, "plan_id": update.action.plan_id, "action_id": update.action_id,
        "action_reference": update.action.reference, "author": _name(update.author),
        **{name: getattr(update, name) for name in fields},
    }


def rating_events(
    user, *, plan: int | None = None, action: int | None = None, changed_since: date | None = None,
    on: date | None = None,
) -> QuerySet[RatingEvent]:
    """Rating changes effective after ``changed_since`` and by the end of ``on``, oldest first: the same rule as
    ``actions.selectors.rating_changes_between``, across every plan the person sees."""
    found = (
        _in_areas_of(user, RatingEvent.objects, "plan__inspection__area_id")
        .select_related("action", "by")
        .only("pk", "plan_id", "action_id", "from_rating", "to_rating", "reason", "source", "update_id",
              "effective_on", "recorded_at", "action__reference", "by__first_name", "by__last_name", "by__email")
        .order_by("effective_on", "id")
    )
    if plan:
        found = found.filter(plan_id=plan)
    if action:
        found = found.filter(action_id=action)
    if changed_since:
        found = found.filter(effective_on__gt=changed_since)
    return found.filter(effective_on__lte=on) if on else found


def rating_event_row(event: RatingEvent) -> dict:
    fields = ("from_rating", "to_rating", "reason", "source", "update_id", "effective_on", "recorded_at")
    return {
        "id": event.pk, "plan_id": event.plan_id, "action_id": event.action_id,
        "action_reference": event.action.reference, "by": _name(event.by),
        **{name: getattr(event, name) for name in fields},
    }


def measures(user, *, plan: int | None = None, strand: int | None = None) -> QuerySet[ImpactMeasure]:
    found = _in_areas_of(user, ImpactMeasure.objects, "plan__inspection__area_id").order_by("plan_id", "name", "pk")
    if plan:
        found = found.filter(plan_id=plan)
    return found.filter(strand_id=strand) if strand else found


def measure_row(measure: ImpactMeasure) -> dict:
    fields = ("strand_id", "weakness_id", "name", "unit", "baseline_period", "target_date", "direction",
              "frequency", "source")
    return {
        "id": measure.pk, "plan_id": measure.plan_id, "baseline": _number(measure.baseline),
        "target": _number(measure.target), **{name: getattr(measure, name) for name in fields},
    }


def readings(user, *, plan: int | None = None, measure: int | None = None) -> QuerySet[MeasureReading]:
    found = (
        _in_areas_of(user, MeasureReading.objects, "measure__plan__inspection__area_id")
        .select_related("measure").only("pk", "measure_id", "period", "value", "source_note", "measure__plan_id")
        .order_by("measure_id", "period")
    )
    if plan:
        found = found.filter(measure__plan_id=plan)
    return found.filter(measure_id=measure) if measure else found


def reading_row(reading: MeasureReading) -> dict:
    return {
        "id": reading.pk, "measure_id": reading.measure_id, "plan_id": reading.measure.plan_id,
        "period": reading.period, "value": float(reading.value), "source_note": reading.source_note,
    }


def evidence(user, *, plan: int | None = None, action: int | None = None, weakness: int | None = None,
             kind: str = "") -> QuerySet[EvidenceItem]:
    """The evidence items of the person's areas, newest first, with the ids of what each supports (the files
    themselves are only ever served by the service's own, permission-checked page)."""
    found = (
        _in_areas_of(user, EvidenceItem.objects, "plan__inspection__area_id").select_related("added_by")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.only("pk")),
            Prefetch("impact_measures", queryset=ImpactMeasure.objects.only("pk")),
            Prefetch("weaknesses", queryset=SignificantWeakness.objects.only("pk")),
        )
        .order_by("-dated", "-added_at", "-pk")
    )
    if plan:
        found = found.filter(plan_id=plan)
    if action:
        found = found.filter(actions__pk=action)
    if weakness:
        found = found.filter(weaknesses__pk=weakness)
    return found.filter(kind=kind) if kind else found


def evidence_row(item: EvidenceItem) -> dict:
    return {
        "id": item.pk, "plan_id": item.plan_id, "title": item.title, "dated": item.dated, "kind": item.kind,
        "kind_label": item.get_kind_display(), "note": item.note, "link": item.link,
        "has_file": bool(item.file), "file_name": item.original_name if item.file else "",
        "content_type": item.content_type if item.file else "", "size": item.size if item.file else None,
        "added_by": _name(item.added_by), "added_at": item.added_at,
        "action_ids": sorted(action.pk for action in item.actions.all()),
        "measure_ids": sorted(measure.pk for measure in item.impact_measures.all()),
        "weakness_ids": sorted(weakness.pk for weakness in item.weaknesses.all()),
    }
