"""The one place an action's rating changes: the rule applied to the action, and the event it records.

Edits, monthly updates and spreadsheet imports all come here (imports apply the same rule row by row in
their preview, then write the events in bulk), so they refuse in the same words and record the same row.
"""
from dataclasses import dataclass
from datetime import date

from .errors import ActionPlanError
from .models import Action, ProgressUpdate, RatingEvent
from .ratings import RatingDecision, RatingRefused, legend_keys, rating_change_decide, rating_change_wording


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
    (as it never did), and records no event. Any other change is the newest, and
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
        field = "rating" if to not in legend_keys(legend) else reason_field
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
    # An update for an earlier month than one the action has does not change its rating: no event (its own
    # row keeps the month's rating), so the newest event is always the action's rating.
    if decision.changes and change.newest:
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
