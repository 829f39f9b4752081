"""What the evidence pages read: a weakness with its strands, their actions and ratings, its impact measures
with their trend and every evidence item for it, newest first, with the gaps; and what the person may attach
new evidence to. Each is a fixed number of queries however many items there are."""
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from inspections.models import SignificantWeakness
from wsoa.roles import visible_area_ids

from . import permissions as can
from .evidence_models import EvidenceItem
from .measure_trends import MeasureTrend, facts_of, measure_trend
from .models import Action, ImpactMeasure, MeasureReading, Plan, Strand
from .selectors import ACTION_ROW_FIELDS


@dataclass(frozen=True)
class EvidenceFilters:
    kind: str = ""
    since: date | None = None
    until: date | None = None

    @property
    def chosen(self) -> bool:
        return bool(self.kind or self.since or self.until)


@dataclass
class MeasureWithTrend:
    measure: ImpactMeasure
    trend: MeasureTrend


@dataclass
class WeaknessEvidence:
    weakness: SignificantWeakness
    plan: Plan
    strands: list[Strand]
    measures: list[MeasureWithTrend]
    items: list[EvidenceItem]
    # Complete actions with no evidence at all, and open ones: what an inspector would ask about first.
    complete_without_evidence: list[Action] = field(default_factory=list)
    open_without_evidence: list[Action] = field(default_factory=list)


def weakness_for_evidence(pk: int, *, user) -> SignificantWeakness:
    """A weakness in one of the person's areas whose inspection has a plan (else ``DoesNotExist``)."""
    return (
        SignificantWeakness.objects
        .filter(inspection__area_id__in=visible_area_ids(user), inspection__plan__isnull=False)
        .select_related("inspection__area", "inspection__plan").get(pk=pk)
    )


def evidence_file_item(pk: int, *, user) -> EvidenceItem:
    """A file item in one of the person's areas, with its plan and area (else ``DoesNotExist``)."""
    return (
        EvidenceItem.objects.filter(plan__inspection__area_id__in=visible_area_ids(user)).exclude(file="")
        .select_related("plan__inspection__area").get(pk=pk)
    )


def _with_evidence_flag(actions: QuerySet[Action]) -> QuerySet[Action]:
    supported = EvidenceItem.actions.through.objects.filter(action_id=OuterRef("pk"))
    return actions.annotate(has_evidence=Exists(supported))


def items_for_weakness(weakness: SignificantWeakness, plan: Plan, filters: EvidenceFilters) -> QuerySet[EvidenceItem]:
    """Every item for the weakness, for one of its strands' actions or for one of its measures, newest first."""
    strands = Strand.objects.filter(plan=plan, weaknesses=weakness)
    measures = ImpactMeasure.objects.filter(plan=plan).filter(Q(weakness=weakness) | Q(strand__in=strands))
    supports = EvidenceItem.objects.filter(
        Q(weaknesses=weakness) | Q(actions__strand__in=strands) | Q(impact_measures__in=measures)
    )
    items = EvidenceItem.objects.filter(plan=plan, pk__in=supports.values("pk"))
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.since:
        items = items.filter(dated__gte=filters.since)
    if filters.until:
        items = items.filter(dated__lte=filters.until)
    return items.select_related("added_by").prefetch_related(
        Prefetch("actions", queryset=Action.objects.only("pk", "reference", "title", "sort_key").order_by("sort_key")),
        Prefetch("impact_measures", queryset=ImpactMeasure.objects.only("pk", "name").order_by("name")),
    ).order_by("-dated", "-added_at", "-pk")


def weakness_evidence(weakness: SignificantWeakness, filters: EvidenceFilters = EvidenceFilters()) -> WeaknessEvidence:
    """Everything the weakness's evidence page shows: seven queries, whatever the number of items."""
    plan = weakness.inspection.plan
    actions = _with_evidence_flag(
        Action.objects.select_related("lead_officer").only(*ACTION_ROW_FIELDS).order_by("sort_key", "pk")
    )
    strands = list(
        Strand.objects.filter(plan=plan, weaknesses=weakness).select_related("subgroup__lead")
        .prefetch_related(Prefetch("actions", queryset=actions)).order_by("number")
    )
    measures = list(
        ImpactMeasure.objects.filter(plan=plan).filter(Q(weakness=weakness) | Q(strand__in=[s.pk for s in strands]))
        .select_related("strand").prefetch_related(
            Prefetch("readings", queryset=MeasureReading.objects.order_by("period"))
        ).order_by("strand__number", "name")
    )
    all_actions = [action for strand in strands for action in strand.actions.all()]
    for strand in strands:
        strand.plan = plan
    return WeaknessEvidence(
        weakness=weakness, plan=plan, strands=strands,
        measures=[MeasureWithTrend(measure, measure_trend(facts_of(measure))) for measure in measures],
        items=list(items_for_weakness(weakness, plan, filters)),
        complete_without_evidence=[a for a in all_actions if a.completed_on and not a.has_evidence],
        open_without_evidence=[a for a in all_actions if not a.completed_on and not a.has_evidence],
    )


@dataclass
class EvidenceTargets:
    """What the person may attach a new item to, on the page they add it from."""

    actions: list[Action]
    measures: list[ImpactMeasure]
    weaknesses: list[SignificantWeakness]


def evidence_targets(user, plan: Plan, *, strand: Strand | None = None,
                     weakness: SignificantWeakness | None = None) -> EvidenceTargets:
    """The plan's actions the person may add evidence to (only the strand's, or the weakness's strands', when
    given), the measures of those actions' strands and the weaknesses those strands answer; an administrator may
    also choose any of the plan's measures and weaknesses. Four queries."""
    actions = Action.objects.filter(plan=plan).select_related("strand__subgroup").order_by("sort_key", "pk")
    if strand is not None:
        actions = actions.filter(strand=strand)
    if weakness is not None:
        actions = actions.filter(strand__weaknesses=weakness)
    mine = []
    for action in actions.defer("description", "success_criteria", "partners", "evidence_links"):
        action.plan = plan
        if can.can_add_evidence_to(user, action):
            mine.append(action)
    strand_ids = {action.strand_id for action in mine}
    everything = can.can_add_evidence_alone(user, plan)
    measures = ImpactMeasure.objects.filter(plan=plan).order_by("name")
    weaknesses = plan.inspection.weaknesses.order_by("number")
    if strand is not None:
        measures = measures.filter(strand=strand) if not everything else measures.filter(
            Q(strand=strand) | Q(weakness__in=strand.weaknesses.all())
        )
        weaknesses = weaknesses.filter(strands=strand)
    elif weakness is not None:
        measures = measures.filter(Q(weakness=weakness) | Q(strand__weaknesses=weakness)).distinct()
        weaknesses = weaknesses.filter(pk=weakness.pk)
    if not everything:
        measures = measures.filter(strand_id__in=strand_ids)
        weaknesses = weaknesses.filter(strands__in=strand_ids).distinct()
    return EvidenceTargets(actions=mine, measures=list(measures), weaknesses=list(weaknesses))
