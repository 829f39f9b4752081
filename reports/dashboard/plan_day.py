"""The plan as the dashboard reads it on its day: each strand's actions counted (by rating, overdue, open with no
update for the day's month, due before the next meeting), the strands with their subgroup and the weaknesses
they answer.

Today's plan is counted in the live tables, grouped by strand and rating in SQL (two queries on PostgreSQL,
where the weaknesses come with the meeting, four on SQLite; no action read as a row). A past day's actions are
read from the history and the rating events (docs/decisions/0013-time-travel.md), only the columns counted and
the month's updates then, from three indexes alone in one query, with the strands then
(``plan_as_of.strands_as_of``): on PostgreSQL grouped and counted in that query
(``actions.past_counts.counted_groups_as_of``, ``PlanDay.tally_groups``), on SQLite counted in one pass over
each action's row (``actions_counted_as_of``, ``PlanDay.tally``). All give the same tallies, so everything after
this module reads them whatever the day.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Count, FilteredRelation, Q

from actions.models import Action, Plan
from actions.overview import StrandAsOf, strands_today
from actions.past_counts import actions_counted_as_of, counted_groups_as_of
from actions.plan_as_of import plan_existed, strands_as_of
from actions.selectors import due_by_q, overdue_q
from inspections.models import SignificantWeakness


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
class StrandTally:
    """A strand's actions on the day: how many of each rating, how many overdue, how many open with no update
    for the day's month by the end of the day."""

    ratings: Counter = field(default_factory=Counter)
    overdue: int = 0
    owing: int = 0


@dataclass
class PlanDay:
    day: date
    strands: list[StrandRow]  # in number order
    weaknesses: list[WeaknessRow]
    subgroups: dict[int, SubgroupRow]
    # Today the actions are counted in SQL (``ratings_then`` is left empty) and what changed reads each action's
    # rating and presence from the live tables in its own queries; a past day's are its counted rows'.
    ratings_then: dict[int, str] = field(default_factory=dict)  # each action's rating at the end of the day
    live: bool = False
    by_strand: dict[int, StrandTally] = field(default_factory=dict)  # every count the dashboard shows
    due_soon: int = 0  # open actions due from the day up to the next meeting's day

    def tally(self, rows, until: date | None) -> "PlanDay":
        """Count the actions' rows (``actions_counted_as_of``'s) once, for every figure the dashboard shows: by
        strand, and due up to ``until``. Overdue is ``selectors.overdue_q``'s rule (due before the day, not
        complete), due soon ``due_by_q``'s (open, due from the day up to ``until``)."""
        day, ratings_then, by_strand, due_soon = self.day, {}, {}, 0
        for pk, strand_id, rating, due, completed_on, has_update in rows:
            ratings_then[pk] = rating
            counts = by_strand.get(strand_id)
            if counts is None:
                counts = by_strand[strand_id] = StrandTally()
            counts.ratings[rating] += 1
            if completed_on is None:
                if due is not None:
                    counts.overdue += due < day
                    due_soon += until is not None and day <= due <= until
                counts.owing += not has_update
        self.ratings_then, self.by_strand, self.due_soon = ratings_then, by_strand, due_soon
        return self

    def tally_groups(self, groups) -> "PlanDay":
        """The same figures from the actions grouped and counted by the database
        (``actions.past_counts.counted_groups_as_of``'s groups, counted by ``tally``'s rules)."""
        ratings_then, by_strand, due_soon = {}, {}, 0
        for strand_id, rating, count, overdue, owing, due, pks in groups:
            counts = by_strand.get(strand_id)
            if counts is None:
                counts = by_strand[strand_id] = StrandTally()
            counts.ratings[rating] += count
            counts.overdue += overdue
            counts.owing += owing
            due_soon += due
            ratings_then.update(dict.fromkeys(pks, rating))
        self.ratings_then, self.by_strand, self.due_soon = ratings_then, by_strand, due_soon
        return self


def plan_on(plan: Plan, day: date, *, today: date, until: date | None = None,
            weaknesses: list[dict] | None = None) -> PlanDay:
    """The plan on ``day``, counted with the actions due up to ``until``: today's in SQL, a past day's rows by
    ``PlanDay.tally``. ``weaknesses``: the inspection's, when they were read with the meeting (as
    ``reports.selectors.meeting_for_dashboard`` reads them on PostgreSQL), else read here."""
    return _today(plan, day, until, weaknesses) if day >= today else _past(plan, day, until, weaknesses)


def _weaknesses(plan: Plan, read: list[dict] | None) -> list[WeaknessRow]:
    if read is not None:
        return [WeaknessRow(row["pk"], row["number"], row["title"]) for row in read]
    rows = SignificantWeakness.objects.filter(inspection_id=plan.inspection_id).order_by("number")
    return [WeaknessRow(*row) for row in rows.values_list("pk", "number", "title")]


def _today(plan: Plan, day: date, until: date | None, weaknesses: list[dict] | None) -> PlanDay:
    """Today's counts grouped by strand and rating in one query, with the month's updates looked up in it."""
    # The month's update of each action, if there is one (at most one: one update per action and month), joined
    # from the index of the month's updates in one pass rather than looked up action by action.
    posted = FilteredRelation("updates", condition=Q(updates__month=day.replace(day=1)))
    due_soon = Count("pk", filter=due_by_q(day, until or day))  # read only when there is a next meeting
    groups = (Action.objects.filter(plan=plan).annotate(posted=posted).order_by().values_list("strand_id", "rating")
              .annotate(n=Count("pk"), overdue=Count("pk", filter=overdue_q(day)),
                        owing=Count("pk", filter=Q(completed_on__isnull=True, posted__action_id__isnull=True)),
                        due=due_soon))
    by_strand, soon = {}, 0
    for strand_id, rating, n, overdue, owing, due in groups:
        tally = by_strand.setdefault(strand_id, StrandTally())
        tally.ratings[rating] = n
        tally.overdue += overdue
        tally.owing += owing
        soon += due
    strands, subgroups = _strand_rows(strands_today(plan))
    return PlanDay(day=day, strands=strands, weaknesses=_weaknesses(plan, weaknesses), subgroups=subgroups,
                   live=True, by_strand=by_strand, due_soon=soon)


def _strand_rows(strands: list[StrandAsOf]) -> tuple[list[StrandRow], dict[int, SubgroupRow]]:
    """The strands as rows, and the subgroups they belong to by key: the same for today and a past day."""
    rows = [StrandRow(s.pk, s.number, s.title, s.subgroup.pk if s.subgroup else None, s.weakness_ids)
            for s in strands]
    subgroups = {
        s.subgroup.pk: SubgroupRow(s.subgroup.pk, s.subgroup.name, str(s.subgroup.lead or ""))
        for s in strands if s.subgroup
    }
    return rows, subgroups


def _past(plan: Plan, day: date, until: date | None, weaknesses: list[dict] | None) -> PlanDay:
    if not plan_existed(plan, day):  # nothing then, not even the weaknesses it was to answer
        return PlanDay(day=day, strands=[], weaknesses=[], subgroups={})
    strands, subgroups = _strand_rows(strands_as_of(plan, day))
    plan_day = PlanDay(day=day, strands=strands, weaknesses=_weaknesses(plan, weaknesses), subgroups=subgroups)
    groups = counted_groups_as_of(plan, day, until)
    if groups is not None:  # PostgreSQL: counted in the query
        return plan_day.tally_groups(groups)
    return plan_day.tally(actions_counted_as_of(plan, day), until)
