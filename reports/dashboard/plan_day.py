"""The plan as the dashboard reads it on its day: each action's strand, rating, due date and completion, the
strands with their subgroup and the weaknesses they answer, and which actions have the month's update.

Today's plan is read from the live tables (three queries on PostgreSQL, four on SQLite; a thousand actions as
plain rows); a past day's from the history and the rating events (docs/decisions/0013-time-travel.md), only
the columns counted and the month's updates then: ``actions.plan_parts_as_of.actions_counted_as_of`` reads
them from three indexes alone, in one query, with the strands then (``plan_as_of.strands_as_of``). Both give
the same rows, so everything after this module counts in one pass whatever the day.
"""
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import Exists, OuterRef

from actions.models import Action, Plan, ProgressUpdate
from actions.overview import StrandAsOf, strands_today
from actions.plan_as_of import plan_existed, strands_as_of
from actions.plan_parts_as_of import actions_counted_as_of
from inspections.models import SignificantWeakness


class Row(NamedTuple):
    pk: int
    strand_id: int
    rating: str
    due_date: date | None
    completed_on: date | None

    def overdue_on(self, day: date) -> bool:
        """The rule of ``selectors.overdue_q``: due before the day and not complete."""
        return self.due_date is not None and self.due_date < day and self.completed_on is None

    def due_between(self, day: date, last_day: date) -> bool:
        """The rule of ``selectors.due_by_q``: open, due from the day up to ``last_day``."""
        return self.completed_on is None and self.due_date is not None and day <= self.due_date <= last_day


class StrandRow(NamedTuple):
    pk: int
    number: int
    title: str
    subgroup_id: int | None
    weakness_ids: tuple[int, ...]


class WeaknessRow(NamedTuple):
    pk: int
    number: int
    title: str


class SubgroupRow(NamedTuple):
    pk: int
    name: str
    lead: str


@dataclass
class PlanDay:
    day: date
    actions: list[Row]  # in reference order
    strands: list[StrandRow]  # in number order
    weaknesses: list[WeaknessRow]
    subgroups: dict[int, SubgroupRow]
    updated: set[int]  # actions with an update for the day's month by the end of the day


def plan_on(plan: Plan, day: date, *, today: date) -> PlanDay:
    return _today(plan, day) if day >= today else _past(plan, day)


def _weaknesses(plan: Plan) -> list[WeaknessRow]:
    rows = SignificantWeakness.objects.filter(inspection_id=plan.inspection_id).order_by("number")
    return [WeaknessRow(*row) for row in rows.values_list("pk", "number", "title")]


def _rows_and_updated(rows) -> tuple[list[Row], set[int]]:
    """The rows (each a ``Row``'s fields and whether the action has the month's update), and those updated."""
    actions, updated = [], set()
    for *row, has_update in rows:
        actions.append(Row(*row))
        if has_update:
            updated.add(row[0])
    return actions, updated


def _today(plan: Plan, day: date) -> PlanDay:
    fields = ("pk", "strand_id", "rating", "due_date", "completed_on")
    posted = ProgressUpdate.objects.filter(action_id=OuterRef("pk"), month=day.replace(day=1))
    rows = (Action.objects.filter(plan=plan).order_by("sort_key", "pk").annotate(updated=Exists(posted))
            .values_list(*fields, "updated"))  # the month's update looked up in the same query
    actions, updated = _rows_and_updated(rows)
    strands, subgroups = _strand_rows(strands_today(plan))
    return PlanDay(day=day, actions=actions, strands=strands, weaknesses=_weaknesses(plan), subgroups=subgroups,
                   updated=updated)


def _strand_rows(strands: list[StrandAsOf]) -> tuple[list[StrandRow], dict[int, SubgroupRow]]:
    """The strands as rows, and the subgroups they belong to by key: the same for today and a past day."""
    rows = [StrandRow(s.pk, s.number, s.title, s.subgroup.pk if s.subgroup else None, s.weakness_ids)
            for s in strands]
    subgroups = {
        s.subgroup.pk: SubgroupRow(s.subgroup.pk, s.subgroup.name, str(s.subgroup.lead or ""))
        for s in strands if s.subgroup
    }
    return rows, subgroups


def _past(plan: Plan, day: date) -> PlanDay:
    if not plan_existed(plan, day):  # nothing then, not even the weaknesses it was to answer
        return PlanDay(day=day, actions=[], strands=[], weaknesses=[], subgroups={}, updated=set())
    actions, updated = _rows_and_updated(actions_counted_as_of(plan, day))
    strands, subgroups = _strand_rows(strands_as_of(plan, day))
    return PlanDay(day=day, actions=actions, strands=strands, weaknesses=_weaknesses(plan), subgroups=subgroups,
                   updated=updated)
