"""Reads about the action plan for its pages, each with the joins the page needs so query counts stay flat."""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from inspections.dates import long_date
from inspections.models import Inspection, SignificantWeakness
from inspections.periods import financial_quarter_of
from wsoa.roles import area_ids_where, visible_area_ids

from .models import (
    Action,
    ImpactMeasure,
    MeasureReading,
    Plan,
    ProgressUpdate,
    RatingEvent,
    Strand,
    Subgroup,
)
from .past_day import end_of_day
from .ratings import Legend, LegendEntry, legend_entry, short_label

# --- ratings as pages show them -----------------------------------------------------------------------


@dataclass(frozen=True)
class RatingCount:
    entry: LegendEntry
    count: int

    @property
    def short_label(self) -> str:
        return short_label(self.entry)


def counts_in_legend_order(counts: dict[str, int], legend: Legend, *, also: Iterable[str] = ()) -> list[RatingCount]:
    """Counts in legend order, then any rating the legend no longer has (``also``: such ratings to list anyway,
    so that every row of a table has the same columns)."""
    ordered = [RatingCount(entry, counts.get(entry.key, 0)) for entry in legend]
    known = {entry.key for entry in legend}
    extra = sorted((set(counts) | set(also)) - known)
    return ordered + [RatingCount(legend_entry(key, legend), counts.get(key, 0)) for key in extra]


# --- dates -------------------------------------------------------------------------------------------


def overdue_q(today: date) -> Q:
    return Q(due_date__lt=today, completed_on__isnull=True)


def due_by_q(today: date, last_day: date) -> Q:
    """Open, not overdue yet, and due on or before ``last_day``: what falls due before a board's next meeting."""
    return Q(due_date__gte=today, due_date__lte=last_day, completed_on__isnull=True)


# --- plans -------------------------------------------------------------------------------------------


# What a row of a table of actions shows (actions/templatetags/action_tags.py: action_rows): the long text
# fields (description, success criteria, evidence) stay in the database.
ACTION_ROW_FIELDS = (
    "pk", "plan_id", "strand_id", "reference", "sort_key", "title", "lead_name", "due_date", "ongoing",
    "completed_on", "rating", "rating_reason", "lead_officer__first_name", "lead_officer__last_name",
    "lead_officer__email",
)


def plans_visible_to(user) -> QuerySet[Plan]:
    """Every read of a plan starts here: another area's plan is simply not found."""
    return Plan.objects.filter(inspection__area_id__in=visible_area_ids(user))


def in_visible_plans(queryset: QuerySet, user) -> QuerySet:
    """The objects (anything with a plan) in the plans of the person's areas."""
    return queryset.filter(plan__inspection__area_id__in=visible_area_ids(user))


def plans_for_index(user) -> list[Plan]:
    return list(plans_visible_to(user).select_related("inspection__area").order_by("-inspection__starts_on", "pk"))


def inspections_needing_a_plan(user) -> QuerySet[Inspection]:
    """Inspections whose outcome requires a plan and that have none yet, in the areas the person may plan."""
    return (
        Inspection.objects.filter(
            outcome__in=[Inspection.Outcome.WSOA_REQUIRED, Inspection.Outcome.OUTCOME_3], plan__isnull=True,
            area_id__in=area_ids_where(user, "actions.add_plan"),
        )
        .select_related("area")
        .order_by("-starts_on")
    )


def plan_for_page(pk: int, *, user) -> Plan:
    return plans_visible_to(user).select_related("inspection__area").get(pk=pk)


def inspection_for_plan_setup(pk: int, *, user) -> Inspection:
    """An inspection in one of the person's areas, with its plan if it has one."""
    return Inspection.objects.filter(area_id__in=visible_area_ids(user)).select_related("area", "plan").get(pk=pk)


def people_in_area(area_id: int) -> dict[int, tuple]:
    """Everyone active with a role in the area, id → (person, how they are named), for a subgroup's lead and
    members (one query, however many rows the page has)."""
    people = (
        get_user_model().objects.filter(is_active=True, memberships__area_id=area_id).distinct()
        .order_by("first_name", "last_name", "email")
    )
    return {person.pk: (person, f"{person} ({person.email})") for person in people}


def plan_subgroups(plan: Plan) -> list[Subgroup]:
    return list(Subgroup.objects.filter(plan=plan).select_related("lead").prefetch_related("members").order_by("name"))


def plan_strands(plan: Plan) -> list[Strand]:
    return list(
        Strand.objects.filter(plan=plan).select_related("subgroup").prefetch_related("weaknesses").order_by("number")
    )


# --- strands -----------------------------------------------------------------------------------------


def strand_for_change(pk: int, *, user) -> Strand:
    return (
        in_visible_plans(Strand.objects, user).select_related("plan__inspection", "subgroup")
        .prefetch_related("weaknesses").get(pk=pk)
    )


def rating_counts_of(actions: Iterable[Action], legend: Legend) -> list[RatingCount]:
    """Counts of the actions by rating, in legend order."""
    counts: dict[str, int] = defaultdict(int)
    for action in actions:
        counts[action.rating] += 1
    return counts_in_legend_order(counts, legend)


# --- actions -----------------------------------------------------------------------------------------


def update_for_month(action: Action, month: date) -> ProgressUpdate | None:
    """The action's saved update for the month, with its author and reviser, or None."""
    return ProgressUpdate.objects.select_related("author", "revised_by").filter(action=action, month=month).first()


def action_for_change(pk: int, *, user) -> Action:
    """An action with its plan, strand and its subgroup (whose lead may change the action) and lead: for its
    page (whose updates and evidence ``action_page`` reads) and the pages that change it."""
    return (
        in_visible_plans(Action.objects, user)
        .select_related("plan__inspection__area", "strand__subgroup", "lead_officer").get(pk=pk)
    )


@dataclass(frozen=True)
class ActionFilters:
    strand: int | None = None
    lead: int | None = None
    rating: str = ""
    overdue: bool = False
    due_this_quarter: bool = False
    search: str = ""
    # Narrower filters that a board's dashboard links to (the list keeps them as hidden fields and says them):
    # the weakness a strand answers, the strands' subgroup, open and due by a day, the rating moved or the
    # action added after a day (up to the list's day), open with no update for the list's month yet.
    weakness: int | None = None
    subgroup: int | None = None
    due_by: date | None = None
    changed_since: date | None = None
    added_since: date | None = None
    update_missing: bool = False

    @classmethod
    def chosen(cls, cleaned: dict) -> "ActionFilters":
        """The filters from the filter form's cleaned data (empty for a form not sent or not valid)."""
        return cls(
            strand=cleaned.get("strand"), lead=cleaned.get("lead"), rating=cleaned.get("rating", ""),
            overdue=cleaned.get("overdue", False), due_this_quarter=cleaned.get("due_this_quarter", False),
            search=cleaned.get("q", ""),
            **{name: cleaned.get(name) or NARROWING[name] for name in NARROWING},
        )


# The narrower filters and their value when not chosen.
NARROWING = {"weakness": None, "subgroup": None, "due_by": None, "changed_since": None, "added_since": None,
             "update_missing": False}


def action_list(plan: Plan, filters: ActionFilters = ActionFilters(), *, today: date | None = None) -> QuerySet[Action]:
    """The plan's actions matching the filters, in reference order, with what each row shows."""
    today = today or timezone.localdate()
    actions = Action.objects.filter(plan=plan).select_related("lead_officer").only(*ACTION_ROW_FIELDS)
    return _narrowed(actions_filtered(actions, filters, today=today), filters, today=today).order_by("sort_key", "pk")


def actions_filtered(actions: QuerySet, filters: ActionFilters, *, today: date, rating: str = "rating") -> QuerySet:
    """The actions (today's, or their history records on a past day: ``plan_parts_as_of``) that the action list's
    filters let through, overdue and "due this quarter" as of ``today``; ``rating`` names the rating to match."""
    if filters.strand:
        actions = actions.filter(strand_id=filters.strand)
    if filters.lead:
        actions = actions.filter(lead_officer_id=filters.lead)
    if filters.rating:
        actions = actions.filter(**{rating: filters.rating})
    if filters.overdue:
        actions = actions.filter(overdue_q(today))
    if filters.due_this_quarter:
        start, end, _ = financial_quarter_of(today)
        actions = actions.filter(due_date__range=(start, end))
    for word in filters.search.split():
        actions = actions.filter(
            Q(reference__icontains=word) | Q(title__icontains=word) | Q(description__icontains=word)
        )
    return actions


def _narrowed(actions: QuerySet[Action], filters: ActionFilters, *, today: date) -> QuerySet[Action]:
    """The narrower filters today (a past day's list applies the same rules in ``past_filters``)."""
    if filters.weakness:
        actions = actions.filter(strand__weaknesses=filters.weakness)
    if filters.subgroup:
        actions = actions.filter(strand__subgroup_id=filters.subgroup)
    if filters.due_by:
        actions = actions.filter(due_by_q(today, filters.due_by))
    if filters.changed_since:
        moved = RatingEvent.objects.filter(
            action=OuterRef("pk"), effective_on__gt=filters.changed_since, effective_on__lte=today
        ).exclude(from_rating="")
        actions = actions.filter(Exists(moved))
    if filters.added_since:
        added = Action.history.filter(id=OuterRef("pk"), history_type="+",
                                      history_date__gte=end_of_day(filters.added_since))
        actions = actions.filter(Exists(added))
    if filters.update_missing:
        posted = ProgressUpdate.objects.filter(action=OuterRef("pk"), month=today.replace(day=1))
        actions = actions.filter(completed_on__isnull=True).exclude(Exists(posted))
    return actions


def narrowing_in_words(plan: Plan, filters: ActionFilters, *, today: date) -> list[str]:
    """What the narrower filters let through, in words, for the list to say above its rows (a query only for a
    weakness or subgroup chosen, for its name)."""
    words = []
    if filters.weakness:
        weakness = SignificantWeakness.objects.filter(inspection_id=plan.inspection_id, pk=filters.weakness).first()
        words.append(f"answering weakness {weakness.number}: {weakness.title}" if weakness else "answering no weakness")
    if filters.subgroup:
        name = Subgroup.objects.filter(plan=plan, pk=filters.subgroup).values_list("name", flat=True).first()
        words.append(f"in the strands of the {name}" if name else "in no subgroup of this plan")
    if filters.due_by:
        words.append(f"open and due from {long_date(today)} to {long_date(filters.due_by)}")
    if filters.changed_since:
        words.append(f"whose rating changed after {long_date(filters.changed_since)}")
    if filters.added_since:
        words.append(f"added after {long_date(filters.added_since)}")
    if filters.update_missing:
        words.append(f"open, with no update for {today:%B %Y} yet")
    return words


def strand_choices(plan: Plan) -> list[tuple[int, str]]:
    """The plan's strands as (id, "1. Title") pairs, for the strand filter."""
    rows = Strand.objects.filter(plan=plan).order_by("number").values_list("pk", "number", "title")
    return [(pk, f"{number}. {title}") for pk, number, title in rows]


def action_leads(plan: Plan) -> list[tuple[int, str]]:
    """People who lead at least one of the plan's actions, as (id, name) pairs for the lead filter."""
    leads_an_action = Action.objects.filter(plan=plan, lead_officer=OuterRef("pk"))
    rows = (
        get_user_model().objects.filter(Exists(leads_an_action)).order_by("first_name", "last_name")
        .values_list("pk", "first_name", "last_name", "email")
    )
    return [(pk, f"{first} {last}".strip() or email) for pk, first, last, email in rows]


def my_actions(user, month: date) -> QuerySet[Action]:
    """The actions this person leads, across their areas' plans, with their strand, each marked with whether this
    month's update is in."""
    posted = ProgressUpdate.objects.filter(action=OuterRef("pk"), month=month)
    return (
        in_visible_plans(Action.objects, user).filter(lead_officer=user)
        .select_related("strand")
        .annotate(updated_this_month=Exists(posted))
        .order_by("plan_id", "sort_key", "pk")
    )


def actions_needing_update(user, month: date) -> QuerySet[Action]:
    """The person's open actions with no update for ``month`` (the first of the month) yet."""
    return my_actions(user, month).filter(completed_on__isnull=True, updated_this_month=False)


@dataclass
class MyActionsByState:
    needing_update: list[Action]  # open, with no update for the month yet (as actions_needing_update)
    up_to_date: list[Action]  # open, with the month's update in
    completed: list[Action]


def my_actions_by_state(user, month: date) -> MyActionsByState:
    """The actions this person leads, split by what ``month`` still asks of them, from two queries: the actions,
    and their plans with their areas.

    The actions of one plan share one Plan instance, so the page reads each plan's legend once, not once a row.
    """
    actions = list(my_actions(user, month))
    plans = plans_visible_to(user).select_related("inspection__area").in_bulk({action.plan_id for action in actions})
    for action in actions:
        action.plan = plans[action.plan_id]
    open_actions = [action for action in actions if action.completed_on is None]
    return MyActionsByState(
        needing_update=[action for action in open_actions if not action.updated_this_month],
        up_to_date=[action for action in open_actions if action.updated_this_month],
        completed=[action for action in actions if action.completed_on is not None],
    )


# --- the monthly update cycle -------------------------------------------------------------------------


def plan_actions_needing_update(plan: Plan, month: date) -> QuerySet[Action]:
    """The plan's open actions with no update for ``month`` yet, with their lead and their subgroup's lead."""
    posted = ProgressUpdate.objects.filter(action=OuterRef("pk"), month=month)
    return (
        Action.objects.filter(plan=plan, completed_on__isnull=True)
        .exclude(Exists(posted))
        .select_related("lead_officer", "strand__subgroup__lead")
        .order_by("sort_key", "pk")
    )


# --- subgroups ------------------------------------------------------------------------------------------


def subgroups_led_by(user, month: date) -> list[Subgroup]:
    """The subgroups the person leads, in their areas' plans, each with ``owed``: how many of its strands' open
    actions have no update for ``month`` yet. One query."""
    posted = ProgressUpdate.objects.filter(action=OuterRef("pk"), month=month)
    owing = (
        Action.objects.filter(strand__subgroup=OuterRef("pk"), completed_on__isnull=True).exclude(Exists(posted))
        .order_by().values("strand__subgroup").annotate(n=Count("pk")).values("n")
    )
    return list(
        in_visible_plans(Subgroup.objects, user).filter(lead=user).select_related("plan__inspection__area")
        .annotate(owed=Coalesce(Subquery(owing), 0)).order_by("plan_id", "name")
    )


def subgroup_page(pk: int, *, user) -> Subgroup:
    """A subgroup with its plan, lead and strands in number order, each strand with its actions."""
    actions = Action.objects.only("pk", "strand_id", "rating").order_by()
    strands = Strand.objects.order_by("number").prefetch_related(Prefetch("actions", queryset=actions))
    return (
        in_visible_plans(Subgroup.objects, user).select_related("plan__inspection__area", "lead")
        .prefetch_related(Prefetch("strands", queryset=strands)).get(pk=pk)
    )


@dataclass
class UpdatesOwed:
    """The month's updates one person (or a lead written as a name, or nobody) still owes in a subgroup."""

    lead: object | None  # the lead officer, when the actions have one
    name: str
    actions: list[Action] = field(default_factory=list)
    reminded: object | None = None  # the reminder a subgroup lead sent them today, where the page looks it up


def updates_owed_in(subgroup: Subgroup, month: date) -> list[UpdatesOwed]:
    """Who still owes ``month``'s update in the subgroup's strands, with the actions, people by name. One query."""
    owed: dict[object, UpdatesOwed] = {}
    for action in plan_actions_needing_update(subgroup.plan, month).filter(strand__subgroup=subgroup):
        if action.lead_officer_id:
            key, lead, name = action.lead_officer_id, action.lead_officer, str(action.lead_officer)
        else:
            key, lead, name = ("name", action.lead_name), None, action.lead_name or "No lead named"
        owed.setdefault(key, UpdatesOwed(lead=lead, name=name)).actions.append(action)
    return sorted(owed.values(), key=lambda item: (item.lead is None, item.name.casefold()))


# --- rating events: the plan's ratings on any day, and what changed between two days -------------------


def ratings_on(plan: Plan, day: date) -> QuerySet[RatingEvent]:
    """The rating of every action of the plan at the end of ``day``: each action's newest event up to then.

    One query whatever the plan's size (the newest event per action, picked by a window over the index on
    plan, action and effective day). Actions added after ``day`` are not in it; ``to_rating`` is the rating.
    """
    newest_first = [F("effective_on").desc(), F("id").desc()]
    return (
        RatingEvent.objects.filter(plan=plan, effective_on__lte=day)
        .annotate(newest=Window(RowNumber(), partition_by=[F("action_id")], order_by=newest_first))
        .filter(newest=1)
        .order_by("action_id")
    )


def rating_changes_between(plan: Plan, after: date, until: date) -> QuerySet[RatingEvent]:
    """Every rating change of the plan effective after ``after`` and up to the end of ``until``, oldest first,
    with its action, who made it and the update it came from: one query."""
    return (
        RatingEvent.objects.filter(plan=plan, effective_on__gt=after, effective_on__lte=until)
        .select_related("action", "by", "update")
        # What a list of changes shows: the action's reference and title, the update's month; not long texts.
        .defer(*(f"action__{name}" for name in ("description", "success_criteria", "partners", "evidence_links")),
               "update__narrative", "update__evidence", "by__password")
        .order_by("effective_on", "id")
    )


# --- impact measures ---------------------------------------------------------------------------------


def _readings_oldest_first() -> Prefetch:
    return Prefetch("readings", queryset=MeasureReading.objects.order_by("period"))


def _measures_with_readings() -> QuerySet[ImpactMeasure]:
    return ImpactMeasure.objects.select_related("strand__subgroup", "weakness").prefetch_related(
        _readings_oldest_first()
    )


def measure_page(pk: int, *, user) -> ImpactMeasure:
    """A measure with its plan (and area), its strand and the strand's subgroup, its weakness and its readings,
    oldest first: everything its page and its readings table show, in three queries."""
    return (
        in_visible_plans(_measures_with_readings(), user).select_related("plan__inspection__area").get(pk=pk)
    )


def plan_measures(plan: Plan) -> list[ImpactMeasure]:
    """The plan's measures, by strand number (a weakness's own measures last), with their strands and readings:
    what the overview and a board's dashboard show of each."""
    measures = list(
        ImpactMeasure.objects.filter(plan=plan).select_related("strand").prefetch_related(_readings_oldest_first())
        .order_by(F("strand__number").asc(nulls_last=True), "name")
    )
    for measure in measures:
        measure.plan = plan
    return measures


def strands_whose_measures_change(user, plan: Plan, *, can) -> list[Strand]:
    """The plan's strands whose measures this person may change (``can``: the permission rule for a strand)."""
    strands = list(Strand.objects.filter(plan=plan).select_related("subgroup").order_by("number"))
    for strand in strands:
        strand.plan = plan
    return [strand for strand in strands if can(user, strand, plan)]
