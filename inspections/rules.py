"""Deadline rules kept in the database: turning a stored row into an engine rule and back."""

from .deadline_table import DeadlineRule

CONDITION_FIELDS = {
    "outcomes": "applies_to_outcomes",
    "decisions": "applies_to_decisions",
    "revisit_progress": "applies_to_revisit_progress",
}
PLAIN_FIELDS = (
    "key",
    "milestone",
    "framework",
    "label",
    "anchor",
    "amount",
    "unit",
    "repeat_every_months",
    "repeat_within_months",
    "repeat_at_least",
    "requires_wsoa",
    "official_deadline_overrides",
    "estimated",
    "approximate",
    "roll",
    "source",
    "confidence",
    "note",
)


def rule_as_row(rule: DeadlineRule) -> dict:
    row = {name: getattr(rule, name) for name in PLAIN_FIELDS}
    row["repeat_at_least"] = rule.repeat_at_least or 0
    row["conditions"] = {
        name: sorted(getattr(rule, field), key=lambda value: (value is None, str(value)))
        for name, field in CONDITION_FIELDS.items()
        if getattr(rule, field)
    }
    return row


def rule_from_row(row) -> DeadlineRule:
    """An engine rule from a stored row (a model instance or a dict); raises RuleError if it is inconsistent."""
    get = row.get if isinstance(row, dict) else lambda name, default=None: getattr(row, name, default)
    conditions = get("conditions") or {}
    return DeadlineRule(
        **{name: get(name) for name in PLAIN_FIELDS},
        **{field: conditions.get(name, ()) for name, field in CONDITION_FIELDS.items()},
    )
