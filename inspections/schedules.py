"""Inspections' schedules: milestones worked out from the rules, marked met or opened again, their statuses by day."""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .calendar import WorkingDayCalendar
from .deadline_table import MILESTONE_KEYS
from .deadlines import ComputedMilestone, milestones_for
from .models import Inspection, LocalArea, Milestone
from .selectors import deadline_rules, inspection_facts, working_day_calendars

logger = logging.getLogger(__name__)

DUE_SOON_WORKING_DAYS = 10
SCHEDULE_BATCH_SIZE = 50  # inspections per recompute task after a rule or closure day changes

# The reasons milestone history records give, in words.
WORKED_OUT = "Worked out from the deadline rules"
WORKED_OUT_AGAIN = "Worked out again from the deadline rules"
NO_LONGER_APPLIES = "Deleted: the deadline rules no longer give it"
MARKED_MET = "Marked as met"
OPENED_AGAIN = "Opened again"

# A milestone is met when the inspection records the event it waits for, on or after the event it counts from.
MET_BY: dict[str, tuple[str, tuple[str, ...]]] = {
    "wsoa_due": ("submitted_on", ()),
    "priority_action_plan_due": ("submitted_on", ()),
    "fitness_decision_due": ("decided_on", ("resubmitted_on", "submitted_on")),
    "resubmission_due": ("resubmitted_on", ("decided_on",)),
    "revisit_due": ("revisit_published_on", ()),
    "monitoring_inspection_due": ("revisit_published_on", ()),
}


def schedule_recompute_on_commit(inspection: Inspection) -> None:
    """Once the change commits, recompute this inspection's milestones in the background."""
    from .tasks import inspection_schedule_recompute

    inspection_schedule_recompute.delay_on_commit(inspection.pk)


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


def milestone_status_for(*, due: date, met_on: date | None, today: date, calendar: WorkingDayCalendar) -> str:
    """Met, overdue, due soon or upcoming on ``today`` (also for milestones other apps write, as a board's meetings)."""
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
    "approximate",
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
    run writes nothing. Keeps what people marked met; deletes the rest of what the rules no longer give, but
    leaves milestones with keys the rules do not own (``MILESTONE_KEYS``) alone. Inspections deleted meanwhile
    are skipped.
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
        values["status"] = milestone_status_for(due=item.due, met_on=values["met_on"], today=today, calendar=calendar)
        if milestone is None:
            writes.create.append(Milestone(inspection=inspection, key=item.key, sequence=item.sequence, **values))
        elif any(getattr(milestone, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(milestone, name, value)
            writes.update.append(milestone)
    # Only the rules' own keys: milestones with other keys are written by the app that owns them (a board's
    # meetings, by governance) and stay as it left them.
    writes.delete.extend(
        milestone for key, milestone in stored.items()
        if key not in wanted and key[0] in MILESTONE_KEYS and milestone.marked_done_by_id is None
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
        schedule_recompute_on_commit(milestone.inspection)
    return milestone


def milestone_statuses_refresh(*, today: date) -> int:
    """Move open milestones between upcoming, due soon and overdue as days pass; returns how many changed."""
    open_milestones = list(
        Milestone.objects.exclude(status=Milestone.Status.MET).values_list("pk", "due", "status", "inspection__area")
    )
    calendars = working_day_calendars({area_id for *_, area_id in open_milestones})
    moved: dict[str, list[int]] = defaultdict(list)
    for pk, due, status, area_id in open_milestones:
        new_status = milestone_status_for(due=due, met_on=None, today=today, calendar=calendars[area_id])
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
