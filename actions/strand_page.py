"""What a strand's page reads: the strand with its plan and measures, its weaknesses, its actions, and the plan of a
strand (today's or one removed since) for its page on a past day."""
from django.db.models import OuterRef, Prefetch, Subquery

from inspections.models import SignificantWeakness

from .models import Action, ImpactMeasure, MeasureReading, Plan, ProgressUpdate, Strand
from .selectors import ACTION_ROW_FIELDS, in_visible_plans, plans_visible_to


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


def strand_actions(strand: Strand) -> list[Action]:
    """The strand's actions in reference order, each with its lead and last update month."""
    # The newest month from the (action, month) index, rather than grouping every update of the strand.
    last_update = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-month").values("month")[:1]
    return list(
        Action.objects.filter(strand_id=strand.pk).select_related("lead_officer").only(*ACTION_ROW_FIELDS)
        .annotate(last_update=Subquery(last_update)).order_by("sort_key", "pk")
    )


def strand_weaknesses(strand: Strand) -> list[SignificantWeakness]:
    return list(SignificantWeakness.objects.filter(strands=strand.pk))


def plan_of_strand(strand_pk: int, *, user) -> Plan:
    """The plan of a strand, today's or one removed since (from its history records, which keep its plan), as
    ``selectors.plan_for_page`` reads it: one query."""
    records = Strand.history.filter(id=strand_pk).order_by().values("plan_id")[:1]
    return plans_visible_to(user).select_related("inspection__area").get(pk=Subquery(records))
