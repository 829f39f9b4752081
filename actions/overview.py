"""The plan's overview: its strands under each weakness they answer, with their counts by rating, today or on a
past day (``plan_as_of`` gives a past day's strands and counts, in the same shapes).

Today's overview is three queries, whatever the plan's size: the strands as rows (each with its subgroup, that
subgroup's lead and the weaknesses it answers; written as SQL), the inspection's weaknesses, and one aggregate of
the actions by strand and rating. Rows, not model instances: the page shows a few fields of each, on every visit
of the plan.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, OuterRef, QuerySet
from django.utils import timezone

from inspections.models import SignificantWeakness
from wsoa.written_sql import table

from .models import Action, Plan, Strand, Subgroup
from .selectors import RatingCount, counts_in_legend_order, overdue_q


@dataclass(frozen=True)
class SubgroupAsOf:
    pk: int
    name: str
    lead: object | None  # the person who led it then, or None

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class StrandAsOf:
    """A strand as it stood on a day (today's, or a past day's from its history record)."""

    pk: int
    number: int
    title: str
    subgroup: SubgroupAsOf | None
    weakness_ids: tuple[int, ...] = ()

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass
class StrandSummary:
    strand: StrandAsOf
    counts: list[RatingCount]
    total: int
    overdue: int


@dataclass
class WeaknessGroup:
    weakness: SignificantWeakness | None
    strands: list[StrandSummary] = field(default_factory=list)


@dataclass
class PlanOverview:
    plan: Plan
    groups: list[WeaknessGroup]
    totals: list[RatingCount]
    total: int
    overdue: int


def with_weakness_ids(records: QuerySet, pairs: QuerySet, *, owner: str, key: str, fields: tuple[str, ...]) -> list:
    """``records`` as rows of ``fields``, each with ``weakness_ids``: the weaknesses of its pairs (``pairs``: a
    strand's links to weaknesses, now or in a history record; ``owner``: the pair's column naming the record whose
    ``key`` it holds). Gathered into an array by PostgreSQL; on another database (the embedded default's SQLite)
    by one more query."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        answered = pairs.filter(**{owner: OuterRef(key)}).order_by("id").values("significantweakness_id")
        return list(records.annotate(weakness_ids=ArraySubquery(answered)).values(*fields, "weakness_ids"))
    rows = list(records.values(*fields))
    weaknesses: dict[int, list[int]] = defaultdict(list)
    linked = pairs.filter(**{f"{owner}__in": [row[key] for row in rows]}).order_by("id")
    for owner_key, weakness_id in linked.values_list(owner, "significantweakness_id"):
        weaknesses[owner_key].append(weakness_id)
    return [{**row, "weakness_ids": weaknesses[row[key]]} for row in rows]


@cache
def _strands_sql() -> str:
    """Today's strands, each joined with its subgroup, the subgroup's lead and a row for each weakness it answers,
    written once (building it through the ORM took longer than the database takes to answer it)."""
    return (
        "SELECT strand.id, strand.number, strand.title, strand.subgroup_id, subgroup.name, subgroup.lead_id,"  # noqa: S608 (table names only; the plan is a parameter)
        " lead.first_name, lead.last_name, lead.email, answered.significantweakness_id"
        f" FROM {table(Strand)} AS strand LEFT JOIN {table(Subgroup)} AS subgroup ON subgroup.id = strand.subgroup_id"
        f" LEFT JOIN {table(get_user_model())} AS lead ON lead.id = subgroup.lead_id"
        f" LEFT JOIN {table(Strand.weaknesses.through)} AS answered ON answered.strand_id = strand.id"
        " WHERE strand.plan_id = %s ORDER BY strand.number, strand.id, answered.id"
    )


def strands_today(plan: Plan) -> list[StrandAsOf]:
    """The plan's strands in number order, with their subgroups, the subgroups' leads and the weaknesses each
    answers (in the order they were linked): one query, a row for each strand and weakness it answers."""
    person = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute(_strands_sql(), (plan.pk,))
        rows = cursor.fetchall()
    found: dict[int, tuple] = {}
    weaknesses: dict[int, list[int]] = defaultdict(list)
    for pk, number, title, subgroup_id, name, lead_id, first, last, email, weakness_id in rows:
        if pk not in found:
            lead = person(pk=lead_id, first_name=first, last_name=last, email=email) if lead_id else None
            found[pk] = (number, title, SubgroupAsOf(subgroup_id, name, lead) if subgroup_id else None)
        if weakness_id is not None:
            weaknesses[pk].append(weakness_id)
    return [StrandAsOf(pk, number, title, subgroup, tuple(weaknesses[pk]))
            for pk, (number, title, subgroup) in found.items()]


def plan_overview(plan: Plan, *, today: date | None = None) -> PlanOverview:
    """Today's overview: the strands under each weakness they answer (and those answering none), with their
    counts by rating from one aggregate query over the whole plan."""
    today = today or timezone.localdate()
    strands = strands_today(plan)
    weaknesses = list(SignificantWeakness.objects.filter(inspection_id=plan.inspection_id).order_by("number"))
    per_strand: dict[int, dict[str, int]] = defaultdict(dict)
    overdue: dict[int, int] = defaultdict(int)
    rows = (
        Action.objects.filter(plan=plan).values("strand_id", "rating")
        .annotate(n=Count("id"), overdue=Count("id", filter=overdue_q(today))).order_by()
    )
    for strand_id, rating, n, late in rows.values_list("strand_id", "rating", "n", "overdue"):
        per_strand[strand_id][rating] = n
        overdue[strand_id] += late
    return overview_of(plan, strands=strands, weaknesses=weaknesses, per_strand=per_strand, overdue=overdue)


def overview_of(
    plan: Plan, *, strands: list[StrandAsOf], weaknesses: list[SignificantWeakness],
    per_strand: dict[int, dict[str, int]], overdue: dict[int, int],
) -> PlanOverview:
    """The overview from its counts, whichever day they are of: each strand under each weakness it answers, those
    answering none together last, with counts by rating in legend order, every row with the same columns."""
    legend = plan.legend
    every_rating = {key for counts in per_strand.values() for key in counts}
    summaries = {
        strand.pk: StrandSummary(
            strand=strand,
            counts=counts_in_legend_order(per_strand.get(strand.pk, {}), legend, also=every_rating),
            total=sum(per_strand.get(strand.pk, {}).values()),
            overdue=overdue.get(strand.pk, 0),
        )
        for strand in strands
    }
    groups = [WeaknessGroup(weakness) for weakness in weaknesses]
    by_weakness = {group.weakness.pk: group for group in groups}
    unmapped = WeaknessGroup(None)
    for strand in strands:
        for group in [by_weakness[pk] for pk in strand.weakness_ids if pk in by_weakness] or [unmapped]:
            group.strands.append(summaries[strand.pk])
    if unmapped.strands:
        groups.append(unmapped)

    totals: dict[str, int] = defaultdict(int)
    for counts in per_strand.values():
        for key, n in counts.items():
            totals[key] += n
    return PlanOverview(
        plan=plan,
        groups=groups,
        totals=counts_in_legend_order(totals, legend),
        total=sum(totals.values()),
        overdue=sum(overdue.values()),
    )
