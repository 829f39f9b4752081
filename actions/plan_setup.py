"""Setting a plan up from its pages: its subgroups and its strands saved a page of rows at a time.

A page of rows is saved whole or not at all: one row the services refuse (a strand number taken, a lead with
no role in the area) leaves every row as it was, and says which row it was. Each row goes through the service
that adds or changes one subgroup or strand, so the checks and the history are theirs.
"""
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from inspections.models import SignificantWeakness

from . import services
from .errors import ActionPlanError
from .models import Plan, Strand, Subgroup


class RowRefused(Exception):
    """Row ``index`` of the page could not be saved; ``error`` says why, by field."""

    def __init__(self, index: int, error: ActionPlanError):
        super().__init__(str(error))
        self.index = index
        self.error = error


@dataclass(frozen=True)
class SubgroupRow:
    name: str
    lead: object | None
    members: Sequence = ()
    subgroup: Subgroup | None = None  # None: a new subgroup


@dataclass(frozen=True)
class StrandRow:
    number: int
    title: str
    weaknesses: Sequence[SignificantWeakness] = field(default=())
    subgroup: Subgroup | None = None
    strand: Strand | None = None  # None: a new strand


def _each_row_saved(rows: Sequence, save_one, *, order: Sequence[int] | None = None) -> list:
    """Save each row with ``save_one`` in one transaction; the first row refused undoes them all."""
    saved = []
    with transaction.atomic():
        for index in range(len(rows)) if order is None else order:
            try:
                saved.append(save_one(rows[index]))
            except ActionPlanError as error:
                raise RowRefused(index, error) from None
    return saved


def subgroups_save(*, plan: Plan, by, rows: Sequence[SubgroupRow]) -> list[Subgroup]:
    """Add the new subgroups and change the others, in one transaction."""

    def save_one(row: SubgroupRow) -> Subgroup:
        if row.subgroup is None:
            return services.subgroup_create(plan=plan, by=by, name=row.name, lead=row.lead, members=row.members)
        return _subgroup_change(row, by=by)

    return _each_row_saved(rows, save_one)


def _subgroup_change(row: SubgroupRow, *, by) -> Subgroup:
    changes = _changes_to(row.subgroup, {"name": row.name.strip(), "lead": row.lead}, members=row.members)
    return services.subgroup_update(subgroup=row.subgroup, by=by, **changes) if changes else row.subgroup


def _changes_to(instance, fields: dict, **related) -> dict:
    """Only what differs from the saved instance, a many-to-many field by the set of what it holds: an unchanged
    row writes no history."""
    changes = {name: value for name, value in fields.items() if getattr(instance, name) != value}
    for name, chosen in related.items():
        chosen = list(chosen)
        if {item.pk for item in chosen} != {item.pk for item in getattr(instance, name).all()}:
            changes[name] = chosen
    return changes


def strands_save(*, plan: Plan, by, rows: Sequence[StrandRow]) -> list[Strand]:
    """Change the existing strands, then add the new ones, in one transaction (so a strand renumbered from 2
    to 3 frees 2 for a new row)."""

    def save_one(row: StrandRow) -> Strand:
        if row.strand is None:
            return services.strand_create(
                plan=plan, by=by, number=row.number, title=row.title, weaknesses=row.weaknesses,
                subgroup=row.subgroup,
            )
        return _strand_change(row, by=by)

    return _each_row_saved(rows, save_one, order=sorted(range(len(rows)), key=lambda i: rows[i].strand is None))


def _strand_change(row: StrandRow, *, by) -> Strand:
    fields = {"number": row.number, "title": row.title.strip(), "subgroup": row.subgroup}
    changes = _changes_to(row.strand, fields, weaknesses=row.weaknesses)
    return services.strand_update(strand=row.strand, by=by, **changes) if changes else row.strand
