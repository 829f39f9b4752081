"""Importing a council's spreadsheet into a plan, in one transaction, once its row-by-row check is clean.

How a file meets a plan that already has strands and actions (the preview says so to the person importing):
- A strand in the file is the plan's strand with the same number; a strand without a number in the file
  is the plan's strand with the same title. Anything else is a new strand. A matched strand takes the
  file's title.
- An action is the plan's action with the same ref (ignoring case, spaces and a final full stop): it is
  updated, never added twice. An action with no ref gets "<strand number>.<position>".
- Columns the file does not have leave the plan's values as they are; actions the file does not list are
  kept as they are. Nothing is deleted.
- A lead is the active person whose full name or e-mail address it is (ignoring case); with no such
  person, or several, the name is kept as written (``lead_name``) and the preview warns.
- Evidence that is not a web address cannot be an evidence link, so it is kept in the description.
- A rating's follow-ons are set as an edit would set them (the completion date; a reason when it gets worse);
  a reason given in the file's own column is kept instead, unless the rating got better, which clears it.
- The import writes actions in bulk; each added or changed row still gets a history record naming the
  importer, and changed actions move to a new version so that an edit opened before the import is refused.
"""
import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .evidence import evidence_links_record_for
from .export_refresh import plan_exports_refresh_later
from .import_preview import ImportPreview, import_preview
from .models import Action, Plan, ProgressUpdate, RatingEvent, Strand
from .ratings import legend_entry, rating_change_wording
from .services import reference_sort_key
from .sheet_columns import COLUMNS
from .sheet_result import RatedMonth, RowProblem, SheetResult

IMPORT_CHANGE_REASON = "Imported from a spreadsheet"
# What an import saves on an action it changes: the fields of every column, the completion date that follows
# the rating, and the bookkeeping.
_IMPORT_SAVED_FIELDS = [
    *(name for column in COLUMNS for name in column.fields), "completed_on", "sort_key", "version", "updated_at",
]
_BULK_BATCH = 500


class PlanImportError(Exception):
    """The import was refused and nothing was saved; ``problems`` says which rows of the file to fix."""

    def __init__(self, message: str, problems: Iterable[RowProblem] = ()):
        self.message = message
        self.problems = list(problems)
        super().__init__(message)


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


def plan_import_preview(*, plan: Plan, result: SheetResult, today: date | None = None) -> ImportPreview:
    """What importing the read sheet into the plan would do, row by row; saves nothing (the dry run)."""
    return import_preview(plan, result, today=today or timezone.localdate(), lock=False)


def plan_import(
    *, plan: Plan, by, result: SheetResult, today: date | None = None,
    weakness_links: Mapping[int, Iterable[int]] | None = None,
) -> ImportSummary:
    """Import a read sheet into the plan in one transaction: add strands and actions, update actions by ref.

    Refused with :class:`PlanImportError` (and nothing saved) while the sheet has any problem, or a rating
    word the plan does not know. Every strand and action added or changed gets a history record by ``by``;
    actions are written in bulk. The dated rating columns become each action's monthly updates and rating
    events. ``weakness_links`` are the weaknesses the person confirmed for each strand (by its position in
    the file): only ones the preview proposed are linked.
    """
    if result.errors:
        raise PlanImportError(_refusal(len(result.errors)), result.errors)
    if result.unknown_words:
        words = ", ".join(f'"{word.written}"' for word in result.unknown_words)
        raise PlanImportError(f"Choose what {words} mean{'s' if len(result.unknown_words) == 1 else ''} in the "
                              "plan's ratings first: nothing was imported.")
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            locked = Plan.objects.select_for_update().get(pk=plan.pk)
            preview = import_preview(locked, result, today=today, lock=True)
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
            _link_weaknesses(preview, strands, weakness_links or {}, by=by)
            _import_actions(locked, preview, strands, by=by, today=today)
            plan_exports_refresh_later(locked.pk)  # bulk writes send no signals
    except IntegrityError:
        # Someone added a strand number or action ref the preview did not see: the plan moved on meanwhile.
        raise PlanImportError(
            "The plan changed while the file was being imported, so nothing was imported. Try again."
        ) from None
    return summary


def _refusal(count: int) -> str:
    problems, them = ("1 problem", "it") if count == 1 else (f"{count} problems", "them")
    return f"The file has {problems}. Fix {them} in the spreadsheet and upload it again: nothing was imported."


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
        strand._history_user = by
        strand.save()
        strands.append(strand)
    return strands


def _link_weaknesses(
    preview: ImportPreview, strands: list[Strand], chosen: Mapping[int, Iterable[int]], *, by
) -> None:
    for position, (item, strand) in enumerate(zip(preview.strands, strands, strict=True)):
        wanted = {str(pk) for pk in chosen.get(position, ())}
        weaknesses = [weakness for weakness in item.proposed if str(weakness.pk) in wanted]
        if weaknesses:
            strand._change_reason = f"{IMPORT_CHANGE_REASON}: linked to the weaknesses it answers"
            strand._history_user = by
            strand.weaknesses.add(*weaknesses)


def _import_actions(plan: Plan, preview: ImportPreview, strands: list[Strand], *, by, today: date) -> None:
    """Add and update the actions in bulk, with a history record by ``by`` for each and a rating event for
    each new action and each rating the file changes (the preview applied the rating rule to every row)."""
    added, updated, changed_from, histories = _actions_from_rows(plan, preview, strands)
    if added:
        bulk_create_with_history(
            added, Action, batch_size=_BULK_BATCH, default_user=by, default_change_reason=IMPORT_CHANGE_REASON
        )
    if updated:
        bulk_update_with_history(
            updated, Action, _IMPORT_SAVED_FIELDS, batch_size=_BULK_BATCH, default_user=by,
            default_change_reason=IMPORT_CHANGE_REASON,
        )
    with_history = {action.pk for action, _, _ in histories}
    events = [_import_event(action, "", by=by, today=today) for action in added if action.pk not in with_history]
    events += [
        _import_event(updated[position], before, by=by, today=today)
        for position, before in changed_from.items() if updated[position].pk not in with_history
    ]
    history_events, updates = _rating_histories(plan, histories, by=by, today=today)
    RatingEvent.objects.bulk_create(events + history_events, batch_size=_BULK_BATCH)
    if updates:
        bulk_create_with_history(
            updates, ProgressUpdate, batch_size=_BULK_BATCH, default_user=by,
            default_change_reason=f"{IMPORT_CHANGE_REASON}: a dated rating column",
        )
    evidence_links_record_for(
        [(action, action.evidence_links) for action in [*added, *updated]], by=by, dated=today
    )


def _actions_from_rows(
    plan: Plan, preview: ImportPreview, strands: list[Strand]
) -> tuple[list[Action], list[Action], dict[int, str], list[tuple[Action, str, list[RatedMonth]]]]:
    """The actions to add and to update, with the file's values set (nothing saved yet); which updated ones
    change rating, by position in the updated list, from what; and each action's rated months with its rating
    before the import."""
    now = timezone.now()
    added: list[Action] = []
    updated: list[Action] = []
    changed_from: dict[int, str] = {}  # position in ``updated`` → the rating before the import
    histories: list[tuple[Action, str, list[RatedMonth]]] = []  # with the rating before the import
    for item, strand in zip(preview.strands, strands, strict=True):
        for row in item.rows:
            if row.parsed.history:
                histories.append((row.action, row.action.rating if row.action else "", row.parsed.history))
            if row.outcome == "unchanged":
                continue
            action = row.action or Action(plan=plan, reference=row.reference)
            before = action.rating if row.action is not None else ""
            for name, value in row.values.items():
                setattr(action, name, value)
            action.strand = strand
            action.sort_key = reference_sort_key(action.reference)
            action._change_reason = _import_wording(before, action, plan)
            if row.action is None:
                added.append(action)
                if histories and histories[-1][0] is None:
                    histories[-1] = (action, "", histories[-1][2])
            else:
                if action.rating != before:
                    changed_from[len(updated)] = before
                action.version += 1
                action.updated_at = now
                updated.append(action)
    return added, updated, changed_from, histories


def _rating_histories(
    plan: Plan, histories: list[tuple[Action, str, list[RatedMonth]]], *, by, today: date
) -> tuple[list[RatingEvent], list[ProgressUpdate]]:
    """One monthly update per rated month the action has no update for, and the rating events that take the
    action from its rating before the import, month by month, to its rating now.

    A month's event counts from the month's last day (today for this month), as a late update's does; months
    no later than the action's newest event are history it already has, so they add updates but no events.
    """
    pks = [action.pk for action, _, _ in histories]
    newest = dict(
        RatingEvent.objects.filter(action_id__in=pks).values("action_id").annotate(newest=Max("effective_on"))
        .order_by().values_list("action_id", "newest")
    )
    months_done = set(ProgressUpdate.objects.filter(action_id__in=pks).values_list("action_id", "month"))
    events: list[RatingEvent] = []
    updates: list[ProgressUpdate] = []
    for action, before, months in histories:
        by_month = {rated.month: rated for rated in months}  # a month's second column is its rating
        current = before
        previous = before or "not_started"
        for month in sorted(by_month):
            rated = by_month[month]
            if (action.pk, month) not in months_done:
                updates.append(ProgressUpdate(
                    action=action, author=by, month=month, rating=rated.rating, previous_rating=previous,
                    narrative=f'Rated "{rated.written}" in the spreadsheet\'s "{rated.heading}" column '
                              f"({legend_entry(rated.rating, plan.legend).label}).",
                ))
            previous = rated.rating
            day = min(month.replace(day=calendar.monthrange(month.year, month.month)[1]), today)
            if action.pk in newest and day <= newest[action.pk]:
                continue
            if rated.rating != current:
                events.append(_history_event(action, current, rated.rating, by=by, day=day))
                current = rated.rating
        if action.rating != current:
            reason = action.rating_reason if current else ""
            events.append(_history_event(action, current, action.rating, by=by, day=today, reason=reason))
    return events, updates


def _history_event(action: Action, before: str, after: str, *, by, day: date, reason: str = "") -> RatingEvent:
    return RatingEvent(
        plan_id=action.plan_id, action=action, from_rating=before, to_rating=after, reason=reason,
        source=RatingEvent.Source.IMPORT, by=by, effective_on=day,
    )


def _import_wording(before: str, action: Action, plan: Plan) -> str:
    """ "Imported from a spreadsheet. Rating changed from …": the rating's words as every path writes them."""
    if action.rating == before:
        return IMPORT_CHANGE_REASON
    return f"{IMPORT_CHANGE_REASON}. {rating_change_wording(before, action.rating, action.rating_reason, plan.legend)}"


def _import_event(action: Action, before: str, *, by, today: date) -> RatingEvent:
    # An import is dated today, as an edit is: never before the action's newest event, so it is the newest.
    return RatingEvent(
        plan_id=action.plan_id, action=action, from_rating=before, to_rating=action.rating,
        reason=action.rating_reason if before else "", source=RatingEvent.Source.IMPORT, by=by, effective_on=today,
    )
