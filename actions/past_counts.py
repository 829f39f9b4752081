"""A past day's actions counted for a board's dashboard: by strand and rating, overdue, owing the month's update
and due before the next meeting. On PostgreSQL grouped in the query (``counted_groups_as_of``: fetching a
thousand rows took longer than the query itself); elsewhere (the embedded default's SQLite) each action's row
(``actions_counted_as_of``), which the dashboard tallies."""
from datetime import date
from functools import cache

from django.db import connection

from wsoa.written_sql import table

from .action_as_of import HistoricalUpdate
from .models import Action, Plan, RatingEvent
from .past_day import end_of_day
from .past_filters import updates_for_month_by
from .plan_as_of import REMOVED, HistoricalAction, plan_existed
from .plan_parts_as_of import records_and_events_sql


def actions_counted_as_of(plan: Plan, day: date) -> list[tuple[int, int, str, date | None, date | None, bool]]:
    """Each action of the plan at the end of ``day`` as (pk, strand, rating then, due date, completed on, whether
    it had its update for the day's month by then), in action order (not reference order: sorting the references
    by the database's collation took longer than the rest of the query): what counting the plan by rating, deadline
    and update needs, and nothing else (a board's dashboard). One query, the records and events from their indexes
    alone: the picks of ``rating_counts_as_of``, joined, not grouped, with the month's updates
    (``past_filters.updates_for_month_by``); the rating then is the event's, else the record's, as ``rating_then``
    has it."""
    if not plan_existed(plan, day):
        return []
    records_sql, events_sql, params = records_and_events_sql(
        plan, day, "strand_id", "rating", "due_date", "completed_on")
    posted = updates_for_month_by(plan.pk, day).order_by().values("action_id").distinct()
    posted_sql, posted_params = posted.query.sql_with_params()
    # The text put in is the ORM's own SQL; every value is a parameter.
    counted = (
        "SELECT record.id, record.strand_id, COALESCE(event.to_rating, record.rating), record.due_date,"  # noqa: S608
        f" record.completed_on, posted.action_id IS NOT NULL FROM ({records_sql}) AS record"
        f" LEFT JOIN ({events_sql}) AS event ON event.action_id = record.id"
        f" LEFT JOIN ({posted_sql}) AS posted ON posted.action_id = record.id"
        " WHERE record.history_type <> %s ORDER BY record.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(counted, (*params, *posted_params, REMOVED))
        return [(*row[:5], bool(row[5])) for row in cursor.fetchall()]


@cache
def _counted_from() -> str:
    """The picks the ORM builds (``plan_parts_as_of.records_and_events_sql``, ``past_filters.updates_for_month_by``),
    written once: each action's newest record by the end of the day, its newest rating event by then, and whether
    its update for the day's month had been posted."""
    records, events, updates = table(HistoricalAction), table(RatingEvent), table(HistoricalUpdate)
    return (
        " FROM (SELECT DISTINCT ON (id) id, history_type, strand_id, rating, due_date, completed_on"  # noqa: S608
        f" FROM {records} WHERE history_date < %s AND plan_id = %s"
        " ORDER BY id, history_date DESC, history_id DESC) AS record"
        f" LEFT JOIN (SELECT DISTINCT ON (action_id) action_id, to_rating FROM {events}"
        " WHERE effective_on <= %s AND plan_id = %s ORDER BY action_id, effective_on DESC, id DESC) AS event"
        " ON event.action_id = record.id"
        f" LEFT JOIN (SELECT DISTINCT posted.action_id FROM {updates} AS posted"
        f" JOIN {table(Action)} AS action ON action.id = posted.action_id"
        " WHERE action.plan_id = %s AND posted.history_date < %s AND posted.history_type = '+'"
        " AND posted.month = %s) AS posted ON posted.action_id = record.id"
        " WHERE record.history_type <> %s"
    )


def _from_params(plan: Plan, day: date) -> tuple:
    end = end_of_day(day)
    return end, plan.pk, day, plan.pk, plan.pk, end, day.replace(day=1), REMOVED


def counted_groups_as_of(plan: Plan, day: date, until: date | None) -> list[tuple] | None:
    """On PostgreSQL, the plan's actions at the end of ``day`` grouped by (strand, rating then), each group as
    (strand, rating, how many, overdue, owing the month's update, due from the day up to ``until``, the actions'
    keys), with the rules of ``reports.dashboard.plan_day.PlanDay.tally``; None on another database."""
    if connection.vendor != "postgresql":
        return None
    if not plan_existed(plan, day):
        return []
    open_ = "record.completed_on IS NULL"
    sql = (
        "SELECT record.strand_id, COALESCE(event.to_rating, record.rating), COUNT(*),"
        f" COUNT(*) FILTER (WHERE {open_} AND record.due_date < %s),"
        f" COUNT(*) FILTER (WHERE {open_} AND posted.action_id IS NULL),"
        f" COUNT(*) FILTER (WHERE {open_} AND record.due_date >= %s AND record.due_date <= %s),"
        f" ARRAY_AGG(record.id){_counted_from()} GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (day, day, until, *_from_params(plan, day)))
        return cursor.fetchall()
