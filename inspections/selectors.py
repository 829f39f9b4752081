"""Reads about inspections: the rules and calendar in force, an inspection's facts, pages' querysets."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from wsoa.roles import area_ids_where, visible_area_ids

from .calendar import WorkingDayCalendar
from .deadline_table import DEFAULT_RULES, DeadlineRule
from .deadlines import InspectionFacts
from .models import DeadlineRuleSetting, Finding, Inspection, LocalArea, Milestone, NonWorkingDay, SignificantWeakness
from .rules import rule_from_row


def deadline_rules() -> tuple[DeadlineRule, ...]:
    """The rules administrators keep in the database, in order; the built-in table until it is seeded."""
    rows = list(DeadlineRuleSetting.objects.filter(active=True).order_by("position", "pk"))
    return tuple(rule_from_row(row) for row in rows) if rows else DEFAULT_RULES


def working_day_calendar(area: LocalArea | None = None) -> WorkingDayCalendar:
    """One area's calendar (without an area: the closures for every area only)."""
    if area is None:
        national = NonWorkingDay.objects.filter(area__isnull=True)
        return WorkingDayCalendar(dict(national.values_list("day", "name")))
    return working_day_calendars([area.pk])[area.pk]


def working_day_calendars(area_ids: Iterable[int]) -> dict[int, WorkingDayCalendar]:
    """Each area's calendar, keyed by area id: the closures for every area and its own, read in one query."""
    wanted = set(area_ids)
    national: dict[date, str] = {}
    local: dict[int, dict[date, str]] = {area_id: {} for area_id in wanted}
    closures = NonWorkingDay.objects.filter(Q(area__isnull=True) | Q(area_id__in=wanted)).order_by("day")
    for day, name, area_id in closures.values_list("day", "name", "area_id"):
        (national if area_id is None else local[area_id])[day] = name
    # An area's own closure on a day closed everywhere names the day in the area's words.
    return {area_id: WorkingDayCalendar({**national, **own}) for area_id, own in local.items()}


def inspection_facts(inspection: Inspection) -> InspectionFacts:
    outcome = int(inspection.outcome) if inspection.outcome in {"1", "2", "3"} else None
    wsoa_required = None
    if inspection.outcome == Inspection.Outcome.WSOA_REQUIRED:
        wsoa_required = True
    elif inspection.outcome == Inspection.Outcome.NO_WSOA:
        wsoa_required = False
    judgements = {weakness.revisit_judgement for weakness in inspection.weaknesses.all()}
    revisit_progress = None
    if "not_sufficient" in judgements:
        revisit_progress = "not_sufficient"
    elif judgements == {"sufficient"}:
        revisit_progress = "sufficient"
    return InspectionFacts(
        framework=inspection.framework,
        outcome=outcome,
        wsoa_required=wsoa_required,
        received=inspection.received_on,
        published=inspection.published_on,
        official_deadline=inspection.official_deadline,
        submitted=inspection.submitted_on,
        decision=inspection.decision or None,
        decided=inspection.decided_on,
        resubmitted=inspection.resubmitted_on,
        accepted=inspection.accepted_on,
        revisit_published=inspection.revisit_published_on,
        revisit_progress=revisit_progress,
    )


def areas_visible_to(user) -> QuerySet[LocalArea]:
    """The local areas the person holds a role in (superusers: every area)."""
    return LocalArea.objects.filter(pk__in=visible_area_ids(user)).order_by("name")


def inspections_visible_to(user) -> QuerySet[Inspection]:
    """Every selector of an inspection starts here: another area's inspection is simply not found."""
    return Inspection.objects.filter(area_id__in=visible_area_ids(user))


def inspections_for_list(user) -> QuerySet[Inspection]:
    return inspections_visible_to(user).select_related("area", "plan").order_by("-starts_on")


def inspection_for_page(pk: int, *, user) -> Inspection:
    return (
        inspections_visible_to(user).select_related("area", "plan")
        .prefetch_related(
            "milestones",
            "weaknesses",
            "approvals",
            "lifecycle_events__by",
            "area__partners",
            "responsible_people",
            Prefetch("findings", queryset=Finding.objects.order_by("kind", "section", "order")),
        )
        .get(pk=pk)
    )


def inspection_for_change(pk: int, *, user) -> Inspection:
    return inspections_visible_to(user).select_related("area").get(pk=pk)


def inspection_with_milestones(pk: int, *, user) -> Inspection | None:
    return inspections_visible_to(user).select_related("area").prefetch_related("milestones").filter(pk=pk).first()


def weakness_for_change(pk: int, *, inspection_pk: int, user) -> SignificantWeakness:
    return SignificantWeakness.objects.select_related("inspection").get(
        pk=pk, inspection_id=inspection_pk, inspection__area_id__in=visible_area_ids(user)
    )


def milestone_for_change(pk: int, *, user) -> Milestone:
    return (
        Milestone.objects.select_related("inspection")
        .prefetch_related("inspection__responsible_people")
        .get(pk=pk, inspection__area_id__in=visible_area_ids(user))
    )


def milestones_for_person(user, *, today: date, limit: int | None = None) -> QuerySet[Milestone]:
    """Open milestones the person answers for, soonest first: in the areas they administer, every one; in
    their other areas, those of the inspections they are responsible for."""
    administered = area_ids_where(user, "inspections.change_inspection")
    responsible = Q(inspection__responsible_people=user, inspection__area_id__in=visible_area_ids(user))
    milestones = (
        Milestone.objects.select_related("inspection__area")
        .exclude(status=Milestone.Status.MET)
        .filter(Q(inspection__area_id__in=administered) | responsible)
        .distinct()
    )
    milestones = milestones.order_by("due", "key", "sequence")
    return milestones[:limit] if limit else milestones


def timeline_rows(inspection: Inspection, *, today: date) -> list[dict]:
    """The inspection's milestones in date order, each with its working days left (negative when overdue)."""
    calendar = working_day_calendar(inspection.area)
    rows = []
    for milestone in sorted(inspection.milestones.all(), key=lambda m: (m.due, m.key, m.sequence)):
        left = calendar.working_days_between(today, milestone.due)
        rows.append({"milestone": milestone, "working_days_left": max(left, 0), "working_days_overdue": max(-left, 0)})
    return rows


def findings_by_kind_and_section(inspection: Inspection) -> list[dict]:
    """Findings grouped for the page: main findings, then strengths and areas for development per section."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in inspection.findings.all():
        groups.setdefault((finding.kind, finding.section), []).append(finding)
    ordered = []
    for kind in Finding.Kind.values:
        for section in ["", *[s for s in Finding.Section.values if s]]:
            items = groups.get((kind, section))
            if items:
                ordered.append(
                    {
                        "kind": Finding.Kind(kind).label,
                        "section": Finding.Section(section).label if section else "",
                        "findings": items,
                    }
                )
    return ordered


def area_setup_of(area: LocalArea) -> dict:
    """What an area's set-up page lists: its partners (with their successors), its own closure days and the days
    closed everywhere, each in date order."""
    return {
        "partners": area.partners.select_related("successor").order_by("starts_on", "name"),
        "closures": area.closures.order_by("day"),
        "national_closures": NonWorkingDay.objects.filter(area__isnull=True).order_by("day"),
    }


def deadline_rules_listed() -> QuerySet[DeadlineRuleSetting]:
    """Every stored deadline rule, in use or not, by framework and then in the order they apply."""
    return DeadlineRuleSetting.objects.order_by("framework", "position", "pk")
