"""A past day's strands for a page that shows only their numbers, titles, subgroups and weaknesses (a board's
dashboard): the same answer as ``plan_as_of.strands_as_of``, in one query rather than two, as plain rows.

Each strand's newest record by the end of the day is picked as ``strands_as_of`` picks it; its subgroup's newest
record by then (with that record's lead) comes with it, as a JSON object from a correlated subquery, rather than
every subgroup record of the plan read as a model in a query of its own.
"""
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject

from .models import Plan
from .overview import StrandAsOf, SubgroupAsOf, with_weakness_ids
from .past_day import end_of_day
from .plan_as_of import REMOVED, HistoricalStrand, HistoricalStrandWeakness, HistoricalSubgroup, newest_records

_SUBGROUP = JSONObject(name="name", history_type="history_type", lead_id="lead__id", first_name="lead__first_name",
                       last_name="lead__last_name", email="lead__email")


def _subgroup(then: dict | None, pk: int | None) -> SubgroupAsOf | None:
    if pk is None or then is None or then["history_type"] == REMOVED:
        return None
    lead = None
    if then["lead_id"] is not None:
        lead = get_user_model()(pk=then["lead_id"], first_name=then["first_name"], last_name=then["last_name"],
                                email=then["email"])
    return SubgroupAsOf(pk, then["name"], lead)


def strands_then(plan: Plan, day: date) -> list[StrandAsOf]:
    """The plan's strands at the end of ``day``, in number order, each with its subgroup and that subgroup's lead
    then, and the weaknesses its record then says it answered: one query (two on SQLite)."""
    end = end_of_day(day)
    subgroup = (HistoricalSubgroup.objects.filter(plan_id=plan.pk, id=OuterRef("subgroup_id"), history_date__lt=end)
                .order_by("-history_date", "-history_id").values_list(_SUBGROUP)[:1])
    records = newest_records(HistoricalStrand, end, plan_id=plan.pk).annotate(subgroup_then=Subquery(subgroup))
    rows = with_weakness_ids(records, HistoricalStrandWeakness.objects.all(), owner="history_id", key="history_id",
                             fields=("id", "history_id", "history_type", "number", "title", "subgroup_id",
                                     "subgroup_then"))
    strands = [
        StrandAsOf(pk=row["id"], number=row["number"], title=row["title"],
                   subgroup=_subgroup(row["subgroup_then"], row["subgroup_id"]),
                   weakness_ids=tuple(row["weakness_ids"]))
        for row in rows if row["history_type"] != REMOVED
    ]
    return sorted(strands, key=lambda strand: (strand.number, strand.pk))
