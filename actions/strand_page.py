"""What a strand's page reads: the strand with its plan and measures, its weaknesses, its actions, and the plan of a
strand (today's or one removed since) for its page on a past day."""
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Prefetch, Subquery

from inspections.models import SignificantWeakness
from wsoa.models import User

from .models import Action, ImpactMeasure, MeasureReading, Plan, ProgressUpdate, Strand
from .selectors import in_visible_plans, plans_visible_to


def strand_for_page(pk: int, *, user) -> Strand:
    """A strand with its plan, subgroup lead and measures (with their readings). Its weaknesses and actions are
    ``strand_weaknesses`` and ``strand_actions``: read directly, as a prefetch costs more to set up than they do."""
    measures = ImpactMeasure.objects.prefetch_related(
        Prefetch("readings", queryset=MeasureReading.objects.order_by("period"))
    )
    return (
        in_visible_plans(Strand.objects, user).select_related("plan__inspection__area", "subgroup__lead")
        .prefetch_related(Prefetch("impact_measures", measures))
        .get(pk=pk)
    )


@dataclass(slots=True)
class StrandAction:
    """An action as a row of the strand's table shows it, with its last update's month: fifty plain rows cost a
    fraction of fifty actions made as model instances, each with its lead."""

    pk: int
    reference: str
    title: str
    lead_officer_id: int | None
    lead_display: str  # the lead's name, or the lead named in words when no one in the service leads it
    due_date: date | None
    ongoing: bool
    completed_on: date | None
    rating: str
    rating_reason: str
    last_update: date | None


def strand_actions(strand: Strand) -> list[StrandAction]:
    """The strand's actions in reference order, each with its lead and last update month."""
    # The newest month from the (action, month) index, rather than grouping every update of the strand.
    last_update = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-month").values("month")[:1]
    rows = (
        Action.objects.filter(strand_id=strand.pk).annotate(last_update=Subquery(last_update))
        .order_by("sort_key", "pk")
        .values_list("pk", "reference", "title", "lead_officer_id", "lead_name", "due_date", "ongoing",
                     "completed_on", "rating", "rating_reason", "last_update",
                     "lead_officer__first_name", "lead_officer__last_name", "lead_officer__email")
    )
    return [
        StrandAction(pk, reference, title, lead_id,
                     User.name_of(first_name=first, last_name=last, email=email) if lead_id else lead_name,
                     due_date, ongoing, completed_on, rating, reason, month)
        for (pk, reference, title, lead_id, lead_name, due_date, ongoing, completed_on, rating, reason, month,
             first, last, email) in rows
    ]


def strand_weaknesses(strand: Strand) -> list[SignificantWeakness]:
    return list(SignificantWeakness.objects.filter(strands=strand.pk))


def plan_of_strand(strand_pk: int, *, user) -> Plan:
    """The plan of a strand, today's or one removed since (from its history records, which keep its plan), as
    ``selectors.plan_for_page`` reads it: one query."""
    records = Strand.history.filter(id=strand_pk).order_by().values("plan_id")[:1]
    return plans_visible_to(user).select_related("inspection__area").get(pk=Subquery(records))
