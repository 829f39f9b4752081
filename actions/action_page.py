"""What today's page of an action lists beside the action: its monthly updates and its evidence.

The updates are plain values, their author and reviser named in the same query: the page shows a handful of each
update's fields, and thirty updates made into model instances, each with its two people, cost more to build than
the rest of the page's reads.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from wsoa.models import User

from .history import UpdateHistory, update_history
from .models import Action, EvidenceItem, ProgressUpdate


@dataclass
class UpdateShown:
    """A monthly update as the action's page shows it, its people by name (None for someone no longer here)."""

    pk: int
    month: date
    rating: str
    reason_for_worse_rating: str
    narrative: str
    evidence: str
    version: int
    author: str | None
    created_at: datetime
    revised_by_id: int | None
    revised_by: str | None
    revised_at: datetime | None
    earlier_versions: list = field(default_factory=list)  # newest first, from the updates' history


_PEOPLE = ("author", "revised_by")
_NAMED = ("first_name", "last_name", "email")


@dataclass(frozen=True)
class UpdatesShown:
    updates: list[UpdateShown]  # newest month first, each with its earlier versions
    revisions: UpdateHistory  # their revisions, which the action's history lists among its changes


def updates_shown(action: Action) -> UpdatesShown:
    """The action's updates, newest month first (the newest saved first within a month), each with its earlier
    versions from the updates' history (a query only when one of them was revised)."""
    rows = (
        ProgressUpdate.objects.filter(action_id=action.pk).order_by("-month", "-created_at")
        .values_list("pk", "month", "rating", "reason_for_worse_rating", "narrative", "evidence", "version",
                     "created_at", "revised_by_id", "revised_at",
                     *(f"{person}__{name}" for person in _PEOPLE for name in _NAMED))
    )
    updates = [
        UpdateShown(
            pk=pk, month=month, rating=rating, reason_for_worse_rating=reason, narrative=narrative,
            evidence=evidence, version=version, created_at=created_at, revised_by_id=revised_by_id,
            revised_at=revised_at, author=_name(*people[:3]), revised_by=_name(*people[3:]),
        )
        for pk, month, rating, reason, narrative, evidence, version, created_at, revised_by_id, revised_at, *people
        in rows
    ]
    revisions = update_history(action, updates)
    for update in updates:
        update.earlier_versions = revisions.earlier.get(update.pk, [])
    return UpdatesShown(updates=updates, revisions=revisions)


def _name(first_name: str | None, last_name: str | None, email: str | None) -> str | None:
    return None if email is None else User.name_of(first_name=first_name, last_name=last_name, email=email)


def evidence_of(action: Action) -> list[EvidenceItem]:
    """The evidence supporting the action, newest first, with who added it."""
    return list(
        EvidenceItem.objects.filter(actions=action.pk).select_related("added_by").order_by("-dated", "-added_at", "-pk")
    )
