"""The figures a subgroup's report to a board meeting carries, as plain JSON: its strands' actions by rating at
the last meeting and now, the ratings that moved since and why, the actions completed, those overdue, and its
impact measures with their trend in words.

Eight queries whatever the number of strands, actions and measures (the tests hold it). The JSON is what the
report keeps in ``SubgroupReport.data``: a submitted report shows its figures as they were when it went to the
board, whatever is corrected in the plan afterwards.
"""
from collections import defaultdict
from datetime import date

from django.db.models import Prefetch

from actions.measure_trends import facts_of, measure_trend
from actions.models import Action, ImpactMeasure, MeasureReading, Strand, Subgroup
from actions.ratings import is_complete, legend_entry, legend_to_json
from actions.selectors import rating_changes_between, ratings_on
from inspections.dates import long_date

from .models import Meeting

FIGURES_FORMAT = 1
# The day before any plan: "moved since" when there was no meeting before this one.
BEFORE_ANY_PLAN = date(1900, 1, 1)


def figures_as_of(meeting: Meeting, today: date) -> date:
    """The day the figures are read on: the meeting's reports-due day, or today when that is still to come."""
    return min(meeting.reports_due_on, today)


def previous_meeting_of(meeting: Meeting) -> Meeting | None:
    """The board's meeting before this one that was not cancelled: the one the figures are compared with."""
    return (
        Meeting.objects.filter(board_id=meeting.board_id, held_on__lt=meeting.held_on)
        .exclude(status=Meeting.Status.CANCELLED).order_by("-held_on", "-pk").first()
    )


def report_figures(*, subgroup: Subgroup, meeting: Meeting, today: date) -> dict:
    """The figures for ``subgroup``'s report to ``meeting``, read on :func:`figures_as_of`, as JSON-ready data.

    ``subgroup.plan`` should be loaded. "Then" is the end of the previous meeting's day (or nothing, for a
    board's first meeting); a previous meeting still to come on the day read (a report started early) is read
    on that day instead, so "then" is never after "now".
    """
    plan, legend = subgroup.plan, subgroup.plan.legend
    as_of = figures_as_of(meeting, today)
    previous = previous_meeting_of(meeting)
    then_on = min(previous.held_on, as_of) if previous else None
    strands = list(Strand.objects.filter(subgroup=subgroup).order_by("number").values_list("pk", "number", "title"))
    now = _ratings(plan, subgroup, as_of)
    then = _ratings(plan, subgroup, then_on) if then_on else {}
    actions = list(
        Action.objects.filter(strand__subgroup=subgroup).select_related("lead_officer").order_by("sort_key", "pk")
        .only("pk", "reference", "title", "strand_id", "due_date", "ongoing", "completed_on", "lead_name",
              "lead_officer__first_name", "lead_officer__last_name", "lead_officer__email")
    )
    return {
        "format": FIGURES_FORMAT,
        "as_of": as_of.isoformat(), "as_of_words": long_date(as_of),
        "previous_meeting_on": then_on.isoformat() if then_on else None,
        "previous_meeting_words": long_date(then_on) if then_on else "",
        "section_word": plan.section_word,
        "legend": legend_to_json(legend),
        "strands": _strand_counts(strands, then, now, legend, compared=then_on is not None),
        "moves": _moves(plan, subgroup, after=then_on or BEFORE_ANY_PLAN, until=as_of, legend=legend),
        "completed": [
            {"reference": action.reference, "title": action.title}
            for action in actions
            if _complete(now.get(action.pk), legend) and not _complete(then.get(action.pk), legend)
        ],
        "overdue": [
            {"reference": action.reference, "title": action.title, "due": action.due_date.isoformat(),
             "due_words": long_date(action.due_date), "lead": action.lead_display,
             "rating": now.get(action.pk, (None, "not_started"))[1]}
            for action in actions if _overdue(action, as_of)
        ],
        "measures": _measures(subgroup, as_of),
    }


def _ratings(plan, subgroup: Subgroup, day: date) -> dict[int, tuple[int, str]]:
    """Each of the subgroup's actions (as its strands hold them now) → (strand id, rating) at the end of ``day``."""
    rows = ratings_on(plan, day).filter(action__strand__subgroup=subgroup).values_list(
        "action_id", "action__strand_id", "to_rating"
    )
    return {action_id: (strand_id, rating) for action_id, strand_id, rating in rows}


def _complete(held: tuple[int, str] | None, legend) -> bool:
    return held is not None and is_complete(held[1], legend)


def _overdue(action: Action, day: date) -> bool:
    """Past its due date on ``day`` and not completed by then."""
    if action.ongoing or action.due_date is None or action.due_date >= day:
        return False
    return action.completed_on is None or action.completed_on > day


def _strand_counts(strands, then: dict, now: dict, legend, *, compared: bool) -> list[dict]:
    counted: dict[str, dict[int, dict[str, int]]] = {"then": defaultdict(dict), "now": defaultdict(dict)}
    for name, held in (("then", then), ("now", now)):
        for strand_id, rating in held.values():
            counts = counted[name][strand_id]
            counts[rating] = counts.get(rating, 0) + 1
    keys = [entry.key for entry in legend]
    keys += sorted({rating for _, rating in [*then.values(), *now.values()]} - set(keys))
    rows = []
    for pk, number, title in strands:
        before, after = counted["then"][pk], counted["now"][pk]
        counts = [
            {"rating": key, "then": before.get(key, 0) if compared else None, "now": after.get(key, 0),
             "change": after.get(key, 0) - before.get(key, 0) if compared else None}
            for key in keys
        ]
        rows.append({
            "number": number, "title": title, "counts": counts,
            "total_then": sum(before.values()) if compared else None, "total_now": sum(after.values()),
        })
    return rows


def _moves(plan, subgroup: Subgroup, *, after: date, until: date, legend) -> list[dict]:
    changes = rating_changes_between(plan, after, until).filter(action__strand__subgroup=subgroup)
    return [
        {
            "reference": change.action.reference, "title": change.action.title,
            "from": change.from_rating, "to": change.to_rating,
            "words": f"{legend_entry(change.from_rating, legend).label if change.from_rating else 'Added'} → "
                     f"{legend_entry(change.to_rating, legend).label}",
            "reason": change.reason, "on": change.effective_on.isoformat(), "on_words": long_date(change.effective_on),
        }
        for change in changes
    ]


def _measures(subgroup: Subgroup, as_of: date) -> list[dict]:
    readings = MeasureReading.objects.filter(period__lte=as_of).order_by("period")
    measures = (
        ImpactMeasure.objects.filter(strand__subgroup=subgroup).select_related("strand")
        .prefetch_related(Prefetch("readings", queryset=readings)).order_by("strand__number", "name", "pk")
    )
    rows = []
    for measure in measures:
        trend = measure_trend(facts_of(measure))
        rows.append({
            "name": measure.name, "strand": measure.strand.number, "summary": trend.summary,
            "standing": trend.standing.words, "on_track": trend.on_track,
        })
    return rows
