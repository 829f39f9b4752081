"""Every write to the action plan: plans, subgroups, strands, actions and monthly updates (impact measures:
``measures``).

Each service takes keyword arguments, runs in one transaction and records who did it (``_history_user``),
so the history is attributed even when a Celery task or an import does the writing.
"""
import re
from collections.abc import Iterable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from inspections.models import Inspection, SignificantWeakness
from wsoa.roles import Role, is_administrator_in, roles_in
from wsoa.services import person_invite

from .errors import ActionPlanError, StaleEdit, UpdateConflict
from .evidence import evidence_links_record
from .history import action_changes_since
from .models import (
    ACTION_EDITABLE_FIELDS,
    Action,
    Plan,
    ProgressUpdate,
    RatingEvent,
    Strand,
    Subgroup,
)
from .rating_changes import rating_change_decide_for, rating_change_record
from .ratings import (
    DEFAULT_LEGEND,
    Legend,
    LegendError,
    legend_entry,
    legend_from_json,
    legend_keys,
    legend_to_json,
    rating_change_decide,
    rating_change_wording,
)

ACTION_FIELDS = ACTION_EDITABLE_FIELDS
STRAND_FIELDS = ("number", "title", "subgroup", "weaknesses")
SUBGROUP_FIELDS = ("name", "lead", "members")


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


def _save(instance, *, by, reason: str) -> None:
    """Save with who did it and why, in words, for the history (the rating rule may have said more first)."""
    instance._history_user = by
    instance._change_reason = reason
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
    *, inspection: Inspection, by, section_label: str = Plan.SectionLabel.STRAND, legend: Legend | list | None = None,
    **settings,
) -> Plan:
    """Set up the plan that answers an inspection (one per inspection); ``settings`` are the reminder day and
    the escalation's working days, when not the defaults."""
    _refuse_unknown(settings, {"reminder_day", "escalation_working_days"})
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if Plan.objects.filter(inspection=locked).exists():
            raise ActionPlanError({"inspection": "This inspection already has a plan"})
        plan = Plan(inspection=locked, section_label=section_label, rating_legend=_legend_json(legend), **settings)
        _validated(plan)
        _save(plan, by=by, reason=f"{locked.plan_name[:1].upper()}{locked.plan_name[1:]} set up")
    return plan


def plan_update(*, plan: Plan, by, **changes) -> Plan:
    allowed = {"section_label", "rating_legend", "reminder_day", "escalation_working_days"}
    _refuse_unknown(changes, allowed)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if "rating_legend" in changes:
            changes["rating_legend"] = _legend_json(changes["rating_legend"])
            _check_ratings_kept(locked, legend_from_json(changes["rating_legend"]))
        changed = [field for field, value in changes.items() if getattr(locked, field) != value]
        for field in changed:
            setattr(locked, field, changes[field])
        _validated(locked)
        _save(locked, by=by, reason=_changed_reason(Plan, changed))
    return locked


def _check_ratings_kept(plan: Plan, legend: Legend) -> None:
    """A rating that actions hold stays in the legend: without it they would show a rating the plan no longer
    has, and could not be saved again without changing it."""
    dropped = {entry.key: entry.label for entry in plan.legend if entry.key not in legend_keys(legend)}
    if not dropped:
        return
    in_use = dict(
        Action.objects.filter(plan=plan, rating__in=dropped).values_list("rating").annotate(n=Count("pk"))
        .order_by()
    )
    problems = [
        f"{dropped[key]} cannot be removed: {count} action{'s' if count != 1 else ''} "
        f"{'have' if count != 1 else 'has'} it. Rate {'them' if count != 1 else 'it'} otherwise first."
        for key, count in sorted(in_use.items())
    ]
    if problems:
        raise ActionPlanError({"rating_legend": problems})


def plan_rating_words_map(
    *, plan: Plan, by, words: dict[str, tuple[str, str]], into_legend: Iterable[str] = ()
) -> Plan:
    """Keep what the words a spreadsheet uses for ratings mean in this plan, for this import and the next.

    ``words`` maps a word's ``ratings.rating_word_key`` to (the word as written, the rating key chosen); a
    word in ``into_legend`` becomes one of the legend's own words for that rating (so an update form or
    another import reads it too), the others are kept as the plan's import words.
    """
    into_legend = set(into_legend)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        keys = legend_keys(locked.legend)
        if any(rating not in keys for _, rating in words.values()):
            raise ActionPlanError({"rating_legend": "Choose a rating from this plan's legend"})
        legend = [dict(entry) for entry in locked.rating_legend]
        mapped = dict(locked.import_rating_words or {})
        for key, (written, rating) in words.items():
            if key in into_legend:
                entry = next(entry for entry in legend if entry["key"] == rating)
                entry["synonyms"] = [*entry.get("synonyms", []), written]
                mapped.pop(key, None)
            else:
                mapped[key] = rating
        locked.rating_legend = _legend_json(legend)
        locked.import_rating_words = mapped
        described = "; ".join(f'"{written}" is {legend_entry(rating, locked.legend).label}'
                              for written, rating in words.values())
        _save(locked, by=by, reason=f"Rating words of a spreadsheet mapped: {described}")
    return locked


def _refuse_unknown(changes: dict, allowed: Iterable[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} here")


# --- subgroups and strands ----------------------------------------------------------------------------


def subgroup_create(*, plan: Plan, by, name: str, lead=None, members: Iterable = ()) -> Subgroup:
    _check_people_in_area(plan, lead=lead, members=members)
    with transaction.atomic():
        subgroup = Subgroup(plan=plan, name=name.strip(), lead=lead)
        _validated(subgroup)
        _save(subgroup, by=by, reason="Subgroup added")
        if members:
            subgroup.members.set(list(members))
    return subgroup


def _changed_reason(model, fields: Iterable[str], *, what: str = "Changed") -> str:
    """ "Changed: title, due date" for the history, naming the fields as the pages do."""
    names = [str(model._meta.get_field(name).verbose_name) for name in fields]
    return f"{what}: {', '.join(names)}" if names else f"{what} (nothing changed)"


def _set_changes(instance, changes: dict) -> list[str]:
    """Set the changes on the instance (text trimmed); the names of the fields whose value really changed."""
    changed = []
    for field, value in changes.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(instance, field) != value:
            changed.append(field)
        setattr(instance, field, value)
    return changed


def subgroup_update(*, subgroup: Subgroup, by, reason: str = "", **changes) -> Subgroup:
    """Rename a subgroup, or change its lead or its members; ``reason`` words the history (else the fields)."""
    _refuse_unknown(changes, SUBGROUP_FIELDS)
    members = changes.pop("members", None)
    _check_people_in_area(subgroup.plan, lead=changes.get("lead"), members=members or ())
    with transaction.atomic():
        locked = Subgroup.objects.select_for_update().get(pk=subgroup.pk)
        for field, value in changes.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        _validated(locked)
        named = [*changes, "members"] if members is not None else list(changes)
        _save(locked, by=by, reason=reason or _changed_reason(Subgroup, named))
        if members is not None and {m.pk for m in members} != set(locked.members.values_list("pk", flat=True)):
            locked.members.set(list(members))
    return locked


def _check_people_in_area(plan: Plan, *, lead, members: Iterable) -> None:
    """A subgroup's lead and members are people with a role in the plan's area: a person from another area
    would be sent its reminders and shown its strands."""
    area_id = plan.inspection.area_id
    if lead is not None and not roles_in(lead, area_id):
        raise ActionPlanError({"lead": f"{lead} has no role in {plan.inspection.area}: choose someone who does"})
    outsiders = [person for person in members if not roles_in(person, area_id)]
    if outsiders:
        names = ", ".join(str(person) for person in outsiders)
        raise ActionPlanError({"members": f"No role in {plan.inspection.area}: {names}"})


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
        _save(strand, by=by, reason=f"{plan.section_word} added")
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
        changed = _set_changes(locked, changes)
        _validated(locked)
        _save(locked, by=by, reason=_changed_reason(Strand, changed))
        if weaknesses is not None and {w.pk for w in weaknesses} != set(
            locked.weaknesses.values_list("pk", flat=True)
        ):
            locked._history_user, locked._change_reason = by, "Changed: the weaknesses it answers"
            locked.weaknesses.set(weaknesses)
    return locked


def _with_reason(instance, reason: str) -> str:
    """What the save does, then the rating change the rule has already put in words on the instance, if any."""
    rating_words = getattr(instance, "_change_reason", "")
    return f"{reason}. {rating_words}" if rating_words else reason


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
    if action.rating not in legend_keys(action.plan.legend):
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
        _check_action(action)
        if "completed_on" not in fields:
            first = rating_change_decide(
                in_force="", to=action.rating, reason="", legend=action.plan.legend, completed_on=None,
                effective_on=today,
            )
            action.completed_on = first.completed_on
        _save(action, by=by, reason=f"Action added. {rating_change_wording('', action.rating, '', action.plan.legend)}")
        RatingEvent.objects.create(
            plan_id=action.plan_id, action=action, from_rating="", to_rating=action.rating,
            source=RatingEvent.Source.EDIT, by=by, effective_on=today,
        )
        evidence_links_record(action=action, text=action.evidence_links, by=by, dated=today)
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
            changed = _set_changes(current, changes)
            if "reference" in changes:
                current.sort_key = reference_sort_key(current.reference)
            if new_rating != current.rating:
                change = rating_change_decide_for(
                    action=current, to=new_rating, reason=current.rating_reason, day=today
                )
                rating_change_record(change, source=RatingEvent.Source.EDIT, by=by)
            _check_action(current)
            edited = _changed_reason(Action, changed, what="Edited") if changed else "Edited"
            _save(current, by=by, reason=_with_reason(current, edited))
            if "evidence_links" in changed:
                evidence_links_record(action=current, text=current.evidence_links, by=by, dated=today)
    if not claimed:
        current = Action.objects.select_related("plan__inspection", "strand", "lead_officer").get(pk=action.pk)
        raise StaleEdit(current=current, changes=action_changes_since(current, expected_version))
    return current


# --- monthly progress updates ---------------------------------------------------------------------------


def action_lead_invite(*, action: Action, by, email: str, first_name: str, last_name: str) -> Action:
    """Invite the action's lead, named in the plan without an account, as a SEND officer of the plan's area,
    and make them the action's lead officer: one transaction, so a refused invitation changes nothing."""
    with transaction.atomic():
        person = person_invite(
            by=by, email=email, first_name=first_name, last_name=last_name, area=action.plan.inspection.area,
            role=Role.OFFICER, organisation=action.lead_organisation,
        )
        return action_update(action=action, by=by, expected_version=action.version, lead_officer=person,
                             lead_name="")


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
        if rating not in legend_keys(locked.plan.legend):
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
        what = f"Update for {month:%B %Y} revised" if existing else f"Monthly update for {month:%B %Y}"
        if existing:
            update.version += 1
            update.revised_by, update.revised_at = by, timezone.now()
        _validated(update, exclude=["action", "author", "revised_by"])
        _save(update, by=by, reason=what)
        rating_change_record(change, source=RatingEvent.Source.UPDATE, by=by, update=update)
        evidence_links_record(action=locked, text=evidence, by=by, dated=today, update=update)
        if (locked.rating, locked.rating_reason, locked.completed_on) != before:
            # The row is locked, so this cannot overtake another save; editors holding the old version
            # will be told the rating changed under them.
            locked.version += 1
            _save(locked, by=by, reason=_with_reason(locked, what))
    return update
