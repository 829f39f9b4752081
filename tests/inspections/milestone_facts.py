"""Inspection facts and rule edits for the deadline tests, and picking milestones out of what the engine returns."""

from datetime import date

from inspections.deadline_table import DEFAULT_RULES, DeadlineRule
from inspections.deadlines import ComputedMilestone, InspectionFacts
from tests.inspections import barnsley

BARNSLEY_RECEIVED = barnsley.RECEIVED
BARNSLEY_PUBLISHED = barnsley.PUBLISHED
BARNSLEY_DEADLINE = barnsley.WSOA_DUE

def wsoa_inspection(**facts) -> InspectionFacts:
    return InspectionFacts(framework="2016", wsoa_required=True, **facts)


def area_send_inspection(**facts) -> InspectionFacts:
    return InspectionFacts(framework="2023", **facts)


def only(milestones: list[ComputedMilestone], key: str) -> ComputedMilestone:
    matching = [milestone for milestone in milestones if milestone.key == key]
    assert len(matching) == 1, f"expected one {key}, got {matching}"
    return matching[0]


def keys_of(milestones: list[ComputedMilestone]) -> set[str]:
    return {milestone.key for milestone in milestones}


def due_dates(milestones: list[ComputedMilestone], key: str) -> list[date]:
    return [milestone.due for milestone in milestones if milestone.key == key]


def default_rule(key: str) -> DeadlineRule:
    return next(rule for rule in DEFAULT_RULES if rule.key == key)


def rules_with(**replacements: DeadlineRule | None) -> tuple[DeadlineRule, ...]:
    """DEFAULT_RULES with some rules replaced (or dropped, with None), as an administrator's edits would."""
    rules = []
    for rule in DEFAULT_RULES:
        changed = replacements.get(rule.key, rule)
        if changed is not None:
            rules.append(changed)
    return tuple(rules)
