"""Every write about inspections: dates and outcome, lifecycle steps, approvals, milestones and schedules."""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from wsoa.roles import Role, area_ids_where, visible_area_ids
from wsoa.services import membership_add

from .calendar import WorkingDayCalendar
from .deadlines import ComputedMilestone, milestones_for
from .lifecycle import DATE_FIELD_FOR, TransitionError, check_transition
from .models import Inspection, LifecycleEvent, LocalArea, Milestone, PlanApproval
from .selectors import deadline_rules, inspection_facts, working_day_calendars

logger = logging.getLogger(__name__)

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
DUE_SOON_WORKING_DAYS = 10
SCHEDULE_BATCH_SIZE = 50  # inspections per recompute task after a rule or closure day changes

# The reasons milestone history records give, in words.
WORKED_OUT = "Worked out from the deadline rules"
WORKED_OUT_AGAIN = "Worked out again from the deadline rules"
NO_LONGER_APPLIES = "Deleted: the deadline rules no longer give it"
MARKED_MET = "Marked as met"
OPENED_AGAIN = "Opened again"
FAR_FUTURE = timedelta(days=366 * 2)

# A milestone is met when the inspection records the event it waits for, on or after the event it counts from.
MET_BY: dict[str, tuple[str, tuple[str, ...]]] = {
    "wsoa_due": ("submitted_on", ()),
    "priority_action_plan_due": ("submitted_on", ()),
    "fitness_decision_due": ("decided_on", ("resubmitted_on", "submitted_on")),
    "resubmission_due": ("resubmitted_on", ("decided_on",)),
    "revisit_due": ("revisit_published_on", ()),
    "monitoring_inspection_due": ("revisit_published_on", ()),
}


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


def _schedule_recompute_on_commit(inspection: Inspection) -> None:
    from .tasks import inspection_schedule_recompute

    inspection_schedule_recompute.delay_on_commit(inspection.pk)


def _save(inspection: Inspection, *, by) -> None:
    inspection._history_user = by
    inspection.save()


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
        _save(inspection, by=by)
        if responsible_people is not None:
            inspection.responsible_people.set(responsible_people)
        _schedule_recompute_on_commit(inspection)
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
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.full_clean()
        _save(locked, by=by)
        if responsible_people is not None:
            locked.responsible_people.set(responsible_people)
        if moves_schedule:
            _schedule_recompute_on_commit(locked)
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
        _save(locked, by=by)
        LifecycleEvent.objects.create(
            inspection=locked, from_status=previous, to_status=to_status, happened_on=on, note=note, by=by
        )
        _schedule_recompute_on_commit(locked)
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
        approval._history_user = by
        approval.save()
    return approval


def _met_on(milestone_key: str, inspection: Inspection) -> date | None:
    if milestone_key not in MET_BY:
        return None
    field, after_fields = MET_BY[milestone_key]
    happened = getattr(inspection, field)
    if happened is None:
        return None
    for after_field in after_fields:
        after = getattr(inspection, after_field)
        if after is not None:
            return happened if happened >= after else None
    return happened


def _status_for(*, due: date, met_on: date | None, today: date, calendar: WorkingDayCalendar) -> str:
    if met_on is not None:
        return Milestone.Status.MET
    if due < today:
        return Milestone.Status.OVERDUE
    # Due soon: at most 10 working days away, so before the 11th working day. Counting forward 11 days is the same
    # test as counting the working days up to a due date, which walks every day of a deadline years away.
    if due < calendar.add_working_days(today, DUE_SOON_WORKING_DAYS + 1):
        return Milestone.Status.DUE_SOON
    return Milestone.Status.UPCOMING


@dataclass
class RecomputeResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


MILESTONE_COPY_FIELDS = (
    "label",
    "due",
    "rule_key",
    "rule_label",
    "source",
    "confidence",
    "estimated",
    "official",
    "explanation",
)
MILESTONE_RULE_FIELDS = (*MILESTONE_COPY_FIELDS, "met_on", "status")


@dataclass
class _MilestoneWrites:
    """What a recompute will write, gathered for the whole batch so each kind of write is one statement."""

    create: list[Milestone]
    update: list[Milestone]
    delete: list[Milestone]


def milestones_recompute(*, inspection_id: int, today: date | None = None) -> RecomputeResult:
    """Store one inspection's milestones as the rules now give them (see `schedules_recompute`)."""
    return schedules_recompute(inspection_ids=[inspection_id], today=today)


def schedules_recompute(*, inspection_ids: Iterable[int], today: date | None = None) -> RecomputeResult:
    """Store these inspections' milestones as the rules now give them, in one transaction.

    The rules, every area's closures and the stored milestones are read once for the batch. Idempotent: a second
    run writes nothing. Keeps what people marked met; deletes the rest of what the rules no longer give.
    Inspections deleted meanwhile are skipped.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        # Row locks make two recomputes of one inspection take turns; taken in id order, overlapping batches
        # wait for each other instead of deadlocking.
        locked = Inspection.objects.select_for_update().filter(pk__in=inspection_ids).order_by("pk")
        inspections = list(locked.prefetch_related("weaknesses"))
        rules = deadline_rules()
        calendars = working_day_calendars({inspection.area_id for inspection in inspections})
        stored: dict[int, dict[tuple[str, int], Milestone]] = defaultdict(dict)
        for milestone in Milestone.objects.filter(inspection__in=[inspection.pk for inspection in inspections]):
            stored[milestone.inspection_id][(milestone.key, milestone.sequence)] = milestone
        writes = _MilestoneWrites(create=[], update=[], delete=[])
        for inspection in inspections:
            calendar = calendars[inspection.area_id]
            computed = milestones_for(inspection_facts(inspection), rules=rules, calendar=calendar)
            _milestone_writes_for(inspection, computed, stored[inspection.pk], today, calendar, writes)
        result = _milestone_writes_apply(writes)
    logger.info(
        "milestones recomputed",
        extra={
            "inspections": [inspection.pk for inspection in inspections],
            "milestones_created": result.created,
            "milestones_updated": result.updated,
            "milestones_deleted": result.deleted,
        },
    )
    return result


def _milestone_writes_for(
    inspection: Inspection,
    computed: list[ComputedMilestone],
    stored: dict[tuple[str, int], Milestone],
    today: date,
    calendar: WorkingDayCalendar,
    writes: _MilestoneWrites,
) -> None:
    """Add to `writes` what brings one inspection's stored milestones in line with the computed ones."""
    wanted = set()
    for item in computed:
        wanted.add((item.key, item.sequence))
        milestone = stored.get((item.key, item.sequence))
        if milestone is not None and milestone.marked_done_by_id is not None:
            continue  # people marked it met: leave it exactly as they left it
        values = {name: getattr(item, name) for name in MILESTONE_COPY_FIELDS}
        values["met_on"] = _met_on(item.key, inspection)
        values["status"] = _status_for(due=item.due, met_on=values["met_on"], today=today, calendar=calendar)
        if milestone is None:
            writes.create.append(Milestone(inspection=inspection, key=item.key, sequence=item.sequence, **values))
        elif any(getattr(milestone, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(milestone, name, value)
            writes.update.append(milestone)
    writes.delete.extend(
        milestone for key, milestone in stored.items() if key not in wanted and milestone.marked_done_by_id is None
    )


def _milestone_writes_apply(writes: _MilestoneWrites) -> RecomputeResult:
    if writes.create:
        bulk_create_with_history(writes.create, Milestone, default_change_reason=WORKED_OUT)
    if writes.update:
        bulk_update_with_history(
            writes.update, Milestone, fields=MILESTONE_RULE_FIELDS, default_change_reason=WORKED_OUT_AGAIN
        )
    for milestone in writes.delete:  # rare: a rule stopped applying; each delete writes its own history row
        milestone._change_reason = NO_LONGER_APPLIES
        milestone.delete()
    return RecomputeResult(created=len(writes.create), updated=len(writes.update), deleted=len(writes.delete))


def milestone_mark_met(*, milestone: Milestone, by, on: date) -> Milestone:
    with transaction.atomic():
        milestone.met_on = on
        milestone.marked_done_by = by
        milestone.status = Milestone.Status.MET
        milestone._history_user = by
        milestone._change_reason = MARKED_MET
        milestone.save()
    return milestone


def milestone_reopen(*, milestone: Milestone, by) -> Milestone:
    with transaction.atomic():
        milestone.met_on = None
        milestone.marked_done_by = None
        milestone._history_user = by
        milestone._change_reason = OPENED_AGAIN
        milestone.save()
        _schedule_recompute_on_commit(milestone.inspection)
    return milestone


def milestone_statuses_refresh(*, today: date) -> int:
    """Move open milestones between upcoming, due soon and overdue as days pass; returns how many changed."""
    open_milestones = list(
        Milestone.objects.exclude(status=Milestone.Status.MET).values_list("pk", "due", "status", "inspection__area")
    )
    calendars = working_day_calendars({area_id for *_, area_id in open_milestones})
    moved: dict[str, list[int]] = defaultdict(list)
    for pk, due, status, area_id in open_milestones:
        new_status = _status_for(due=due, met_on=None, today=today, calendar=calendars[area_id])
        if new_status != status:
            moved[new_status].append(pk)
    if not moved:
        return 0
    # One statement for every move; a milestone met since it was read stays met.
    return (
        Milestone.objects.filter(pk__in=[pk for pks in moved.values() for pk in pks])
        .exclude(status=Milestone.Status.MET)
        .update(status=Case(*(When(pk__in=pks, then=Value(status)) for status, pks in moved.items())))
    )


def weakness_short_title(text: str, *, limit: int = 90) -> str:
    """A heading for a weakness: its first sentence, cut at a word boundary if it is long."""
    first = text.strip().split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def letter_import_save(
    *,
    by,
    area_name: str,
    local_authority: str,
    findings: list[tuple[str, str, str]],
    weaknesses: list[str],
    **inspection_fields,
) -> Inspection:
    """Create the area (if new), the inspection, its findings and weaknesses from a reviewed letter, all or nothing."""
    from simple_history.utils import bulk_create_with_history

    from .models import Finding, SignificantWeakness

    with transaction.atomic():
        area = area_for(by=by, area=None, new_name=area_name, new_local_authority=local_authority, field="area_name")
        inspection = inspection_create(by=by, area=area, **inspection_fields)
        order_in_group: dict[tuple[str, str], int] = {}
        rows = []
        for kind, section, text in findings:
            position = order_in_group[(kind, section)] = order_in_group.get((kind, section), 0) + 1
            rows.append(Finding(inspection=inspection, kind=kind, section=section, text=text, order=position))
        bulk_create_with_history(rows, Finding, default_user=by)
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
        )
    return inspection


def weakness_judge(*, weakness, by, judgement: str, judged_on: date | None):
    with transaction.atomic():
        weakness.revisit_judgement = judgement
        weakness.judged_on = judged_on if judgement else None
        weakness._history_user = by
        weakness.save()
        _schedule_recompute_on_commit(weakness.inspection)
    return weakness


def schedules_recompute_later(*, area: LocalArea | None = None, framework: str | None = None) -> int:
    """After a rule or a closure day changes: recompute every inspection it can move, in batches, once it commits."""
    from .tasks import schedules_recompute as schedules_recompute_task

    inspections = Inspection.objects.all()
    if area is not None:
        inspections = inspections.filter(area=area)
    if framework is not None:
        inspections = inspections.filter(framework=framework)
    ids = list(inspections.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), SCHEDULE_BATCH_SIZE):
        schedules_recompute_task.delay_on_commit(ids[start : start + SCHEDULE_BATCH_SIZE])
    return len(ids)
