"""Whose turn it is: one subgroup's spotlight per meeting, round-robin, continuing from the last one given.

Pure: no database. The rule (docs/decisions/0012-governance.md):
- the subgroups take turns in the order given (the board's plan orders them by their lowest strand number);
- meetings are walked in date order; a meeting whose spotlight is fixed (held, in the past, or chosen by a
  person) keeps it, and the next open meeting continues from it;
- a cancelled meeting does not take a turn: its subgroup presents at the next meeting instead;
- a subgroup added later joins at its place in the order; one that left is skipped (if the last spotlight
  went to a subgroup no longer in the order, the turn starts again from the first).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """One meeting in the rotation: ``open`` ones are given a spotlight; the others say who had theirs."""

    key: Hashable
    spotlight: Hashable | None = None
    open: bool = True
    cancelled: bool = False


def next_in_turn(order: Sequence[Hashable], last: Hashable | None) -> Hashable | None:
    if not order:
        return None
    if last not in order:
        return order[0]
    return order[(order.index(last) + 1) % len(order)]


def spotlight_rotation(order: Sequence[Hashable], slots: Sequence[Slot]) -> dict[Hashable, Hashable | None]:
    """The spotlight for each open slot (by key), given the slots in date order."""
    given: dict[Hashable, Hashable | None] = {}
    last = None
    for slot in slots:
        if slot.cancelled:
            continue
        if slot.open:
            given[slot.key] = next_in_turn(order, last)
            last = given[slot.key]
        elif slot.spotlight is not None:
            last = slot.spotlight
    return given
