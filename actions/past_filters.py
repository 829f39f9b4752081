"""The action list's narrower filters (a weakness, a subgroup, due by a day, moved or added since a day, no update
yet) on a past day: the rules ``selectors.action_list`` applies today, applied to the plan as it stood.

``plan_as_of.actions_matching`` applies the list's other filters; this narrows what it returns, with one query
for each of the three filters that read the events or the history, none for the others.
"""
from datetime import date

from django.db.models import QuerySet

from .action_as_of import HistoricalUpdate
from .models import Action, RatingEvent
from .past_day import end_of_day
from .plan_as_of import ActionAsOf, PlanAsOf
from .selectors import ActionFilters


def moved_after(plan_id: int, since: date, day: date) -> set[int]:
    """The actions whose rating changed after ``since``, up to the end of ``day`` (not counting "added")."""
    events = RatingEvent.objects.filter(plan_id=plan_id, effective_on__gt=since, effective_on__lte=day)
    return set(events.exclude(from_rating="").values_list("action_id", flat=True))


def added_after(plan_id: int, since: date, day: date) -> set[int]:
    """The actions added after ``since``, up to the end of ``day`` (their creation record in the history)."""
    records = Action.history.filter(plan_id=plan_id, history_type="+", history_date__gte=end_of_day(since),
                                    history_date__lt=end_of_day(day))
    return set(records.values_list("id", flat=True))


def updates_for_month_by(plan_id: int, day: date) -> QuerySet:
    """The creation records of the plan's actions' updates for ``day``'s month posted by the end of ``day``."""
    return HistoricalUpdate.objects.filter(action__plan_id=plan_id, month=day.replace(day=1), history_type="+",
                                           history_date__lt=end_of_day(day))


def updated_for_month_by(plan_id: int, day: date) -> set[int]:
    """The actions with an update for ``day``'s month posted by the end of ``day``."""
    return set(updates_for_month_by(plan_id, day).values_list("action_id", flat=True))


def narrowed(past: PlanAsOf, filters: ActionFilters, actions: list[ActionAsOf]) -> list[ActionAsOf]:
    day, plan_id = past.day, past.plan.pk
    strands = {strand.pk: strand for strand in past.strands}
    if filters.weakness:
        actions = [a for a in actions if filters.weakness in getattr(strands.get(a.strand_id), "weakness_ids", ())]
    if filters.subgroup:
        actions = [a for a in actions
                   if getattr(getattr(strands.get(a.strand_id), "subgroup", None), "pk", None) == filters.subgroup]
    if filters.due_by:
        actions = [a for a in actions if a.completed_on is None and a.due_date is not None
                   and day <= a.due_date <= filters.due_by]
    if filters.changed_since:
        moved = moved_after(plan_id, filters.changed_since, day)
        actions = [action for action in actions if action.pk in moved]
    if filters.added_since:
        added = added_after(plan_id, filters.added_since, day)
        actions = [action for action in actions if action.pk in added]
    if filters.update_missing:
        updated = updated_for_month_by(plan_id, day)
        actions = [action for action in actions if action.completed_on is None and action.pk not in updated]
    return actions
