"""One action as it stood at the end of a day, for its page: its fields and rating then, the updates posted by
then as they read then, and its history up to then; from the same records as ``plan_as_of``.
"""
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from django.utils import timezone

from wsoa.models import User
from wsoa.roles import visible_area_ids

from . import history as action_history
from .models import Plan, ProgressUpdate, RatingEvent, evidence_link_lines
from .past_day import Saved, end_of_day
from .plan_as_of import (
    ACTION_AS_OF_FIELDS,
    REMOVED,
    ActionAsOf,
    HistoricalAction,
    HistoricalStrand,
    StrandAsOf,
    action_from,
    plan_existed,
)
from .selectors import plan_for_page

HistoricalUpdate = ProgressUpdate.history.model


@dataclass(slots=True)
class ActionDetailAsOf(ActionAsOf):
    """What the action's page shows besides a row's fields."""

    strand: StrandAsOf | None = None
    partners: str = ""
    success_criteria: str = ""
    evidence_links: str = ""

    @property
    def evidence_link_list(self) -> list[str]:
        return evidence_link_lines(self.evidence_links)


@dataclass
class ActionPageAsOf:
    """``action`` is None when the action was not in the plan at the end of ``day`` (not added yet, or removed);
    ``added_on`` and ``removed_on`` say when it was. ``updates`` are history records of the updates as they read
    then, newest month first, each with ``earlier_versions``; ``history`` is the readable history up to then."""

    plan: Plan
    day: date
    action: ActionDetailAsOf | None
    reference: str
    added_on: date | None
    removed_on: date | None
    updates: list = field(default_factory=list)
    history: list = field(default_factory=list)


def action_page_as_of(pk: int, day: date, *, user) -> ActionPageAsOf:
    """The action's page at the end of ``day``, for a person who may see its plan (else ``Plan.DoesNotExist``).

    Six queries for an action that existed then, whatever the plan's size or the action's history (two more when
    its lead or strand changed, to name them): every history record of the action, the plan, its strand then,
    its newest rating event by then, and its updates' records.
    """
    records = list(
        HistoricalAction.objects.filter(id=pk, plan__inspection__area_id__in=visible_area_ids(user))
        .select_related("history_user", "lead_officer").order_by("history_date", "history_id")
    )
    if not records:
        raise Plan.DoesNotExist
    plan = plan_for_page(records[0].plan_id, user=user)
    end = end_of_day(day)
    until = [record for record in records if record.history_date < end]
    page = ActionPageAsOf(
        plan=plan, day=day, action=None, reference=(until or records)[-1].reference,
        added_on=_local_day(records[0].history_date),
        removed_on=_local_day(records[-1].history_date) if records[-1].history_type == REMOVED else None,
    )
    if not plan_existed(plan, day) or not until or until[-1].history_type == REMOVED:
        return page
    page.action = _action_then(until[-1], day)
    page.updates, updates_history = _updates_then(pk, end, plan)
    page.history = action_history.history_merged(action_history.changes_newest_first(until, plan), updates_history)
    return page


def _local_day(moment) -> date:
    return timezone.localtime(moment).date()


def _action_then(record, day: date) -> ActionDetailAsOf:
    event = (
        RatingEvent.objects.filter(action_id=record.id, effective_on__lte=day).order_by("-effective_on", "-id")
        .values_list("to_rating", "reason", "recorded_at").first()
    )
    row = action_from(
        tuple(getattr(record, name) for name in ACTION_AS_OF_FIELDS), event=Saved(*event) if event else None,
        lead=record.lead_officer,
    )
    strand = (
        HistoricalStrand.objects.filter(id=record.strand_id, history_date__lt=end_of_day(day))
        .order_by("-history_date", "-history_id").first()
    )
    return ActionDetailAsOf(
        **{each.name: getattr(row, each.name) for each in fields(ActionAsOf)},
        strand=StrandAsOf(strand.id, strand.number, strand.title, None)
        if strand and strand.history_type != REMOVED else None,
        partners=record.partners, success_criteria=record.success_criteria, evidence_links=record.evidence_links,
    )


def _updates_then(pk: int, end, plan: Plan) -> tuple[list, action_history.UpdateHistory]:
    """The action's updates saved by ``end``, each as its newest record then reads (with its earlier versions),
    newest month first; and their revisions by then."""
    rows = (
        HistoricalUpdate.objects.filter(action_id=pk, history_date__lt=end)
        .order_by("id", "history_date", "history_id")
        .values_list(*_UPDATE_FIELDS, *(f"{person}__{name}" for person in _PEOPLE for name in _NAMED))
    )
    records = [_update_then(row) for row in rows]
    revisions = action_history.update_history_from(records, plan.legend)
    newest = {record.id: record for record in records}  # the last record of each update wins
    updates = [record for record in newest.values() if record.history_type != REMOVED]
    for update in updates:
        update.earlier_versions = revisions.earlier.get(update.id, [])
    updates.sort(key=lambda update: (update.month, update.created_at), reverse=True)
    return updates, revisions


@dataclass(slots=True)
class UpdateThen:
    """An update's history record as the page and its history read it, its people by name (None for no one, or
    someone no longer here): thirty of them as model instances, each with three people, cost more to make than the
    rest of the page's reads."""

    id: int
    history_type: str
    history_date: datetime
    history_user_id: int | None
    month: date
    rating: str
    reason_for_worse_rating: str
    narrative: str
    evidence: str
    created_at: datetime
    revised_by_id: int | None
    revised_at: datetime | None
    author: str | None
    revised_by: str | None
    history_user: str | None
    earlier_versions: list = field(default_factory=list)


# The record's own columns, in the order of UpdateThen's first fields; then each person's name.
_UPDATE_FIELDS = (
    "id", "history_type", "history_date", "history_user_id", "month", "rating", "reason_for_worse_rating",
    "narrative", "evidence", "created_at", "revised_by_id", "revised_at",
)
_PEOPLE = ("author", "revised_by", "history_user")
_NAMED = ("first_name", "last_name", "email")


def _update_then(row: tuple) -> UpdateThen:
    people = row[len(_UPDATE_FIELDS):]
    names = [_name(*people[start:start + 3]) for start in range(0, len(people), 3)]
    return UpdateThen(*row[:len(_UPDATE_FIELDS)], *names)


def _name(first_name: str | None, last_name: str | None, email: str | None) -> str | None:
    return None if email is None else User.name_of(first_name=first_name, last_name=last_name, email=email)
