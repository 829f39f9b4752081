"""An action's readable history: what changed field by field, who and when, and its updates' revisions.

Read from django-simple-history's records (the rating's changes are also events: see ``RatingEvent``).
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.contrib.auth import get_user_model
from django.utils import timezone

from inspections.dates import short_date

from .models import Action, Plan, ProgressUpdate, Strand
from .ratings import Legend, legend_entry

# Bookkeeping that changes with every save and means nothing to a reader.
HISTORY_HIDDEN_FIELDS = {"id", "plan", "sort_key", "version", "updated_at"}


@dataclass(frozen=True)
class HistoryChange:
    """One field's change: "Due date: 31 Mar 2023 → 30 Jun 2023, by Jo Smith, 4 Apr 2023"."""

    field: str
    label: str
    old: str
    new: str
    by: str
    on: date
    at: datetime | None = None  # when it was saved, to merge with other lines in time order

    @property
    def text(self) -> str:
        if not self.field:
            return f"{self.label}, by {self.by}, {short_date(self.on)}"
        return f"{self.label}: {self.old} → {self.new}, by {self.by}, {short_date(self.on)}"

    def __str__(self) -> str:
        return self.text


def _field_value_text(field_name: str, value, *, legend: Legend, people: dict, strands: dict) -> str:
    if value is None or value == "":
        return "not set"
    if field_name == "rating":
        return legend_entry(value, legend).label
    if field_name == "lead_officer":
        person = people.get(value)
        return str(person) if person else "a removed person"
    if field_name == "strand":
        strand = strands.get(value)
        return str(strand) if strand else "a removed strand"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return short_date(value)
    return " ".join(str(value).split())


def _history_changes(records: list, plan: Plan, *, include_creation: bool) -> list[list[HistoryChange]]:
    """Field-by-field changes between consecutive historical records: one list per save, oldest save first."""
    tracked = _tracked_fields()
    # Names are looked up only for a lead or strand that changed: most actions keep theirs.
    lead_ids = {record.lead_officer_id for record in records}
    strand_ids = {record.strand_id for record in records}
    people = get_user_model().objects.in_bulk(lead_ids - {None}) if len(lead_ids) > 1 else {}
    strands = Strand.objects.in_bulk(strand_ids) if len(strand_ids) > 1 else {}
    legend = plan.legend
    saves: list[list[HistoryChange]] = []
    for position, record in enumerate(records):
        by = _by(record)
        on = timezone.localtime(record.history_date).date()
        changes: list[HistoryChange] = []
        saves.append(changes)
        if position == 0:
            if include_creation and record.history_type == "+":
                changes.append(HistoryChange(field="", label="Action added", old="", new="", by=by, on=on,
                                             at=record.history_date))
            continue
        before = records[position - 1]
        for name, attname, label in tracked:
            old, new = getattr(before, attname), getattr(record, attname)
            if old == new:
                continue
            changes.append(
                HistoryChange(
                    field=name,
                    label=label,
                    old=_field_value_text(name, old, legend=legend, people=people, strands=strands),
                    new=_field_value_text(name, new, legend=legend, people=people, strands=strands),
                    by=by,
                    on=on,
                    at=record.history_date,
                )
            )
    return saves


@cache
def _tracked_fields() -> tuple[tuple[str, str, str], ...]:
    """(name, attribute, label) of each field a reader sees change, in the model's order. Compared directly rather
    than through the history records' ``diff_against``, which costs more than the rest of the action's page."""
    return tuple(
        (f.name, f.attname, f.verbose_name[:1].upper() + f.verbose_name[1:])
        for f in Action._meta.fields if f.name not in HISTORY_HIDDEN_FIELDS
    )


def _by(record) -> str:
    return str(record.history_user) if record.history_user_id and record.history_user else "the system"


def action_history_diff(action: Action) -> list[HistoryChange]:
    """Everything that changed on the action, newest first, each change with who and when."""
    records = list(action.history.select_related("history_user").order_by("history_date", "history_id"))
    return changes_newest_first(records, action.plan)


def changes_newest_first(records: list, plan: Plan) -> list[HistoryChange]:
    """Every change that an action's history records (oldest first, with ``history_user``) tell, newest first."""
    saves = _history_changes(records, plan, include_creation=True)
    return [change for save in reversed(saves) for change in save]


@dataclass(frozen=True)
class UpdateVersion:
    """An earlier text of a monthly update, as it was saved."""

    rating: str
    reason: str
    narrative: str
    evidence: str
    by: str
    on: date


@dataclass(frozen=True)
class UpdateRevision:
    """A history line: "Update for November 2026 revised by Ann Admin, 3 Dec 2026: narrative “…” → “…”"."""

    month: date
    by: str
    on: date
    at: datetime
    changed: tuple[tuple[str, str, str], ...]  # (what, before, after)

    @property
    def text(self) -> str:
        changes = "; ".join(f"{what} “{before}” → “{after}”" for what, before, after in self.changed)
        return f"Update for {self.month:%B %Y} revised by {self.by}, {short_date(self.on)}: {changes}"

    def __str__(self) -> str:
        return self.text


_REVISED_FIELDS = (("narrative", "narrative"), ("evidence", "evidence"), ("rating", "rating"),
                   ("reason_for_worse_rating", "reason"))


def _shortened(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split()) or "nothing"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class UpdateHistory:
    earlier: dict[int, list[UpdateVersion]]  # update id → its earlier versions, newest first
    revisions: list[UpdateRevision]  # oldest first


def update_history(action: Action, updates: list) -> UpdateHistory:
    """Each of the action's updates' earlier versions and revisions, from one query of their history.

    ``updates`` are the action's (with ``pk`` and ``version``). Only a revised update (version 2 on) has earlier
    versions, so an action none of whose updates was revised needs no query at all.
    """
    revised = [update.pk for update in updates if update.version > 1]
    if not revised:
        return UpdateHistory(earlier={}, revisions=[])
    records = (
        ProgressUpdate.history.filter(id__in=revised).select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    return update_history_from(records, action.plan.legend)


def update_history_from(records, legend: Legend) -> UpdateHistory:
    """Earlier versions and revisions from updates' history records, ordered by update, then oldest first."""
    by_update: dict[int, list] = defaultdict(list)
    for record in records:
        by_update[record.id].append(record)
    history = UpdateHistory(earlier={}, revisions=[])
    for update_id, saves in by_update.items():
        history.earlier[update_id] = [
            UpdateVersion(rating=r.rating, reason=r.reason_for_worse_rating, narrative=r.narrative,
                          evidence=r.evidence, by=_by(r), on=timezone.localtime(r.history_date).date())
            for r in reversed(saves[:-1])
        ]
        for before, after in zip(saves, saves[1:], strict=False):
            changed = tuple(
                (label, _field_text(name, getattr(before, name), legend),
                 _field_text(name, getattr(after, name), legend))
                for name, label in _REVISED_FIELDS if getattr(before, name) != getattr(after, name)
            )
            if changed:
                history.revisions.append(UpdateRevision(
                    month=after.month, by=_by(after), on=timezone.localtime(after.history_date).date(),
                    at=after.history_date, changed=changed,
                ))
    return history


def _field_text(name: str, value, legend: Legend) -> str:
    return legend_entry(value, legend).label if name == "rating" else _shortened(value)


def action_history(action: Action, updates: UpdateHistory) -> list:
    """The action's change history with its updates' revisions, newest first."""
    return history_merged(action_history_diff(action), updates)


def history_merged(changes: list[HistoryChange], updates: UpdateHistory) -> list:
    """An action's changes and its updates' revisions in one list, newest first."""
    return sorted([*changes, *updates.revisions], key=lambda line: line.at or timezone.now(), reverse=True)


def action_at_version(action: Action, version: int):
    """The action as it was saved at ``version`` (its history record), or None if there is no such version."""
    return action.history.filter(version=version).order_by("-history_date", "-history_id").first()


def action_changes_since(action: Action, version: int) -> list[HistoryChange]:
    """What changed on the action after ``version`` (the version someone opened to edit), oldest first."""
    since = action.history.filter(version__gte=version).select_related("history_user")
    records = list(since.order_by("history_date", "history_id"))
    return [change for save in _history_changes(records, action.plan, include_creation=False) for change in save]
