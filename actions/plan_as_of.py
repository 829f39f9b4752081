"""The plan as it stood at the end of a day: the actions it had then, each with its strand, lead, due date,
completion, rating and reason then, and its strands with their counts by rating, for any day and any plan size.

Read from what was recorded, never from copies (docs/decisions/0013-time-travel.md): the rating and its reason
from the rating events (``selectors.ratings_on``), everything else from django-simple-history's records, each
object's newest record saved before the day ended in Europe/London. An action removed since is in the plan of
the days it existed, from its history. The weaknesses are the inspection's as they are now: the letter names
them, and the plan does not change them.

Callers: the plan's pages with ``?on=`` (views_past.py), and anything else that needs a past day's plan, such as
a chair's dashboard: ``plan_as_of(plan, day)``.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from inspections.models import SignificantWeakness
from inspections.periods import financial_quarter_of
from wsoa.written_sql import table

from .models import Action, Plan, Strand, Subgroup
from .overview import PlanOverview, StrandAsOf, SubgroupAsOf, overview_of, with_weakness_ids
from .past_day import Saved, end_of_day, rating_then
from .selectors import ActionFilters, ratings_on

HistoricalAction = Action.history.model
HistoricalStrand = Strand.history.model
HistoricalSubgroup = Subgroup.history.model
# The weaknesses each saved version of a strand answered (django-simple-history's record of the many-to-many).
HistoricalStrandWeakness = HistoricalStrand._meta.get_field("historicalstrand_weaknesses").related_model
REMOVED = "-"  # a history record's type when the object was deleted


@dataclass(slots=True)
class ActionAsOf:
    """An action as it stood: what a row of a table of actions shows, and its description (for the search).
    Not frozen, only because a frozen dataclass costs several times as much to make, a thousand at a time."""

    pk: int
    strand_id: int
    reference: str
    sort_key: str
    title: str
    description: str
    lead_officer_id: int | None
    lead_officer: object | None  # the person, or None (no lead, or a person since removed from the service)
    lead_name: str
    lead_organisation: str
    start_date: date | None
    due_date: date | None
    ongoing: bool
    completed_on: date | None
    rating: str
    rating_reason: str
    removed_since: bool = False  # the action is no longer in today's plan
    last_update: date | None = None  # its newest update's month by then, where a page asks (a strand's)

    @property
    def lead_display(self) -> str:
        if self.lead_officer_id:
            return str(self.lead_officer) if self.lead_officer else "a removed person"
        return self.lead_name

    def overdue_on(self, day: date) -> bool:
        """Due before ``day`` and not complete: the same rule as ``selectors.overdue_q`` for today."""
        return self.due_date is not None and self.due_date < day and self.completed_on is None


@dataclass
class PlanAsOf:
    """The plan at the end of ``day``. ``existed`` is false for a day before the plan was set up (then it has
    nothing). Counts are by rating key; an action counts for each weakness its strand answered."""

    plan: Plan
    day: date
    existed: bool
    actions: list[ActionAsOf]  # in reference order
    strands: list[StrandAsOf]  # in number order
    weaknesses: list[SignificantWeakness]
    overview: PlanOverview  # shaped as today's overview page reads it
    counts_by_strand: dict[int, dict[str, int]] = field(default_factory=dict)
    counts_by_weakness: dict[int, dict[str, int]] = field(default_factory=dict)

    def strand(self, pk: int) -> StrandAsOf | None:
        return next((strand for strand in self.strands if strand.pk == pk), None)

    def actions_in(self, strand_id: int) -> list[ActionAsOf]:
        return [action for action in self.actions if action.strand_id == strand_id]


# What a row of the past plan needs from an action's history record, in the order ``action_from`` reads them.
ACTION_AS_OF_FIELDS = (
    "id", "history_type", "history_date", "strand_id", "reference", "sort_key", "title", "description",
    "lead_officer_id", "lead_name", "lead_organisation", "start_date", "due_date", "ongoing", "completed_on",
    "rating", "rating_reason",
)
LEAD = ACTION_AS_OF_FIELDS.index("lead_officer_id")


def plan_existed(plan: Plan, day: date) -> bool:
    return plan.created_at < end_of_day(day)


def plan_as_of(plan: Plan, day: date) -> PlanAsOf:
    """The plan at the end of ``day``, from six queries whatever its size (none for a day before it existed)."""
    if not plan_existed(plan, day):
        return PlanAsOf(plan=plan, day=day, existed=False, actions=[], strands=[], weaknesses=[],
                        overview=overview_of(plan, strands=[], weaknesses=[], per_strand={}, overdue={}))
    end = end_of_day(day)
    rows = [
        row for row in newest_records(HistoricalAction, end, plan_id=plan.pk)
        .annotate(still_there=Exists(Action.objects.filter(pk=OuterRef("id"))))
        .values_list(*ACTION_AS_OF_FIELDS, "still_there")
        if row[1] != REMOVED
    ]
    events = {
        action_id: Saved(rating, reason, recorded_at)
        for action_id, rating, reason, recorded_at in
        ratings_on(plan, day).values_list("action_id", "to_rating", "reason", "recorded_at")
    }
    people = _people({row[LEAD] for row in rows})
    actions = sorted(
        (action_from(row, event=events.get(row[0]), lead=people.get(row[LEAD]), removed_since=not row[-1])
         for row in rows),
        key=lambda action: (action.sort_key, action.pk),
    )
    past = PlanAsOf(plan=plan, day=day, existed=True, actions=actions, strands=strands_as_of(plan, day),
                    weaknesses=weaknesses_of(plan), overview=None)
    return _counted(past)


def weaknesses_of(plan: Plan) -> list[SignificantWeakness]:
    return list(SignificantWeakness.objects.filter(inspection_id=plan.inspection_id).order_by("number"))


def newest_records(history_model, end: datetime, **filters) -> QuerySet:
    """Each object's newest history record saved before ``end``, one a row (PostgreSQL's DISTINCT ON). A record of
    type ``REMOVED`` means the object had been deleted by then: the caller drops those after the pick, not before,
    or the record before the deletion would be picked instead."""
    records = history_model.objects.filter(history_date__lt=end, **filters)
    return newest_of_each(records, key="id", order=("-history_date", "-history_id"), pk="history_id")


def newest_of_each(queryset: QuerySet, *, key: str, order: tuple[str, ...], pk: str = "pk") -> QuerySet:
    """The first row of each ``key`` in ``order``: PostgreSQL's DISTINCT ON; on another database (the embedded
    default's SQLite) a correlated subquery picking the same row, slower but the same answer."""
    if connection.vendor == "postgresql":
        return queryset.order_by(key, *order).distinct(key)
    first = queryset.filter(**{key: OuterRef(key)}).order_by(*order).values(pk)[:1]
    return queryset.filter(**{pk: Subquery(first)}).order_by(key)


def _people(ids: set[int | None]) -> dict[int, object]:
    ids.discard(None)
    if not ids:
        return {}
    return get_user_model().objects.only("first_name", "last_name", "email").in_bulk(ids)


def strands_as_of(plan: Plan, day: date, *, pk: int | None = None) -> list[StrandAsOf]:
    """The plan's strands at the end of ``day`` (or only the one ``pk``), in number order, each with its subgroup
    and that subgroup's lead then, and the weaknesses its record then says it answered. On PostgreSQL one query
    written as SQL (``_strands_then``: building the ORM's two took longer than answering them); elsewhere (the
    embedded default's SQLite) the ORM's two, the same answer."""
    if connection.vendor == "postgresql":
        return _strands_then(plan, day, pk=pk)
    end = end_of_day(day)
    subgroups = {
        record.id: SubgroupAsOf(record.id, record.name, record.lead)
        for record in newest_records(HistoricalSubgroup, end, plan_id=plan.pk).select_related("lead")
        .only("id", "history_type", "name", "lead__first_name", "lead__last_name", "lead__email")
        if record.history_type != REMOVED
    }
    records = newest_records(HistoricalStrand, end, plan_id=plan.pk, **({} if pk is None else {"id": pk}))
    rows = with_weakness_ids(records, HistoricalStrandWeakness.objects.all(), owner="history_id", key="history_id",
                             fields=("id", "history_id", "history_type", "number", "title", "subgroup_id"))
    strands = [
        StrandAsOf(pk=row["id"], number=row["number"], title=row["title"],
                   subgroup=subgroups.get(row["subgroup_id"]), weakness_ids=tuple(row["weakness_ids"]))
        for row in rows if row["history_type"] != REMOVED
    ]
    return sorted(strands, key=lambda strand: (strand.number, strand.pk))


@cache
def _strands_then_sql(*, one: bool) -> str:
    """Each strand's and each subgroup's newest record before the end of the day (DISTINCT ON), the strands not
    removed by then joined with their subgroups not removed by then, the subgroups' leads, and the weaknesses each
    strand's record answered as an array."""
    def newest(model, columns: str, also: str = "") -> str:
        return (f"SELECT DISTINCT ON (id) {columns} FROM {table(model)} WHERE history_date < %s AND plan_id = %s"  # noqa: S608
                f"{also} ORDER BY id, history_date DESC, history_id DESC")
    subgroups = newest(HistoricalSubgroup, "id, history_type, name, lead_id")
    strands = newest(HistoricalStrand, "id, history_id, history_type, number, title, subgroup_id",
                     " AND id = %s" if one else "")
    return (
        f"WITH subgroup AS ({subgroups}), strand AS ({strands})"  # noqa: S608 (names only; values are parameters)
        " SELECT strand.id, strand.number, strand.title, subgroup.id, subgroup.name, lead.id, lead.first_name,"
        " lead.last_name, lead.email, ARRAY(SELECT pair.significantweakness_id"
        f" FROM {table(HistoricalStrandWeakness)} AS pair WHERE pair.history_id = strand.history_id ORDER BY pair.id)"
        " FROM strand LEFT JOIN subgroup ON subgroup.id = strand.subgroup_id AND subgroup.history_type <> %s"
        f" LEFT JOIN {table(get_user_model())} AS lead ON lead.id = subgroup.lead_id"
        " WHERE strand.history_type <> %s ORDER BY strand.number, strand.id"
    )


def _strands_then(plan: Plan, day: date, *, pk: int | None) -> list[StrandAsOf]:
    end, person = end_of_day(day), get_user_model()
    params = (end, plan.pk, end, plan.pk, *([] if pk is None else [pk]), REMOVED, REMOVED)
    with connection.cursor() as cursor:
        cursor.execute(_strands_then_sql(one=pk is not None), params)
        rows = cursor.fetchall()
    strands = []
    for strand_id, number, title, subgroup_id, name, lead_id, first, last, email, weakness_ids in rows:
        subgroup = None
        if subgroup_id is not None:
            lead = person(pk=lead_id, first_name=first, last_name=last, email=email) if lead_id else None
            subgroup = SubgroupAsOf(subgroup_id, name, lead)
        strands.append(StrandAsOf(strand_id, number, title, subgroup, tuple(weakness_ids)))
    return strands


def action_from(row: tuple, *, event: Saved | None, lead, removed_since: bool = False) -> ActionAsOf:
    """The action from its history record then (``row``: the values of ACTION_AS_OF_FIELDS, as a tuple, since a
    past plan reads a thousand of them) and its newest rating event by then."""
    (pk, _, saved_at, strand_id, reference, sort_key, title, description, lead_officer_id, lead_name,
     lead_organisation, start_date, due_date, ongoing, completed_on, rating, reason) = row[:len(ACTION_AS_OF_FIELDS)]
    rating, reason = rating_then(history=Saved(rating, reason, saved_at), event=event)
    return ActionAsOf(
        pk, strand_id, reference, sort_key, title, description, lead_officer_id, lead, lead_name, lead_organisation,
        start_date, due_date, ongoing, completed_on, rating, reason, removed_since,
    )


def _counted(past: PlanAsOf) -> PlanAsOf:
    """The counts by rating for each strand and weakness, and the overview page's shape of them."""
    per_strand: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue: dict[int, int] = defaultdict(int)
    for action in past.actions:
        per_strand[action.strand_id][action.rating] += 1
        overdue[action.strand_id] += action.overdue_on(past.day)
    per_weakness: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for strand in past.strands:
        for weakness_id in strand.weakness_ids:
            for key, count in per_strand[strand.pk].items():
                per_weakness[weakness_id][key] += count
    past.counts_by_strand = {pk: dict(counts) for pk, counts in per_strand.items()}
    past.counts_by_weakness = {pk: dict(counts) for pk, counts in per_weakness.items()}
    past.overview = overview_of(past.plan, strands=past.strands, weaknesses=past.weaknesses,
                                per_strand=past.counts_by_strand, overdue=dict(overdue))
    return past


def actions_matching(past: PlanAsOf, filters: ActionFilters) -> list[ActionAsOf]:
    """The past plan's actions that the action list's filters let through, as ``selectors.action_list`` reads
    them today: overdue and "due this quarter" are as of the past day, and each search word must be in the
    reference, title or description, whatever its case."""
    first, last, _ = financial_quarter_of(past.day)
    words = [word.casefold() for word in filters.search.split()]

    def matches(action: ActionAsOf) -> bool:
        text = f"{action.reference}\n{action.title}\n{action.description}".casefold()
        return (
            (not filters.strand or action.strand_id == filters.strand)
            and (not filters.lead or action.lead_officer_id == filters.lead)
            and (not filters.rating or action.rating == filters.rating)
            and (not filters.overdue or action.overdue_on(past.day))
            and (not filters.due_this_quarter or (action.due_date is not None and first <= action.due_date <= last))
            and all(word in text for word in words)
        )

    return [action for action in past.actions if matches(action)]


def leads_then(past: PlanAsOf) -> list[tuple[int, str]]:
    """People who led at least one of the past plan's actions, as (id, name) pairs for the lead filter."""
    leads = {action.lead_officer_id: action.lead_officer for action in past.actions if action.lead_officer}
    ordered = sorted(leads.values(), key=lambda person: (person.first_name, person.last_name, person.pk))
    return [(person.pk, str(person)) for person in ordered]
