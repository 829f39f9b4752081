"""Every write to the action plan: plans, subgroups, strands, actions, monthly updates and impact measures.

Each service takes keyword arguments, runs in one transaction and records who did it (``_history_user``),
so the history is attributed even when a Celery task or an import does the writing.
"""
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from inspections.models import Inspection, SignificantWeakness
from wsoa.roles import is_administrator_in

from .models import Action, ImpactMeasure, MeasureReading, Plan, ProgressUpdate, RatingEvent, Strand, Subgroup
from .plan_sheet import ParsedAction, ParsedStrand, RowProblem, SheetResult, write_plan_csv, write_plan_xlsx
from .ratings import (
    DEFAULT_LEGEND,
    Legend,
    LegendError,
    RatingDecision,
    RatingRefused,
    is_worse,
    legend_entry,
    legend_from_json,
    legend_to_json,
    rating_change_decide,
    rating_change_wording,
    reason_needed,
)
from .selectors import (
    HistoryChange,
    action_changes_since,
    person_key,
    plan_for_export,
    plan_import_targets,
)

# What a person may change on an action through action_update (the plan, version and completion date follow).
ACTION_FIELDS = (
    "strand", "reference", "title", "description", "lead_officer", "lead_name", "lead_organisation", "partners",
    "start_date", "due_date", "ongoing", "success_criteria", "rating", "rating_reason", "evidence_links",
)
STRAND_FIELDS = ("number", "title", "subgroup", "weaknesses")


class ActionPlanError(ValidationError):
    """Bad action-plan data: a message per field (named as the service's argument) for the form to show."""


class StaleEdit(Exception):
    """The action changed since the person opened it: their save is refused, and this says what changed."""

    message = "Someone else changed this action while you were editing it"

    def __init__(self, *, current: Action, changes: list[HistoryChange]):
        super().__init__(self.message)
        self.current = current
        self.changes = changes


def reference_sort_key(reference: str) -> str:
    """ "2.10" → "000002.000010", so actions sort 2.9 before 2.10; letters are kept as written."""
    parts = re.findall(r"\d+|[^\d]+", reference.strip().lower())
    return "".join(part.zfill(6) if part.isdigit() else part for part in parts)[:100]


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def _validated(instance, *, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise ActionPlanError(error.message_dict) from None


def _save(instance, *, by) -> None:
    instance._history_user = by
    instance.save()


# --- plans ---------------------------------------------------------------------------------------------


def _legend_json(legend: Legend | list | None) -> list[dict]:
    if legend is None:
        return legend_to_json(DEFAULT_LEGEND)
    data = legend if isinstance(legend, list) else legend_to_json(legend)
    try:
        legend_from_json(data)
    except LegendError as error:
        raise ActionPlanError({"rating_legend": str(error)}) from None
    return data


def plan_create_for(
    *, inspection: Inspection, by, section_label: str = Plan.SectionLabel.STRAND, legend: Legend | list | None = None
) -> Plan:
    """Set up the plan that answers an inspection (one per inspection)."""
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if Plan.objects.filter(inspection=locked).exists():
            raise ActionPlanError({"inspection": "This inspection already has a plan"})
        plan = Plan(inspection=locked, section_label=section_label, rating_legend=_legend_json(legend))
        _validated(plan)
        _save(plan, by=by)
    return plan


def plan_update(*, plan: Plan, by, **changes) -> Plan:
    allowed = {"section_label", "rating_legend", "reminder_day", "escalation_working_days"}
    _refuse_unknown(changes, allowed)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        for field, value in changes.items():
            setattr(locked, field, _legend_json(value) if field == "rating_legend" else value)
        _validated(locked)
        _save(locked, by=by)
    return locked


def _refuse_unknown(changes: dict, allowed: Iterable[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} here")


# --- subgroups and strands ----------------------------------------------------------------------------


def subgroup_create(*, plan: Plan, by, name: str, lead=None, members: Iterable = ()) -> Subgroup:
    with transaction.atomic():
        subgroup = Subgroup(plan=plan, name=name.strip(), lead=lead)
        _validated(subgroup)
        _save(subgroup, by=by)
        if members:
            subgroup.members.set(list(members))
    return subgroup


def _check_weaknesses(plan: Plan, weaknesses: Iterable[SignificantWeakness]) -> list[SignificantWeakness]:
    weaknesses = list(weaknesses)
    if any(weakness.inspection_id != plan.inspection_id for weakness in weaknesses):
        raise ActionPlanError({"weaknesses": "Choose weaknesses from this plan's inspection"})
    return weaknesses


def _check_strand_number(plan: Plan, number: int, *, strand_pk: int | None = None) -> None:
    clash = Strand.objects.filter(plan=plan, number=number).exclude(pk=strand_pk)
    if clash.exists():
        raise ActionPlanError({"number": f"This plan already has a {plan.section_word.lower()} {number}"})


def strand_create(
    *, plan: Plan, by, number: int, title: str, weaknesses: Iterable[SignificantWeakness] = (),
    subgroup: Subgroup | None = None,
) -> Strand:
    weaknesses = _check_weaknesses(plan, weaknesses)
    if subgroup is not None and subgroup.plan_id != plan.pk:
        raise ActionPlanError({"subgroup": "Choose a subgroup of this plan"})
    with transaction.atomic():
        _check_strand_number(plan, number)
        strand = Strand(plan=plan, number=number, title=title.strip(), subgroup=subgroup)
        _validated(strand)
        _save(strand, by=by)
        if weaknesses:
            strand.weaknesses.set(weaknesses)
    return strand


def strand_update(*, strand: Strand, by, **changes) -> Strand:
    """Change a strand's number, title, subgroup or the weaknesses it answers."""
    _refuse_unknown(changes, STRAND_FIELDS)
    with transaction.atomic():
        locked = Strand.objects.select_for_update(of=("self",)).select_related("plan").get(pk=strand.pk)
        plan = locked.plan
        weaknesses = changes.pop("weaknesses", None)
        if weaknesses is not None:
            weaknesses = _check_weaknesses(plan, weaknesses)
        subgroup = changes.get("subgroup")
        if subgroup is not None and subgroup.plan_id != plan.pk:
            raise ActionPlanError({"subgroup": "Choose a subgroup of this plan"})
        if "number" in changes:
            _check_strand_number(plan, changes["number"], strand_pk=locked.pk)
        for field, value in changes.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        _validated(locked)
        _save(locked, by=by)
        if weaknesses is not None and {w.pk for w in weaknesses} != set(
            locked.weaknesses.values_list("pk", flat=True)
        ):
            locked._history_user = by
            locked.weaknesses.set(weaknesses)
    return locked


# --- an action's rating: the one rule, wherever the change comes from --------------------------------------


def _rating_keys(legend: Legend) -> set[str]:
    return {entry.key for entry in legend}


def _completion_date(rating: str, legend: Legend, *, already: date | None, today: date) -> date | None:
    complete = rating in _rating_keys(legend) and legend_entry(rating, legend).complete
    return (already or today) if complete else None


@dataclass(frozen=True)
class RatingChange:
    """A rating change decided by the rule for one action: the decision, the rating it is made from, and
    whether it is the action's newest change (an update for an earlier month does not override a later one)."""

    action: Action
    to: str
    decision: RatingDecision
    in_force: str
    newest: bool
    effective_on: date


def _placement(action: Action, day: date, *, update_month: date | None) -> tuple[str, bool, date]:
    """Where a change dated ``day`` goes among the action's events: the rating in force then, whether it is
    the action's newest change, and its effective date.

    A monthly update for a month before one the action already has an update for does not change the action
    (as it never did): it keeps its own date, among the older events. Any other change is the newest, and
    its effective date is moved up to the action's latest event if it falls before it (an update posted late
    for last month, after this month's edit), so effective dates never run backwards within an action and
    the newest event is always the action's rating.
    """
    events = RatingEvent.objects.filter(action_id=action.pk)
    if update_month is not None and action.updates.filter(month__gt=update_month).exists():
        before = events.filter(effective_on__lte=day).order_by("-effective_on", "-id")
        return before.values_list("to_rating", flat=True).first() or "not_started", False, day
    latest = events.order_by("-effective_on", "-id").values_list("effective_on", flat=True).first()
    return action.rating, True, max(day, latest) if latest else day


def rating_change_decide_for(
    *, action: Action, to: str, reason: str, day: date, update_month: date | None = None,
    measured_from: str | None = None, reason_field: str = "rating_reason",
) -> RatingChange:
    """Apply the one rule (``ratings.rating_change_decide``) to a change of this action's rating; no writes.

    A refusal is an :class:`ActionPlanError` on ``reason_field`` (or on ``rating`` for a rating the plan's
    legend does not have), with the same words whichever page or file asked for the change.
    """
    legend = action.plan.legend
    in_force, newest, effective_on = _placement(action, day, update_month=update_month)
    try:
        decision = rating_change_decide(
            in_force=in_force, to=to, reason=reason, legend=legend, completed_on=action.completed_on,
            effective_on=effective_on, measured_from=measured_from,
        )
    except RatingRefused as refusal:
        field = "rating" if to not in _rating_keys(legend) else reason_field
        raise ActionPlanError({field: str(refusal)}) from None
    return RatingChange(action=action, to=to, decision=decision, in_force=in_force, newest=newest,
                        effective_on=effective_on)


def rating_change_record(
    change: RatingChange, *, source: str, by, update: ProgressUpdate | None = None
) -> RatingEvent | None:
    """Record the decided change as a rating event and, when it is the newest, set it on the action (which
    the caller saves, in the same transaction): rating, reason, completion date, and the history's words."""
    action, decision = change.action, change.decision
    event = None
    if decision.changes:
        event = RatingEvent.objects.create(
            plan_id=action.plan_id, action=action, from_rating=change.in_force, to_rating=change.to,
            reason=decision.reason, source=source, update=update, by=by, effective_on=change.effective_on,
        )
    if change.newest:
        action.rating, action.rating_reason, action.completed_on = change.to, decision.reason, decision.completed_on
        if decision.changes:
            action._change_reason = rating_change_wording(change.in_force, change.to, decision.reason,
                                                          action.plan.legend)
    return event


def _with_reason(instance, reason: str) -> None:
    """Put what the save does first and the rating change (already set by the rule) after it."""
    rating_words = getattr(instance, "_change_reason", "")
    instance._change_reason = f"{reason}. {rating_words}" if rating_words else reason


# --- actions -------------------------------------------------------------------------------------------


def _action_problems(action: Action) -> dict[str, str]:
    """Problems the form can show beside a field (the database constraints would only say "violated")."""
    problems = {}
    if not action.title.strip():
        problems["title"] = "Enter the action"
    if not action.reference.strip():
        problems["reference"] = "Enter the action's reference, for example 2.3"
    elif Action.objects.filter(plan_id=action.plan_id, reference=action.reference).exclude(pk=action.pk).exists():
        problems["reference"] = f"Another action in this plan already has reference {action.reference}"
    if action.ongoing and action.due_date:
        problems["due_date"] = "An ongoing action has no due date: remove the due date or untick ongoing"
    elif action.start_date and action.due_date and action.due_date < action.start_date:
        problems["due_date"] = "The due date must be on or after the start date"
    if action.strand_id and action.strand.plan_id != action.plan_id:
        problems["strand"] = "Choose a strand of this plan"
    if action.rating not in _rating_keys(action.plan.legend):
        problems["rating"] = "Choose a rating from this plan's legend"
    return problems


def _check_action(action: Action) -> None:
    problems = _action_problems(action)
    if problems:
        raise ActionPlanError(problems)
    _validated(action, exclude=["plan", "strand", "lead_officer"])


def action_create(
    *, strand: Strand, by, reference: str, title: str, today: date | None = None, **fields
) -> Action:
    """Add an action to a strand, with the event of its first rating; a complete rating dates the completion
    today unless ``completed_on`` is given."""
    _refuse_unknown(fields, {*ACTION_FIELDS, "completed_on"} - {"strand", "reference", "title"})
    today = today or timezone.localdate()
    with transaction.atomic():
        action = Action(plan_id=strand.plan_id, strand=strand, reference=reference.strip(), title=title.strip())
        for field, value in fields.items():
            setattr(action, field, value.strip() if isinstance(value, str) else value)
        action.plan = strand.plan
        action.sort_key = reference_sort_key(action.reference)
        if "completed_on" not in fields:
            action.completed_on = _completion_date(action.rating, action.plan.legend, already=None, today=today)
        _check_action(action)
        action._change_reason = f"Action added. {rating_change_wording('', action.rating, '', action.plan.legend)}"
        _save(action, by=by)
        RatingEvent.objects.create(
            plan_id=action.plan_id, action=action, from_rating="", to_rating=action.rating,
            source=RatingEvent.Source.EDIT, by=by, effective_on=today,
        )
    return action


def action_update(*, action: Action, by, expected_version: int, today: date | None = None, **changes) -> Action:
    """Save a person's edit of an action, unless someone else saved it since they opened it (version check).

    The version is claimed with one conditional UPDATE, which also takes the row lock until commit: of two
    people saving at once, the second waits, finds the version moved on, and gets :class:`StaleEdit`
    carrying the action as it is now and what the other person changed. A new rating goes through the
    rating rule (a worse one needs ``rating_reason``).
    """
    _refuse_unknown(changes, ACTION_FIELDS)
    today = today or timezone.localdate()
    with transaction.atomic():
        claimed = Action.objects.filter(pk=action.pk, version=expected_version).update(version=F("version") + 1)
        if claimed:
            current = Action.objects.select_related("plan__inspection", "strand").get(pk=action.pk)
            new_rating = changes.pop("rating", current.rating)
            for field, value in changes.items():
                setattr(current, field, value.strip() if isinstance(value, str) else value)
            if "reference" in changes:
                current.sort_key = reference_sort_key(current.reference)
            if new_rating != current.rating:
                change = rating_change_decide_for(
                    action=current, to=new_rating, reason=current.rating_reason, day=today
                )
                rating_change_record(change, source=RatingEvent.Source.EDIT, by=by)
            _check_action(current)
            _with_reason(current, "Action edited")
            _save(current, by=by)
    if not claimed:
        current = Action.objects.select_related("plan__inspection", "strand", "lead_officer").get(pk=action.pk)
        raise StaleEdit(current=current, changes=action_changes_since(current, expected_version))
    return current


def _reason_needed(old_rating: str, legend: Legend) -> str:
    return reason_needed(old_rating, legend)


# --- monthly progress updates ---------------------------------------------------------------------------


class UpdateConflict(Exception):
    """The month already has an update the person did not start from: nothing is replaced. ``current`` is the
    update as saved, for the page to show beside what the person typed."""

    def __init__(self, message: str, *, current: ProgressUpdate):
        super().__init__(message)
        self.message = message
        self.current = current


def update_effective_on(month: date, today: date) -> date:
    """The day a monthly update's rating counts from: the day it is posted, or its month's last day if late."""
    return min(today, month + relativedelta(months=1) - timedelta(days=1))


def _update_for_revision(
    action: Action, month: date, *, by, revising: tuple[int, int] | None
) -> ProgressUpdate | None:
    """The month's saved update, if any, checked to be the one the person revises (or refused)."""
    existing = (
        ProgressUpdate.objects.select_for_update(of=("self",)).select_related("author", "revised_by")
        .filter(action=action, month=month).first()
    )
    if existing is None:
        return None
    author = existing.author or "someone else"
    if existing.author_id != by.pk and not is_administrator_in(by, action.plan.inspection.area_id):
        raise ActionPlanError({"month": (
            f"{author} already posted the update for {month:%B %Y}: ask them to change it, or choose another month"
        )})
    if revising is None or revising[0] != existing.pk:
        raise UpdateConflict(
            f"{author} already posted the update for {month:%B %Y}, shown below. What you typed is kept: "
            "saving it now revises that update, and its earlier text stays in the history.", current=existing,
        )
    if revising[1] != existing.version:
        reviser = existing.revised_by or author
        raise UpdateConflict(
            f"{reviser} changed the update for {month:%B %Y} after you opened it; their version is shown "
            "below. What you typed is kept: saving it now replaces theirs, which stays in the history.",
            current=existing,
        )
    return existing


def progress_update_post(
    *, action: Action, by, month: date, rating: str, narrative: str, evidence: str = "", reason: str = "",
    revising: tuple[int, int] | None = None, today: date | None = None,
) -> ProgressUpdate:
    """Record the month's update on an action, or revise it, and carry its rating through the rating rule.

    One update per action per month. Posting for a month that has an update revises it, which only its
    author (or an administrator of the area) may do, and only from the update and version they opened
    (``revising``: its id and version); otherwise :class:`UpdateConflict` and nothing is replaced. A revision keeps the
    earlier text in the history and names its reviser. A rating worse than the month's starting rating needs
    ``reason``. The action takes the rating unless a later change of it exists.
    """
    month = first_of_month(month)
    today = today or timezone.localdate()
    narrative, evidence, reason = narrative.strip(), evidence.strip(), reason.strip()
    with transaction.atomic():
        locked = (
            Action.objects.select_for_update(of=("self",)).select_related("plan__inspection").get(pk=action.pk)
        )
        if not narrative:
            raise ActionPlanError({"narrative": "Enter what progress was made this month"})
        if rating not in _rating_keys(locked.plan.legend):
            raise ActionPlanError({"rating": "Choose a rating"})
        existing = _update_for_revision(locked, month, by=by, revising=revising)
        before = (locked.rating, locked.rating_reason, locked.completed_on)
        update = existing or ProgressUpdate(action=locked, month=month, author=by)
        change = rating_change_decide_for(
            action=locked, to=rating, reason=reason, day=update_effective_on(month, today), update_month=month,
            measured_from=existing.previous_rating if existing else None, reason_field="reason",
        )
        update.previous_rating = existing.previous_rating if existing else change.in_force
        update.rating, update.narrative, update.evidence = rating, narrative, evidence
        update.reason_for_worse_rating = change.decision.reason
        if existing:
            update.version += 1
            update.revised_by, update.revised_at = by, timezone.now()
            update._change_reason = f"Update for {month:%B %Y} revised"
        else:
            update._change_reason = f"Monthly update for {month:%B %Y}"
        _validated(update, exclude=["action", "author", "revised_by"])
        _save(update, by=by)
        rating_change_record(change, source=RatingEvent.Source.UPDATE, by=by, update=update)
        if (locked.rating, locked.rating_reason, locked.completed_on) != before:
            _with_reason(locked, update._change_reason)
            # The row is locked, so this cannot overtake another save; editors holding the old version
            # will be told the rating changed under them.
            locked.version += 1
            _save(locked, by=by)
    return update


# --- impact measures -------------------------------------------------------------------------------------


def impact_measure_create(
    *, plan: Plan, by, name: str, strand: Strand | None = None, weakness: SignificantWeakness | None = None,
    unit: str = "", baseline: Decimal | None = None, baseline_period: date | None = None,
    target: Decimal | None = None, target_date: date | None = None,
    direction: str = ImpactMeasure.Direction.HIGHER,
) -> ImpactMeasure:
    if strand is None and weakness is None:
        raise ActionPlanError({"strand": "Say which strand or weakness the measure shows the impact on"})
    if strand is not None and strand.plan_id != plan.pk:
        raise ActionPlanError({"strand": "Choose a strand of this plan"})
    if weakness is not None:
        _check_weaknesses(plan, [weakness])
    with transaction.atomic():
        measure = ImpactMeasure(
            plan=plan, strand=strand, weakness=weakness, name=name.strip(), unit=unit.strip(), baseline=baseline,
            baseline_period=baseline_period, target=target, target_date=target_date, direction=direction,
        )
        _validated(measure)
        _save(measure, by=by)
    return measure


def measure_reading_record(
    *, measure: ImpactMeasure, by, period: date, value: Decimal, source_note: str = ""
) -> MeasureReading:
    """Record the measure's value for a period, replacing the value already recorded for that period."""
    with transaction.atomic():
        reading = (
            MeasureReading.objects.select_for_update().filter(measure=measure, period=period).first()
            or MeasureReading(measure=measure, period=period)
        )
        reading.value = value
        reading.source_note = source_note.strip()
        _validated(reading, exclude=["measure"])
        _save(reading, by=by)
    return reading


# --- Importing and exporting a plan from spreadsheets ----------------------------------------------------
#
# How a file meets a plan that already has strands and actions (the preview says so to the person importing):
# - A strand in the file is the plan's strand with the same number; a strand without a number in the file
#   is the plan's strand with the same title. Anything else is a new strand. A matched strand takes the
#   file's title.
# - An action is the plan's action with the same ref (ignoring case, spaces and a final full stop): it is
#   updated, never added twice. An action with no ref gets "<strand number>.<position>".
# - Columns the file does not have leave the plan's values as they are; actions the file does not list are
#   kept as they are. Nothing is deleted.
# - A lead is the active person whose full name or e-mail address it is (ignoring case); with no such
#   person, or several, the name is kept as written (``lead_name``) and the preview warns.
# - Evidence that is not a web address cannot be an evidence link, so it is kept in the description.
# - The import writes actions in bulk; each added or changed row still gets a history record naming the
#   importer, and changed actions move to a new version so that an edit opened before the import is refused.

IMPORT_CHANGE_REASON = "Imported from a spreadsheet"
# Fields an import writes, with how the preview names them when they change.
_IMPORT_FIELD_LABELS = {
    "strand": "",  # the plan's section word
    "title": "Action",
    "description": "Description",
    "lead_officer": "Lead",
    "lead_name": "Lead",
    "lead_organisation": "Lead organisation",
    "start_date": "Start date",
    "due_date": "Due date",
    "ongoing": "Due date",
    "rating": "Rating",
    "success_criteria": "Success criteria",
    "evidence_links": "Evidence links",
}
_IMPORT_SAVED_FIELDS = [
    *_IMPORT_FIELD_LABELS, "rating_reason", "completed_on", "sort_key", "version", "updated_at",
]
_BULK_BATCH = 500


class PlanImportError(Exception):
    """The import was refused and nothing was saved; ``problems`` says which rows of the file to fix."""

    def __init__(self, message: str, problems: Iterable[RowProblem] = ()):
        self.message = message
        self.problems = list(problems)
        super().__init__(message)


@dataclass
class ImportRow:
    """One action in the file and what importing it does to the plan."""

    parsed: ParsedAction
    reference: str
    action: Action | None  # the plan's action with this ref, which the import updates
    values: dict[str, Any]  # the action's fields after the import
    changes: list[str] = field(default_factory=list)  # what an update changes, as the preview names it
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        if self.action is None:
            return "add"
        return "update" if self.changes else "unchanged"

    def value(self, name: str) -> Any:
        """The field's value after the import (the plan's own when the file has no column for it)."""
        if name in self.values or self.action is None:
            return self.values.get(name)
        return getattr(self.action, name)

    @property
    def due_date(self) -> date | None:
        return self.value("due_date")

    @property
    def ongoing(self) -> bool:
        return bool(self.value("ongoing"))

    @property
    def rating(self) -> str:
        return self.value("rating")

    @property
    def lead_text(self) -> str:
        person = self.value("lead_officer")
        return str(person) if person is not None else self.value("lead_name") or ""

    @property
    def lead_has_account(self) -> bool:
        return self.value("lead_officer") is not None


@dataclass
class ImportStrand:
    parsed: ParsedStrand
    strand: Strand | None  # the plan's strand it is, or None when the import adds it
    number: int
    title: str
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def title_changes(self) -> bool:
        return self.strand is not None and self.strand.title != self.title

    @property
    def outcome(self) -> str:
        if self.strand is None:
            return "add"
        return "update" if self.title_changes else "unchanged"


@dataclass
class ImportPreview:
    """What importing a file would do, row by row, and every problem that stops it (``errors``)."""

    strands: list[ImportStrand]
    errors: list[RowProblem]
    warnings: list[RowProblem]
    kept: int  # actions already in the plan that the file does not list: left as they are

    @property
    def rows(self) -> list[ImportRow]:
        return [row for strand in self.strands for row in strand.rows]

    def _count(self, outcome: str, items) -> int:
        return sum(1 for item in items if item.outcome == outcome)

    @property
    def strands_added(self) -> int:
        return self._count("add", self.strands)

    @property
    def actions_added(self) -> int:
        return self._count("add", self.rows)

    @property
    def actions_updated(self) -> int:
        return self._count("update", self.rows)

    @property
    def actions_unchanged(self) -> int:
        return self._count("unchanged", self.rows)


@dataclass(frozen=True)
class ImportSummary:
    strands_added: int
    strands_updated: int
    actions_added: int
    actions_updated: int
    actions_unchanged: int

    def describe(self, section_word: str = "strand") -> str:
        """ "Added 4 strands and 15 actions; updated 2 actions; 3 actions were already up to date." """
        def count(n: int, noun: str) -> str:
            return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

        word = section_word.lower()
        parts = [f"Added {count(self.strands_added, word)} and {count(self.actions_added, 'action')}"]
        if self.strands_updated or self.actions_updated:
            parts.append(
                f"updated {count(self.strands_updated, word)} and {count(self.actions_updated, 'action')}"
            )
        if self.actions_unchanged:
            were = "was" if self.actions_unchanged == 1 else "were"
            parts.append(f"{count(self.actions_unchanged, 'action')} {were} already up to date")
        return "; ".join(parts) + "."


def _reference_key(reference: str) -> str:
    return re.sub(r"\s+", "", reference).rstrip(".").casefold()


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _too_long(row: int, what: str, text: str, limit: int) -> RowProblem | None:
    if len(text) <= limit:
        return None
    return RowProblem(row=row, message=f"Row {row}: {what} is {len(text)} characters long; the most is {limit}")


def _lead_text(parsed: ParsedAction) -> str:
    """A lead cell joined from several rows reads "Head of SEND; Designated Clinical Officer"."""
    return "; ".join(" ".join(line.split()) for line in parsed.lead.splitlines() if line.strip())


def sheet_import_problems(result: SheetResult, *, legend: Legend) -> list[RowProblem]:
    """Problems that stop a read sheet being saved into any plan, beyond the reader's own ``errors``.

    No database: the command line's dry run reports them too. Text longer than its field, two strands
    with the same number, and ratings the plan's legend does not have.
    """
    problems: list[RowProblem] = []
    numbered: dict[int, ParsedStrand] = {}
    keys = {entry.key for entry in legend}
    for strand in result.strands:
        row = strand.row or (strand.actions[0].row if strand.actions else 0)
        problems.append(_too_long(row, "the strand's title", strand.title, _max_length(Strand, "title")))
        if strand.number is not None:
            first = numbered.setdefault(strand.number, strand)
            if first is not strand:
                problems.append(RowProblem(row=row, message=(
                    f'Row {row}: strand {strand.number} "{strand.title}" has the same number as strand '
                    f'{first.number} "{first.title}" on row {first.row}: give each strand its own number'
                )))
        for action in strand.actions:
            row = action.row
            problems += [
                _too_long(row, "the ref", action.ref, _max_length(Action, "reference")),
                _too_long(row, "the action", action.title, _max_length(Action, "title")),
                _too_long(row, "the lead", _lead_text(action), _max_length(Action, "lead_name")),
                _too_long(row, "the lead organisation", action.organisation, _max_length(Action, "lead_organisation")),
            ]
            if action.rating not in keys:
                message = f'Row {row}: rating "{action.rating}" is not in this plan\'s legend'
                problems.append(RowProblem(row=row, message=message))
    return [problem for problem in problems if problem is not None]


def _evidence_parts(text: str) -> tuple[str, str]:
    """Evidence lines that are web addresses (for the evidence links) and the rest (kept in the description)."""
    check = URLValidator(schemes=["http", "https"])
    links, other = [], []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        try:
            check(line)
        except ValidationError:
            other.append(line)
        else:
            links.append(line)
    return "\n".join(links), "; ".join(other)


class _Importer:
    """Works out, without saving, what importing a read sheet does to a plan (the preview and the import)."""

    def __init__(self, plan: Plan, result: SheetResult, *, today: date, lock: bool):
        self.plan = plan
        self.result = result
        self.today = today
        self.legend = plan.legend
        self.columns = set(result.columns)
        self.errors = list(result.errors) + sheet_import_problems(result, legend=self.legend)
        self.warnings = list(result.warnings)
        leads = {_lead_text(action) for action in result.actions}
        self.targets = plan_import_targets(plan, leads=leads, lock=lock)
        self.unknown_leads: dict[str, tuple[str, list[int]]] = {}
        self.ambiguous_leads: dict[str, tuple[str, list[int]]] = {}

    def preview(self) -> ImportPreview:
        strands = self._strands()
        existing = {_reference_key(action.reference): action for action in self.targets.actions}
        file_refs = {_reference_key(action.ref) for action in self.result.actions if action.ref}
        matched: set[int] = set()
        for item in strands:
            for position, parsed in enumerate(item.parsed.actions, start=1):
                reference = parsed.ref.strip() or self._made_up_reference(item, position, parsed, file_refs)
                action = existing.get(_reference_key(reference))
                if action is not None:
                    matched.add(action.pk)
                item.rows.append(self._row(item, parsed, reference, action))
        self._warn_about_leads()
        by_row: dict[int, list[RowProblem]] = defaultdict(list)
        for problem in self.errors:
            by_row[problem.row].append(problem)
        for item in strands:
            for row in item.rows:
                row.problems = by_row.get(row.parsed.row, [])
        return ImportPreview(
            strands=strands,
            errors=sorted(self.errors, key=lambda problem: problem.row),
            warnings=sorted(self.warnings, key=lambda problem: problem.row),
            kept=sum(1 for action in self.targets.actions if action.pk not in matched),
        )

    def _strands(self) -> list[ImportStrand]:
        """The plan's strand for each strand of the file: numbered ones first, so a title never takes a number's."""
        by_number = {strand.number: strand for strand in self.targets.strands}
        by_title: dict[str, Strand] = {}
        for strand in self.targets.strands:
            by_title.setdefault(person_key(strand.title), strand)
        claimed: set[int] = set()
        chosen: dict[int, tuple[Strand | None, int]] = {}
        for position, parsed in enumerate(self.result.strands):
            if parsed.number is not None:
                strand = by_number.get(parsed.number)
                if strand is not None and strand.pk in claimed:
                    strand = None  # a second strand with this number in the file: reported as a problem
                if strand is not None:
                    claimed.add(strand.pk)
                chosen[position] = (strand, parsed.number)
        used = set(by_number) | {number for _, number in chosen.values()}
        for position, parsed in enumerate(self.result.strands):
            if parsed.number is None:
                strand = by_title.get(person_key(parsed.title))
                if strand is not None and strand.pk not in claimed:
                    claimed.add(strand.pk)
                    chosen[position] = (strand, strand.number)
                else:
                    number = max(used, default=0) + 1
                    used.add(number)
                    chosen[position] = (None, number)
        return [
            ImportStrand(parsed=parsed, strand=chosen[position][0], number=chosen[position][1], title=parsed.title)
            for position, parsed in enumerate(self.result.strands)
        ]

    def _made_up_reference(self, item: ImportStrand, position: int, parsed: ParsedAction, taken: set[str]) -> str:
        number = position
        while _reference_key(f"{item.number}.{number}") in taken:
            number += 1
        reference = f"{item.number}.{number}"
        taken.add(_reference_key(reference))
        self._warn(parsed.row, f"has no ref, so the action is given ref {reference}")
        return reference

    def _row(self, item: ImportStrand, parsed: ParsedAction, reference: str, action: Action | None) -> ImportRow:
        new = action is None
        present = self.columns if not new else {*self.columns, *_ALL_COLUMNS}
        values: dict[str, Any] = {"title": parsed.title}
        if "description" in present or "evidence" in present:
            description = parsed.description if "description" in present else action.description
            links, other = _evidence_parts(parsed.evidence)
            if "evidence" in present:
                values["evidence_links"] = links
            if other:
                extra = f"Evidence: {other}"
                if extra not in description:
                    description = f"{description}\n\n{extra}" if description else extra
                    self._warn(parsed.row, f'evidence "{_shortened(other)}" is not a web address, so it is kept '
                               "in the description")
            values["description"] = description
        if "lead" in present:
            values.update(self._lead(parsed))
        if "organisation" in present:
            values["lead_organisation"] = parsed.organisation
        if "start" in present or parsed.start is not None:
            values["start_date"] = parsed.start
        if "due" in present:
            values["due_date"], values["ongoing"] = parsed.due, parsed.ongoing
        if "success_criteria" in present:
            values["success_criteria"] = parsed.success_criteria
        if "rating" in present:
            values["rating"] = parsed.rating
        self._rating_follow_ons(parsed, action, values)

        start = values.get("start_date", action.start_date if action else None)
        due = values.get("due_date", action.due_date if action else None)
        if start and due and due < start and not (parsed.start and parsed.due):
            self._error(parsed.row, f"the start date {start:%d/%m/%Y} is after the due date {due:%d/%m/%Y}")

        row = ImportRow(parsed=parsed, reference=reference if new else action.reference, action=action, values=values)
        if not new:
            row.changes = self._changes(item, action, values)
        return row

    def _lead(self, parsed: ParsedAction) -> dict[str, Any]:
        text = _lead_text(parsed)
        people = {person.pk: person for person in self.targets.people.get(person_key(text), [])} if text else {}
        if len(people) == 1:
            return {"lead_officer": next(iter(people.values())), "lead_name": ""}
        if text:
            # Listed once per person however they are written ("Jo Smith", "jo smith"), as first written.
            chosen = self.ambiguous_leads if people else self.unknown_leads
            chosen.setdefault(person_key(text), (text, []))[1].append(parsed.row)
        return {"lead_officer": None, "lead_name": text}

    def _rating_follow_ons(self, parsed: ParsedAction, action: Action | None, values: dict[str, Any]) -> None:
        """The completion date and the reason a rating got worse, as action_update would set them."""
        if "rating" not in values or values["rating"] not in {entry.key for entry in self.legend}:
            return
        new_rating = values["rating"]
        if action is None:
            values["rating_reason"] = ""
            values["completed_on"] = _completion_date(new_rating, self.legend, already=None, today=self.today)
            return
        if new_rating == action.rating:
            return
        old_label = legend_entry(action.rating, self.legend).label
        new_label = legend_entry(new_rating, self.legend).label
        if is_worse(action.rating, new_rating, legend=self.legend):
            values["rating_reason"] = f"Changed from {old_label} to {new_label} by a spreadsheet import."
            self._warn(parsed.row, f"the rating gets worse ({old_label} to {new_label}); the lead should say why "
                       "in their next update")
        else:
            values["rating_reason"] = ""
        values["completed_on"] = _completion_date(
            new_rating, self.legend, already=action.completed_on, today=self.today
        )

    def _changes(self, item: ImportStrand, action: Action, values: dict[str, Any]) -> list[str]:
        changed = []
        if item.strand is None or action.strand_id != item.strand.pk:
            changed.append(self.plan.section_word)
        for name, label in _IMPORT_FIELD_LABELS.items():
            if not label or name not in values:
                continue
            current, value = getattr(action, name), values[name]
            if name == "lead_officer":
                current, value = action.lead_officer_id, value.pk if value is not None else None
            if current != value and label not in changed:
                changed.append(label)
        return changed

    def _warn_about_leads(self) -> None:
        for text, rows in self.unknown_leads.values():
            self._warn(rows[0], f'no one with an account is called "{_shortened(text)}"{_also(rows)}, so the lead '
                       "is kept as written")
        for text, rows in self.ambiguous_leads.values():
            self._warn(rows[0], f'more than one person is called "{_shortened(text)}"{_also(rows)}, so the lead '
                       "is kept as written: choose the person on the action's page")

    def _error(self, row: int, message: str) -> None:
        self.errors.append(RowProblem(row=row, message=f"Row {row}: {message}"))

    def _warn(self, row: int, message: str) -> None:
        self.warnings.append(RowProblem(row=row, message=f"Row {row}: {message}"))


_ALL_COLUMNS = ("description", "evidence", "lead", "organisation", "start", "due", "success_criteria", "rating")


def _also(rows: list[int]) -> str:
    others = rows[1:]
    if not others:
        return ""
    return f" (also row{'s' if len(others) > 1 else ''} {', '.join(str(row) for row in others)})"


def _shortened(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plan_import_preview(*, plan: Plan, result: SheetResult, today: date | None = None) -> ImportPreview:
    """What importing the read sheet into the plan would do, row by row; saves nothing (the dry run)."""
    return _Importer(plan, result, today=today or timezone.localdate(), lock=False).preview()


def plan_import(*, plan: Plan, by, result: SheetResult, today: date | None = None) -> ImportSummary:
    """Import a read sheet into the plan in one transaction: add strands and actions, update actions by ref.

    Refused with :class:`PlanImportError` (and nothing saved) while the sheet has any problem. Every
    strand and action added or changed gets a history record by ``by``; actions are written in bulk.
    """
    if result.errors:
        raise PlanImportError(_refusal(len(result.errors)), result.errors)
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            locked = Plan.objects.select_for_update().get(pk=plan.pk)
            preview = _Importer(locked, result, today=today, lock=True).preview()
            if preview.errors:
                raise PlanImportError(_refusal(len(preview.errors)), preview.errors)
            summary = ImportSummary(
                strands_added=preview.strands_added,
                strands_updated=sum(1 for item in preview.strands if item.title_changes),
                actions_added=preview.actions_added,
                actions_updated=preview.actions_updated,
                actions_unchanged=preview.actions_unchanged,
            )
            strands = _import_strands(locked, preview, by=by)
            _import_actions(locked, preview, strands, by=by)
    except IntegrityError:
        # Someone added a strand number or action ref the preview did not see: the plan moved on meanwhile.
        raise PlanImportError(
            "The plan changed while the file was being imported, so nothing was imported. Try again."
        ) from None
    return summary


def _refusal(count: int) -> str:
    problems = "1 problem" if count == 1 else f"{count} problems"
    return f"The file has {problems}. Fix them in the spreadsheet and upload it again: nothing was imported."


def _import_strands(plan: Plan, preview: ImportPreview, *, by) -> list[Strand]:
    """Add and rename strands one by one (a plan has a handful); the saved strand for each of the preview's."""
    strands = []
    for item in preview.strands:
        strand = item.strand
        if strand is None:
            strand = Strand(plan=plan, number=item.number, title=item.title)
        elif item.title_changes:
            strand.title = item.title
        else:
            strands.append(strand)
            continue
        strand._change_reason = IMPORT_CHANGE_REASON
        _save(strand, by=by)
        strands.append(strand)
    return strands


def _import_actions(plan: Plan, preview: ImportPreview, strands: list[Strand], *, by) -> None:
    """Add and update the actions in bulk, with a history record by ``by`` for each."""
    now = timezone.now()
    added: list[Action] = []
    updated: list[Action] = []
    for item, strand in zip(preview.strands, strands, strict=True):
        for row in item.rows:
            if row.outcome == "unchanged":
                continue
            action = row.action or Action(plan=plan, reference=row.reference)
            for name, value in row.values.items():
                setattr(action, name, value)
            action.strand = strand
            action.sort_key = reference_sort_key(action.reference)
            if row.action is None:
                added.append(action)
            else:
                action.version += 1
                action.updated_at = now
                updated.append(action)
    if added:
        bulk_create_with_history(
            added, Action, batch_size=_BULK_BATCH, default_user=by, default_change_reason=IMPORT_CHANGE_REASON
        )
    if updated:
        bulk_update_with_history(
            updated, Action, _IMPORT_SAVED_FIELDS, batch_size=_BULK_BATCH, default_user=by,
            default_change_reason=IMPORT_CHANGE_REASON,
        )


EXPORT_FORMATS = ("xlsx", "csv")


def plan_export_filename(plan: Plan, fmt: str, *, today: date | None = None) -> str:
    """ "blackpool-action-plan-2026-11-23.xlsx" """
    day = today or timezone.localdate()
    return f"{slugify(plan.inspection.area.name)}-action-plan-{day.isoformat()}.{fmt}"


def plan_export(*, plan: Plan, fmt: str) -> bytes:
    """The plan as an .xlsx workbook or a CSV file that imports back into the same plan."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Cannot export a plan as {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    strands = plan_for_export(plan)
    buffer = io.BytesIO()
    if fmt == "xlsx":
        write_plan_xlsx(strands, buffer, legend=plan.legend, title=str(plan))
    else:
        write_plan_csv(strands, buffer, legend=plan.legend)
    return buffer.getvalue()
