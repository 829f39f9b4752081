"""The plan's lifecycle: which step may follow which, and the date each step records on the inspection."""

from .models import Inspection

S = Inspection.Status

# from status -> the statuses it may move to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.APPROVED, S.CLOSED),
    S.APPROVED: (S.SUBMITTED, S.DRAFT),
    S.SUBMITTED: (S.FIT, S.NOT_FIT),
    S.NOT_FIT: (S.RESUBMITTED,),
    S.RESUBMITTED: (S.FIT, S.NOT_FIT),
    S.FIT: (S.ACCEPTED,),
    S.ACCEPTED: (S.MONITORING, S.REVISIT),
    S.MONITORING: (S.REVISIT, S.CLOSED),
    S.REVISIT: (S.CLOSED, S.ACCELERATED),
    S.ACCELERATED: (S.CLOSED,),
    S.CLOSED: (),
}

# the inspection field each step dates
DATE_FIELD_FOR: dict[str, str] = {
    S.SUBMITTED: "submitted_on",
    S.FIT: "decided_on",
    S.NOT_FIT: "decided_on",
    S.RESUBMITTED: "resubmitted_on",
    S.ACCEPTED: "accepted_on",
    S.REVISIT: "revisit_published_on",
    S.CLOSED: "closed_on",
}


class TransitionError(ValueError):
    """A lifecycle step that is not allowed from where the plan is now."""


def allowed_next(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def check_transition(current: str, target: str) -> None:
    if target not in allowed_next(current):
        allowed = ", ".join(f"“{S(value).label}”" for value in allowed_next(current)) or "nothing (it is closed)"
        raise TransitionError(
            f"The plan is “{S(current).label}”, so it cannot move to “{S(target).label}”. It can move to {allowed}."
        )
