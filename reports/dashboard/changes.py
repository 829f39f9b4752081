"""What changed in the plan between two days: rating moves with their reasons (the rating events), the actions newly
complete, due dates moved and by whom, and the actions added (the actions' history). Two queries whatever the
plan's size: the events in the window, and the history records in the window with each of those actions'
record from before it (three on SQLite, where the records before are a query of their own)."""
from datetime import date
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BooleanField
from django.utils import timezone

from actions.models import Action, Plan, RatingEvent
from actions.past_day import end_of_day
from actions.plan_as_of import newest_records
from actions.ratings import Legend, is_worse, legend_entry
from inspections.dates import long_date, short_date
from wsoa.written_sql import Columns, table

from .links import Links
from .plan_day import PlanDay
from .shapes import ActionRef, Changes, DueMove, RatingMove

HistoricalAction = Action.history.model


def _person(first: str | None, last: str | None, email: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or email or "the system"


def changes_between(plan: Plan, plan_day: PlanDay, links: Links, *, since: date) -> Changes:
    day, legend = plan_day.day, plan.legend
    complete = {entry.key for entry in legend if entry.complete}  # a key not in the legend is not complete
    moves, moved, newly_complete, complete_now = _rating_moves(plan, legend, links, since=since, day=day)
    due_moves, added, in_plan = _history_changes(plan, links, since=since, day=day, live=plan_day.live)
    if not plan_day.live:  # a past day: the plan's actions then, and their ratings, are the day's rows
        complete_now = {pk for pk, rating in plan_day.ratings_then.items() if rating in complete}
        in_plan = plan_day.ratings_then.keys()
    return Changes(
        since=since.isoformat(), since_words=long_date(since),
        moves=moves, moved_actions=len(moved), moves_link=links.actions(changed_since=since),
        newly_complete=[ref for pk, ref in newly_complete.items() if pk in complete_now],
        newly_complete_link=_complete_link(links, legend, since),
        due_moves=[move for move in due_moves if move.action.pk in in_plan],
        new_actions=[ref for ref in added if ref.pk in in_plan],
        new_actions_link=links.actions(added_since=since),
    )


def _complete_link(links: Links, legend: Legend, since: date) -> str:
    """Complete on the day with a rating change since: the last change of such an action was into complete."""
    key = next((entry.key for entry in legend if entry.complete), "")
    return links.actions(changed_since=since, rating=key) if key else ""


# What a list of rating moves shows of each event: its action, who made it, and when it counts from; the action's
# rating today last. Read by one query written as SQL (the ORM took longer to build it than the database to
# answer it), the events as ``actions.selectors.rating_changes_between`` picks them.
MOVES = Columns(
    ("acted_on", Action, "id"), ("acted_on", Action, "reference"), ("acted_on", Action, "title"),
    ("event", RatingEvent, "from_rating"), ("event", RatingEvent, "to_rating"), ("event", RatingEvent, "reason"),
    ("person", get_user_model(), "first_name"), ("person", get_user_model(), "last_name"),
    ("person", get_user_model(), "email"), ("event", RatingEvent, "effective_on"), ("acted_on", Action, "rating"),
)


@cache
def _moves_sql() -> str:
    return (
        f"SELECT {MOVES.sql}"  # noqa: S608 (names only)
        f" FROM {table(RatingEvent)} AS event JOIN {table(Action)} AS acted_on ON acted_on.id = event.action_id"
        f" LEFT JOIN {table(get_user_model())} AS person ON person.id = event.by_id"
        " WHERE event.plan_id = %s AND event.effective_on > %s AND event.effective_on <= %s"
        " ORDER BY event.effective_on, event.id"
    )


def _events_between(plan: Plan, since: date, day: date) -> list:
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.execute(_moves_sql(), (plan.pk, adapt(since), adapt(day)))
        return MOVES.rows(cursor)


def _rating_moves(plan: Plan, legend: Legend, links: Links, *, since: date, day: date):
    """The moves, the actions moved, those moved into complete, and those of them complete today (their live
    rating, read with the events)."""
    moves, moved, newly_complete, complete_today = [], set(), {}, set()
    complete = {entry.key for entry in legend if entry.complete}  # a key not in the legend is not complete
    events = _events_between(plan, since, day)
    for pk, reference, title, from_rating, to_rating, reason, first, last, email, effective_on, now in events:
        if not from_rating:
            continue  # "added with this rating": a new action, not a move
        action = ActionRef(pk, reference, title, links.action(pk))
        moves.append(RatingMove(
            action=action, from_label=legend_entry(from_rating, legend).label,
            to_label=legend_entry(to_rating, legend).label,
            worse=is_worse(from_rating, to_rating, legend=legend), reason=reason,
            by=_person(first, last, email), on=effective_on.isoformat(), on_words=short_date(effective_on),
        ))
        moved.add(pk)
        if legend_entry(to_rating, legend).complete:
            newly_complete[pk] = action
            if now in complete:
                complete_today.add(pk)
    return moves, moved, newly_complete, complete_today


def _due_words(due_date: date | None, ongoing: bool) -> str:
    return "Ongoing" if ongoing else long_date(due_date) if due_date else "Not set"


# Each record in the window: who saved it, then (``live``) whether its action is in the plan today, then its
# history id (for the order), then (``lateral``) its action's record before the window, if there is one.
_RECORD = Columns(*(("record", HistoricalAction, name) for name in ("id", "history_type", "history_date", "reference",
                                                                   "title", "due_date", "ongoing")),
                  *(("person", get_user_model(), name) for name in ("first_name", "last_name", "email")))


@cache
def _window_columns(*, live: bool, lateral: bool) -> Columns:
    in_plan = (f"EXISTS (SELECT 1 FROM {table(Action)} AS live"  # noqa: S608 (names only)
               " WHERE live.id = record.id AND live.plan_id = %s)", BooleanField())
    before = (("earlier.found IS NOT NULL", BooleanField()), ("earlier", HistoricalAction, "due_date"),
              ("earlier", HistoricalAction, "ongoing"))
    return Columns(*_RECORD.columns, *([in_plan] if live else []), ("record", HistoricalAction, "history_id"),
                   *(before if lateral else ()))


@cache
def _window_sql(*, live: bool, lateral: bool) -> str:
    """The history records of the plan's actions saved in the window, oldest first for each action, with who
    saved them, written once (the ORM took longer to build it than the database to answer it); with ``lateral``
    (PostgreSQL) each joined with (whether there is one, due date, ongoing) of its action's newest record before
    the window."""
    sql = (f"SELECT {_window_columns(live=live, lateral=lateral).sql} FROM {table(HistoricalAction)} AS record"  # noqa: S608
           f" LEFT JOIN {table(get_user_model())} AS person ON person.id = record.history_user_id")
    if lateral:
        sql += (
            f" LEFT JOIN LATERAL (SELECT true AS found, due_date, ongoing FROM {table(HistoricalAction)} AS before"  # noqa: S608
            " WHERE before.id = record.id AND before.plan_id = %s AND before.history_date < %s"
            " ORDER BY before.history_date DESC, before.history_id DESC LIMIT 1) AS earlier ON true"
        )
    return sql + (" WHERE record.plan_id = %s AND record.history_date >= %s AND record.history_date < %s"
                  " ORDER BY record.id, record.history_date, record.history_id")


def _with_record_before(plan: Plan, start, end, *, live: bool) -> list:
    """The records in the window, oldest first for each action (with, when ``live``, whether the action is in the
    plan today), each with (whether there is one, due date, ongoing) of its action's newest record before
    ``start``: on PostgreSQL in one query, the record before as a lateral join; on another database (the embedded
    default's SQLite) a second query for the records before, the same answer."""
    lateral, ops = connection.vendor == "postgresql", connection.ops
    window = (plan.pk, ops.adapt_datetimefield_value(start), ops.adapt_datetimefield_value(end))
    params = [*([plan.pk] if live else []), *([plan.pk, window[1]] if lateral else []), *window]
    with connection.cursor() as cursor:
        cursor.execute(_window_sql(live=live, lateral=lateral), params)
        rows = _window_columns(live=live, lateral=lateral).rows(cursor)
    if lateral:
        return [(*row[:-4], *row[-3:]) for row in rows]  # the history id was for the order only
    earlier = newest_records(HistoricalAction, start, plan_id=plan.pk).filter(id__in={row[0] for row in rows})
    found = {pk: (True, due_date, ongoing)
             for pk, due_date, ongoing in earlier.values_list("id", "due_date", "ongoing")}
    return [(*row[:-1], *found.get(row[0], (False, None, None))) for row in rows]


def _history_changes(plan: Plan, links: Links, *, since: date, day: date, live: bool):
    """Due dates moved and actions added after ``since`` up to the end of ``day``, from the actions' history: the
    records in the window, oldest first, each compared with the one before it; and (``live``) which of their
    actions are in the plan today."""
    start, end = end_of_day(since), end_of_day(day)
    records, in_plan, before = [], set(), {}
    for *row, found, due_before, ongoing_before in _with_record_before(plan, start, end, live=live):
        records.append(row[:len(_RECORD.columns)])
        if live and row[-1]:
            in_plan.add(row[0])
        if found:
            before.setdefault(row[0], (due_before, ongoing_before))
    due_moves, added = [], []
    for pk, kind, at, reference, title, due_date, ongoing, first, last, email in records:
        ref = ActionRef(pk, reference, title, links.action(pk))
        if kind == "+":
            added.append(ref)
        elif kind == "~" and pk in before and before[pk] != (due_date, ongoing):
            due_moves.append((at, DueMove(
                action=ref, from_words=_due_words(*before[pk]), to_words=_due_words(due_date, ongoing),
                by=_person(first, last, email), on_words=short_date(timezone.localdate(at)),
            )))
        before[pk] = (due_date, ongoing)
    added.sort(key=lambda ref: ref.reference)
    return [move for _, move in sorted(due_moves, key=lambda pair: pair[0])], added, in_plan
