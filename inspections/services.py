"""Every write about an inspection: its area, dates and outcome, lifecycle steps, approvals, the letter, judgements."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wsoa.roles import Role, area_ids_where, visible_area_ids
from wsoa.services import membership_add

from .letter_facts import partner_kind
from .lifecycle import DATE_FIELD_FOR, TransitionError, check_transition
from .models import Inspection, LifecycleEvent, LocalArea, PartnerOrganisation, PlanApproval, SignificantWeakness
from .schedules import schedule_recompute_on_commit

# Fields whose change moves a deadline, so a change to any of them recomputes the schedule.
SCHEDULE_FIELDS = (
    "framework",
    "outcome",
    "received_on",
    "published_on",
    "official_deadline",
    "submitted_on",
    "decision",
    "decided_on",
    "resubmitted_on",
    "accepted_on",
    "revisit_published_on",
    "status",
)
FAR_FUTURE = timedelta(days=366 * 2)


class InspectionError(ValidationError):
    """Bad inspection data: carries a message per field so a form can show each beside its field."""


def inspection_date_problems(*, today: date, **dates) -> dict[str, str]:
    """What is wrong with a set of inspection dates, field by field (empty when they are consistent)."""
    problems: dict[str, str] = {}
    starts, ends = dates.get("starts_on"), dates.get("ends_on")
    received, published = dates.get("received_on"), dates.get("published_on")
    if starts and ends and ends < starts:
        problems["ends_on"] = "The inspection must end on or after the day it started"
    if received and ends and received < ends:
        problems["received_on"] = "The letter cannot be received before the inspection ended"
    if published and received and published < received:
        problems["published_on"] = "The letter cannot be published before it was received"
    if published and ends and published < ends and "published_on" not in problems:
        problems["published_on"] = "The letter cannot be published before the inspection ended"
    for field in ("starts_on", "ends_on", "received_on", "published_on", "letter_dated"):
        value = dates.get(field)
        if value and value > today and field not in problems:
            problems[field] = f"{Inspection._meta.get_field(field).verbose_name.capitalize()} cannot be in the future"
    deadline = dates.get("official_deadline")
    if deadline and deadline > today + FAR_FUTURE:
        problems["official_deadline"] = "The official deadline is more than two years away: check the year"
    if deadline and ends and deadline <= ends:
        problems["official_deadline"] = "The official deadline must be after the inspection ended"
    return problems


def _save(instance, *, by, reason: str) -> None:
    """Save with who did it and why, in words, for the history."""
    instance._history_user = by
    instance._change_reason = reason
    instance.save()


def area_for(
    *, by, area: LocalArea | None, new_name: str = "", new_local_authority: str = "", field: str = "new_area_name"
) -> LocalArea:
    """The chosen local area, or the one of that name, or a new one; always one the person administers.

    A person who names an area they hold no administrator role in is refused (the name of another area is
    not a way into it). A new area is created with its creator as its first administrator.
    """
    if area is None:
        name = " ".join(new_name.split())
        area = LocalArea.objects.filter(name__iexact=name).first()
        if area is None:
            area = LocalArea(name=name, local_authority=" ".join(new_local_authority.split()))
            try:
                area.full_clean()
            except ValidationError as error:
                raise InspectionError({field: " ".join(error.messages)}) from None
            area._history_user = by
            area._change_reason = "Local area added"
            area.save()
            membership_add(user=by, area=area, role=Role.ADMINISTRATOR, by=by, reason="Added the local area")
            return area
    if area.pk not in area_ids_where(by, "inspections.add_inspection"):
        refusal = f"You are not an administrator of {area.name}, so you cannot add its inspections"
        raise InspectionError({field: refusal})
    return area


def _check_responsible(area: LocalArea, people) -> None:
    """The people reminded about an area's deadlines must hold a role in that area."""
    if people is None:
        return
    outsiders = [person for person in people if area.pk not in visible_area_ids(person)]
    if outsiders:
        names = ", ".join(str(person) for person in outsiders)
        raise InspectionError({"responsible_people": f"{names} has no role in {area.name}: choose people of the area"})


def inspection_create(
    *, by, area: LocalArea, today: date | None = None, responsible_people=None, **fields
) -> Inspection:
    _check_responsible(area, responsible_people)
    problems = inspection_date_problems(today=today or timezone.localdate(), **fields)
    if problems:
        raise InspectionError(problems)
    with transaction.atomic():
        inspection = Inspection(area=area, **fields)
        inspection.full_clean()
        _save(inspection, by=by, reason="Inspection added")
        if responsible_people is not None:
            inspection.responsible_people.set(responsible_people)
        schedule_recompute_on_commit(inspection)
    return inspection


def inspection_update(
    *, inspection: Inspection, by, today: date | None = None, responsible_people=None, **changes
) -> Inspection:
    merged = {
        field: changes.get(field, getattr(inspection, field))
        for field in ("starts_on", "ends_on", "received_on", "published_on", "letter_dated", "official_deadline")
    }
    problems = inspection_date_problems(today=today or timezone.localdate(), **merged)
    if problems:
        raise InspectionError(problems)
    _check_responsible(changes.get("area", inspection.area), responsible_people)
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        moves_schedule = any(field in changes and changes[field] != getattr(locked, field) for field in SCHEDULE_FIELDS)
        changed = [str(Inspection._meta.get_field(field).verbose_name) for field, value in changes.items()
                   if getattr(locked, field) != value]
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.full_clean()
        _save(locked, by=by, reason=f"Changed: {', '.join(changed)}" if changed else "Saved without changes")
        if responsible_people is not None:
            locked.responsible_people.set(responsible_people)
        if moves_schedule:
            schedule_recompute_on_commit(locked)
    return locked


def inspection_transition(
    *, inspection: Inspection, by, to_status: str, on: date, note: str = "", decision: str = ""
) -> Inspection:
    """Move the plan one lifecycle step, dated and attributed, or raise TransitionError saying why not."""
    S = Inspection.Status
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        check_transition(locked.status, to_status)
        if to_status == S.APPROVED:
            missing = approvals_missing(locked, on=on)
            if missing:
                raise TransitionError(f"Record the approval of {', '.join(missing)} before marking the plan approved.")
        if to_status in (S.FIT, S.NOT_FIT):
            valid = {S.FIT: ("fit", "fit_with_minor"), S.NOT_FIT: ("not_fit",)}[to_status]
            decision = decision or valid[0]
            if decision not in valid:
                raise TransitionError("The decision does not match the step chosen.")
            locked.decision = decision
        if (
            to_status == S.CLOSED
            and locked.status == S.REVISIT
            and locked.weaknesses.filter(revisit_judgement="not_sufficient").exists()
        ):
            raise TransitionError(
                "At least one weakness was judged not to have made sufficient progress: "
                "move to an Accelerated Progress Plan instead of closing."
            )
        if on > timezone.localdate():
            raise TransitionError("The date of this step cannot be in the future.")
        if on < locked.ends_on:
            raise TransitionError("The date of this step cannot be before the inspection ended.")
        previous = locked.status
        anchor_field = DATE_FIELD_FOR.get(to_status)
        if anchor_field:
            setattr(locked, anchor_field, on)
        locked.status = to_status
        _save(locked, by=by, reason=f"{Inspection.Status(previous).label} → {Inspection.Status(to_status).label}"
              f" on {on:%d/%m/%Y}" + (f": {note}" if note else ""))
        LifecycleEvent.objects.create(
            inspection=locked, from_status=previous, to_status=to_status, happened_on=on, note=note, by=by
        )
        schedule_recompute_on_commit(locked)
    return locked


def approvals_missing(inspection: Inspection, *, on: date) -> list[str]:
    """The bodies jointly responsible on that day whose approval is not recorded yet."""
    needed = [inspection.area.local_authority] + [
        partner.name for partner in inspection.area.partners.all() if partner.active_on(on)
    ]
    recorded = set(inspection.approvals.values_list("organisation", flat=True))
    return [name for name in needed if name not in recorded]


def approval_record(
    *, inspection: Inspection, by, organisation: str, approved_by: str, approved_on: date
) -> PlanApproval:
    with transaction.atomic():
        approval, _ = PlanApproval.objects.get_or_create(
            inspection=inspection,
            organisation=organisation,
            defaults={"approved_by": approved_by, "approved_on": approved_on, "recorded_by": by},
        )
        approval.approved_by, approval.approved_on, approval.recorded_by = approved_by, approved_on, by
        _save(approval, by=by, reason=f"Approval by {organisation} recorded")
    return approval


def weakness_short_title(text: str, *, limit: int = 90) -> str:
    """A heading for a weakness: its first sentence, cut at a word boundary if it is long."""
    first = text.strip().split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


LETTER_REASON = "Imported from the outcome letter"


def letter_import_save(
    *,
    by,
    area_name: str,
    local_authority: str,
    findings: list[tuple[str, str, str]],
    weaknesses: list[str],
    partners: list[str] = (),
    **inspection_fields,
) -> Inspection:
    """Create the area (if new), the inspection, its findings and weaknesses from a reviewed letter, all or nothing.

    The partner organisations the letter names as jointly responsible are matched to the area's by name, or
    added, so the plan needs the approval of each."""
    from simple_history.utils import bulk_create_with_history

    from .models import Finding, SignificantWeakness

    with transaction.atomic():
        area = area_for(by=by, area=None, new_name=area_name, new_local_authority=local_authority, field="area_name")
        inspection = inspection_create(by=by, area=area, **inspection_fields)
        for name in partners:
            _partner_for(area, name, by=by)
        order_in_group: dict[tuple[str, str], int] = {}
        rows = []
        for kind, section, text in findings:
            position = order_in_group[(kind, section)] = order_in_group.get((kind, section), 0) + 1
            rows.append(Finding(inspection=inspection, kind=kind, section=section, text=text, order=position))
        bulk_create_with_history(rows, Finding, default_user=by, default_change_reason=LETTER_REASON)
        kind = (
            SignificantWeakness.Kind.PRIORITY_ACTION
            if inspection.framework == Inspection.Framework.AREA_SEND_2023
            else SignificantWeakness.Kind.SIGNIFICANT_WEAKNESS
        )
        bulk_create_with_history(
            [
                SignificantWeakness(
                    inspection=inspection, kind=kind, number=number, title=weakness_short_title(text), text=text
                )
                for number, text in enumerate(weaknesses, start=1)
            ],
            SignificantWeakness,
            default_user=by,
            default_change_reason=LETTER_REASON,
        )
    return inspection


def _partner_for(area: LocalArea, name: str, *, by) -> PartnerOrganisation:
    """The area's partner organisation of that name (ignoring case), added if it has none."""
    partner = area.partners.filter(name__iexact=name).first()
    if partner is None:
        kind = partner_kind(name)
        partner = PartnerOrganisation(
            area=area, name=name[:200], kind=kind if kind in PartnerOrganisation.Kind.values else "other"
        )
        _save(partner, by=by, reason=LETTER_REASON)
    return partner


def weakness_judge(*, weakness, by, judgement: str, judged_on: date | None):
    with transaction.atomic():
        weakness.revisit_judgement = judgement
        weakness.judged_on = judged_on if judgement else None
        judged = SignificantWeakness.Judgement(judgement).label if judgement else "Revisit judgement cleared"
        _save(weakness, by=by, reason=f"Revisit judgement: {judged}")
        schedule_recompute_on_commit(weakness.inspection)
    return weakness
