"""The parts of the plan at the end of a past day that its pages show: the overview (its counts by rating), one
strand with its actions, one page of the action list. The same records and rules as ``plan_as_of``, which builds
the whole plan as objects; here PostgreSQL picks, filters, counts and pages, so a page reads only what it shows.

The rating then is the newest rating event effective by the day, else the history record's: ``rating_then``
(``past_day.rating_then`` says the same for one action, and picks the reason; the tests hold the two together).
"""
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.contrib.auth import get_user_model
from django.core.exceptions import FullResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from wsoa.written_sql import column_converters, converted_rows, table

from .action_as_of import HistoricalUpdate
from .models import Action, Plan, RatingEvent
from .overview import PlanOverview, StrandAsOf, overview_of
from .past_day import Saved, end_of_day
from .plan_as_of import (
    ACTION_AS_OF_FIELDS,
    LEAD,
    REMOVED,
    ActionAsOf,
    HistoricalAction,
    HistoricalStrand,
    action_from,
    newest_of_each,
    newest_records,
    plan_existed,
    strands_as_of,
    weaknesses_of,
)
from .selectors import ActionFilters, RatingCount, actions_filtered, overdue_q, rating_counts_of


def _newest_event(plan: Plan, day: date) -> QuerySet:
    """The action's (``OuterRef("id")``) newest rating event effective by ``day``, as ``selectors.ratings_on``
    picks it: a walk down the index on plan, action and effective day."""
    return RatingEvent.objects.filter(plan_id=plan.pk, action_id=OuterRef("id"), effective_on__lte=day).order_by(
        "-effective_on", "-id"
    )


def rating_then(plan: Plan, day: date):
    """The rating at the end of ``day`` of the history record's action: its newest event's, else the record's (an
    action with no events, such as one removed since, whose events went with it)."""
    return Coalesce(Subquery(_newest_event(plan, day).values("to_rating")[:1]), F("rating"))


@dataclass(frozen=True)
class RatingCountsAsOf:
    """How many actions each strand had at each rating at the end of a day, and how many were overdue."""

    per_strand: dict[int, dict[str, int]]
    overdue_per_strand: dict[int, int]


def records_and_events_sql(plan: Plan, day: date, *fields, **expressions) -> tuple[str, str, tuple]:
    """Each action's newest record by the end of ``day`` (``fields`` of it) and its newest rating event by then,
    as the SQL of two DISTINCT ON picks, each from an index that has every column it needs (an index-only scan),
    and their parameters, records' first. Joined on the action, in action order, they merge."""
    records = newest_records(HistoricalAction, end_of_day(day), plan_id=plan.pk).values(
        "id", "history_type", *fields, **expressions)
    events = newest_of_each(
        RatingEvent.objects.filter(plan_id=plan.pk, effective_on__lte=day), key="action_id",
        order=("-effective_on", "-id"), pk="id",
    ).values("action_id", "to_rating")
    records_sql, records_params = records.query.sql_with_params()
    events_sql, events_params = events.query.sql_with_params()
    return records_sql, events_sql, (*records_params, *events_params)


def rating_counts_as_of(plan: Plan, day: date) -> RatingCountsAsOf:
    """The counts by strand and rating at the end of ``day``, grouped in the database: one query.

    The ORM cannot select from a subquery, so the two picks (``records_and_events_sql``) are built by the ORM and
    the join around them is written here."""
    records_sql, events_sql, params = records_and_events_sql(
        plan, day, "strand_id", "rating", overdue=ExpressionWrapper(overdue_q(day), BooleanField()))
    # The text put in is the ORM's own SQL; every value is a parameter.
    counted = (
        "SELECT record.strand_id, COALESCE(event.to_rating, record.rating), COUNT(*),"  # noqa: S608
        " COUNT(*) FILTER (WHERE record.overdue)"
        f" FROM ({records_sql}) AS record LEFT JOIN ({events_sql}) AS event ON event.action_id = record.id"
        " WHERE record.history_type <> %s GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(counted, (*params, REMOVED))
        rows = cursor.fetchall()
    per_strand: dict[int, dict[str, int]] = {}
    overdue: dict[int, int] = {}
    for strand_id, rating, count, overdue_count in rows:
        per_strand.setdefault(strand_id, {})[rating] = count
        overdue[strand_id] = overdue.get(strand_id, 0) + overdue_count
    return RatingCountsAsOf(per_strand=per_strand, overdue_per_strand=overdue)


@dataclass(frozen=True)
class Matching:
    """The history ids of the records then that the filters let through, in reference order (from ``offset``, at
    most ``limit`` of them), and how many match in all."""

    history_ids: list[int]
    count: int


def records_matching(plan: Plan, day: date, filters: ActionFilters, *, offset: int = 0,
                     limit: int | None = None) -> Matching:
    """The action list's records then: filtered as today's list is (``selectors.actions_filtered``) but with the
    rating then, and overdue and "due this quarter" as of ``day``; counted and cut to a page in the same query.

    One query, from the index alone unless the filters search the text: each action's newest record is picked by
    DISTINCT ON from the covering index (``historical_action_day_idx``), removed actions are dropped after the pick
    (not before, or the record before the removal would be picked), then the filters, the count and the page are
    applied to the pick. Joining the pick back to the historical table instead (``history_id IN (...)``) makes
    PostgreSQL read every historical row with its long texts. The ORM cannot select from a subquery, so the
    pick and the filters are built by the ORM and the query around them is written here."""
    chosen, params = _chosen(plan, day, filters)
    if connection.vendor != "postgresql":  # the embedded default's SQLite: no LATERAL, so two queries
        return _matching_in_two_queries(chosen, params, offset=offset, limit=limit)
    matching = (
        f"{chosen} SELECT total.count, page.history_id FROM (SELECT COUNT(*) FROM matching) AS total"  # noqa: S608
        " LEFT JOIN LATERAL (SELECT history_id, sort_key, id FROM matching ORDER BY sort_key, id LIMIT %s OFFSET %s)"
        " AS page ON TRUE ORDER BY page.sort_key, page.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(matching, (*params, limit, offset))
        rows = cursor.fetchall()
    return Matching(history_ids=[history_id for _, history_id in rows if history_id is not None], count=rows[0][0])


def _chosen(plan: Plan, day: date, filters: ActionFilters) -> tuple[str, tuple]:
    """``WITH matching AS (...)``: the history ids, sort keys and action ids of the records then that the filters
    let through (``records_matching``), with its parameters."""
    if filters.strand and connection.vendor == "postgresql":
        picked_sql, picked_params = _picked_in_strand(plan, day, filters.strand)
    else:
        picked = newest_records(HistoricalAction, end_of_day(day), plan_id=plan.pk)
        if filters.strand:  # only the actions ever in the strand are looked at
            picked = picked.filter(id__in=HistoricalAction.objects.filter(strand_id=filters.strand).values("id"))
        picked_sql, picked_params = picked.values(*_PICKED).query.sql_with_params()
    record = table(HistoricalAction)  # the name the filters' SQL reads
    if filters.search:  # the texts are not in the index: the picked records' are read (the pick stays index-only)
        picked_sql = (
            f"SELECT picked.*, text.reference, text.title, text.description FROM ({picked_sql}) AS picked"  # noqa: S608
            f" JOIN {record} AS text ON text.history_id = picked.history_id"
        )
    where_sql, where_params = _filters_sql(plan, day, filters)
    # The text put in is the ORM's own SQL; every value is a parameter. LIMIT NULL is no limit.
    chosen = (
        f"WITH matching AS MATERIALIZED (SELECT {record}.history_id, {record}.sort_key, {record}.id"  # noqa: S608
        f" FROM ({picked_sql}) AS {record} WHERE {record}.history_type <> %s{where_sql})"
    )
    return chosen, (*picked_params, REMOVED, *where_params)


def _picked_in_strand(plan: Plan, day: date, strand: int) -> tuple[str, tuple]:
    """PostgreSQL: the newest record by the end of ``day`` (its ``_PICKED`` columns) of each action ever in the
    strand, with its parameters. The ids come from the index on the records' strand, and each action's record is
    one step down the day index (``historical_action_day_idx``, a LATERAL join): a walk per action of the strand
    rather than a pick among every record of the plan. The ORM cannot write LATERAL, so the join is written here."""
    name = connection.ops.quote_name
    meta = HistoricalAction._meta
    ever = HistoricalAction.objects.filter(strand_id=strand).order_by().values("id").distinct()
    ever_sql, ever_params = ever.query.sql_with_params()

    def column(field_name: str, table: str = "record") -> str:
        return f"{table}.{name(meta.get_field(field_name).column)}"

    columns = ", ".join(column(field_name, "newest") for field_name in _PICKED)
    # Only the model's table and column names are put in the text; every value is a parameter.
    picked_sql = (
        f"SELECT {columns} FROM ({ever_sql}) AS ever CROSS JOIN LATERAL (SELECT * FROM {name(meta.db_table)}"  # noqa: S608
        f" AS record WHERE {column('plan')} = %s AND {column('id')} = ever.{name('id')}"
        f" AND {column('history_date')} < %s"
        f" ORDER BY {column('history_date')} DESC, {column('history_id')} DESC LIMIT 1) AS newest"
    )
    end = connection.ops.adapt_datetimefield_value(end_of_day(day))
    return picked_sql, (*ever_params, plan.pk, end)


def _matching_in_two_queries(chosen: str, params: tuple, *, offset: int, limit: int | None) -> Matching:
    """``chosen`` is the ORM's own SQL with every value a parameter (as in ``records_matching``)."""
    count_sql = f"{chosen} SELECT COUNT(*) FROM matching"  # noqa: S608
    page_sql = f"{chosen} SELECT history_id FROM matching ORDER BY sort_key, id LIMIT %s OFFSET %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(count_sql, params)
        [(count,)] = cursor.fetchall()
        cursor.execute(page_sql, (*params, -1 if limit is None else limit, offset))
        return Matching(history_ids=[row[0] for row in cursor.fetchall()], count=count)


# The columns of a history record that the filters read, besides the texts a search reads.
_FILTERED = ("strand_id", "lead_officer_id", "rating", "due_date", "completed_on")
# The columns of each action's record then that the list's pick keeps.
_PICKED = ("history_id", "id", "history_type", "sort_key", *_FILTERED)


def _filters_sql(plan: Plan, day: date, filters: ActionFilters) -> tuple[str, tuple]:
    """The filters' conditions as the ORM writes them (`` AND (...)``, or nothing), on the columns of a history
    record by the historical table's name: the pick is given that name, so they read its columns."""
    records = HistoricalAction.objects.all()
    if filters.rating:  # the rating then, only where it is asked for: each record's newest event, looked up
        records = records.annotate(rating_then=rating_then(plan, day))
    kept = actions_filtered(records, filters, today=day, rating="rating_then")
    try:
        sql, params = kept.query.get_compiler(connection=connection).compile(kept.query.where)
    except FullResultSet:  # no filters
        return "", ()
    return f" AND ({sql})", tuple(params)


def page_then(plan: Plan, day: date, filters: ActionFilters, *, number: str | None, per_page: int) -> Page:
    """Page ``number`` of the action list then as rows, with the paginator's count read in the same query as the
    page's records: two queries; for a page number past the last one, or below the first, three (the last
    page's records are read once its number is known)."""
    try:
        asked = int(number or 1)
    except ValueError:
        asked = 1  # as the paginator reads a page number that is not one
    matching = records_matching(plan, day, filters, offset=max(asked - 1, 0) * per_page,
                                limit=per_page if asked >= 1 else 0)
    paginator = Paginator([], per_page)
    paginator.count = matching.count  # what the paginator would ask the database, so it does not
    page = paginator.get_page(asked)
    if page.number != asked:
        matching = records_matching(plan, day, filters, offset=(page.number - 1) * per_page, limit=per_page)
    page.object_list = rows_then(matching.history_ids, plan, day)
    return page


def rows_then(history_ids: list[int], plan: Plan, day: date, *, last_update: bool = False) -> list[ActionAsOf]:
    """The history records (a page's worth, from ``records_matching``) as rows of a table of actions, in
    reference order, each with its rating and reason then, its lead, whether it was removed since, and, with
    ``last_update``, the month of its newest update posted by then. One query (none for no records).

    The query is written here rather than built by the ORM: its shape is the same on every page, and building and
    compiling its subqueries took longer than PostgreSQL takes to run it. Its values are converted as the ORM
    converts them (``wsoa.written_sql``), so the rows are the same on any database."""
    if not history_ids:
        return []
    ids = ", ".join(["%s"] * len(history_ids))
    return _rows_of("", (), f"IN ({ids})", tuple(history_ids), plan, day, last_update=last_update)


def rows_matching(plan: Plan, day: date, filters: ActionFilters, *, last_update: bool = False) -> list[ActionAsOf]:
    """The rows (as ``rows_then`` makes them) of every record then that the filters let through, in reference
    order: the pick of ``records_matching`` and the rows in one query, for a page that shows them all."""
    chosen, params = _chosen(plan, day, filters)
    # PostgreSQL sizes ``IN (SELECT ...)`` by its estimate of the pick (every record ever in a strand, several
    # times the actions in it then), and for that many reads the whole historical table into a hash join; the
    # picked ids as an array it looks up one by one in the primary key.
    picked = "SELECT history_id FROM matching"
    ids = f"= ANY(ARRAY({picked}))" if connection.vendor == "postgresql" else f"IN ({picked})"
    return _rows_of(chosen, params, ids, (), plan, day, last_update=last_update)


def _rows_of(before: str, before_params: tuple, history_ids: str, ids_params: tuple, plan: Plan, day: date, *,
             last_update: bool) -> list[ActionAsOf]:
    """The rows of the records whose history ids ``history_ids`` picks (the condition on them: ``IN`` a list of
    placeholders, or a query of the ``WITH`` clause ``before``), with the parameters of each."""
    ops = connection.ops
    lateral = connection.vendor == "postgresql"
    event = [plan.pk, ops.adapt_datefield_value(day)]
    end = [ops.adapt_datetimefield_value(end_of_day(day))] if last_update else []
    # The select list's parameters come before the joins'.
    params = [*before_params, *end, *event] if lateral else [*before_params, *event * len(_EVENT_FIELDS), *end]
    with connection.cursor() as cursor:
        sql = _rows_sql(last_update=last_update, lateral=lateral).format(ids=history_ids)
        cursor.execute(before + sql, [*params, *ids_params])
        values = cursor.fetchall()
    people: dict[int, object] = {}
    rows = []
    for value in converted_rows(values, column_converters(_row_fields(last_update=last_update))):
        record, (first, last, email, rating, reason, at, still_there, *month) = (
            value[:len(ACTION_AS_OF_FIELDS)], value[len(ACTION_AS_OF_FIELDS):])
        lead = None
        if email is not None:  # a lead still in the service: one person for all the rows they lead
            lead = people.get(record[LEAD]) or people.setdefault(
                record[LEAD], get_user_model()(pk=record[LEAD], first_name=first, last_name=last, email=email))
        row = action_from(record, event=Saved(rating, reason, at) if rating else None, lead=lead,
                          removed_since=not still_there)
        row.last_update = month[0] if month else None
        rows.append(row)
    return rows


def _row_fields(*, last_update: bool) -> list:
    """The model fields of the columns that ``_rows_sql`` reads, in its order."""
    record, person, event = HistoricalAction._meta, get_user_model()._meta, RatingEvent._meta
    return [
        *(record.get_field(name) for name in ACTION_AS_OF_FIELDS),
        *(person.get_field(name) for name in ("first_name", "last_name", "email")),
        *(event.get_field(name) for name in _EVENT_FIELDS),
        BooleanField(),  # still in today's plan
        *([HistoricalUpdate._meta.get_field("month")] if last_update else []),
    ]


@cache
def _rows_sql(*, last_update: bool, lateral: bool) -> str:
    """The rows' query, with ``{ids}`` for the condition on the history ids (``IN`` placeholders, or a pick).

    Each record's newest event is picked by a walk down the index on plan, action and effective day, as
    ``_newest_event`` picks it: with ``lateral`` (PostgreSQL) one walk for its three columns, a lateral join whose
    parameters (the plan's id and the day) follow the day's end that ``last_update`` asks for; without (SQLite), a
    walk for each column, the plan's id and the day for each, before the day's end. Then the ids' parameters."""
    name = connection.ops.quote_name
    record, person, event = HistoricalAction._meta, get_user_model()._meta, RatingEvent._meta
    update = HistoricalUpdate._meta

    def column(meta, field_name: str, table: str) -> str:
        return f"{table}.{name(meta.get_field(field_name).column)}"

    def newest_event(*field_names: str) -> str:
        return (
            f"(SELECT {', '.join(column(event, each, 'event') for each in field_names)}"  # noqa: S608
            f" FROM {name(event.db_table)} AS event"
            f" WHERE {column(event, 'plan', 'event')} = %s AND {column(event, 'action', 'event')} = record.{name('id')}"
            f" AND {column(event, 'effective_on', 'event')} <= %s"
            f" ORDER BY {column(event, 'effective_on', 'event')} DESC, event.{name('id')} DESC LIMIT 1)"
        )

    events = (
        [column(event, field_name, "newest_event") for field_name in _EVENT_FIELDS] if lateral
        else [newest_event(field_name) for field_name in _EVENT_FIELDS]
    )
    columns = [
        *(column(record, field_name, "record") for field_name in ACTION_AS_OF_FIELDS),
        *(column(person, field_name, "lead") for field_name in ("first_name", "last_name", "email")),
        *events,
        f"EXISTS (SELECT 1 FROM {name(Action._meta.db_table)} AS today"  # noqa: S608
        f" WHERE today.{name('id')} = record.{name('id')})",
    ]
    if last_update:
        columns.append(
            f"(SELECT MAX({column(update, 'month', 'posted')}) FROM {name(update.db_table)} AS posted"  # noqa: S608
            f" WHERE {column(update, 'action', 'posted')} = record.{name('id')}"
            f" AND {column(update, 'history_type', 'posted')} = '+'"
            f" AND {column(update, 'history_date', 'posted')} < %s)"
        )
    select = ", ".join(columns)
    # Only the models' table and column names are put in the text; every value is a parameter.
    return (
        f"SELECT {select} FROM {name(record.db_table)} AS record"  # noqa: S608
        f" LEFT JOIN {name(person.db_table)} AS lead ON lead.{name('id')} = {column(record, 'lead_officer', 'record')}"
        + (f" LEFT JOIN LATERAL {newest_event(*_EVENT_FIELDS)} AS newest_event ON TRUE" if lateral else "")
        + f" WHERE record.{name('history_id')} {{ids}}"
        f" ORDER BY {column(record, 'sort_key', 'record')}, record.{name('id')}"
    )


_EVENT_FIELDS = ("to_rating", "reason", "recorded_at")


def leads_as_of(plan: Plan, day: date) -> list[tuple[int, str]]:
    """People who led at least one of the plan's actions at the end of ``day``, as (id, name) pairs for the lead
    filter, in the order of ``plan_as_of.leads_then``. One query, the leads from the index alone: the same pick
    as ``records_matching``'s."""
    picked = newest_records(HistoricalAction, end_of_day(day), plan_id=plan.pk).values("history_type",
                                                                                       "lead_officer_id")
    picked_sql, picked_params = picked.query.sql_with_params()
    # The text put in is the ORM's own SQL; every value is a parameter.
    led = RawSQL(f"SELECT record.lead_officer_id FROM ({picked_sql}) AS record"  # noqa: S608, S611
                 " WHERE record.history_type <> %s", (*picked_params, REMOVED))
    people = (
        get_user_model().objects.filter(pk__in=led).order_by("first_name", "last_name", "pk")
        .values_list("pk", "first_name", "last_name", "email")
    )
    # Named as ``str`` of the person names them (``selectors.action_leads`` too), without making each person.
    return [(pk, f"{first} {last}".strip() or email) for pk, first, last, email in people]


# --- the pages' reads ----------------------------------------------------------------------------------


def plan_overview_as_of(plan: Plan, day: date) -> PlanOverview:
    """The overview page at the end of ``day``: the strands then under the weaknesses they answered, with their
    counts by rating, from five queries whatever the plan's size (none for a day before the plan existed)."""
    if not plan_existed(plan, day):
        return overview_of(plan, strands=[], weaknesses=[], per_strand={}, overdue={})
    counts = rating_counts_as_of(plan, day)
    return overview_of(plan, strands=strands_as_of(plan, day), weaknesses=weaknesses_of(plan),
                       per_strand=counts.per_strand, overdue=counts.overdue_per_strand)


@dataclass(frozen=True)
class StrandPageAsOf:
    strand: StrandAsOf
    weaknesses: list  # the weaknesses it answered then, in number order
    actions: list[ActionAsOf]  # in it then, in reference order, each with its last update's month by then
    counts: list[RatingCount]  # of those actions by rating, as the live strand page counts them


def strand_page_as_of(plan: Plan, pk: int, day: date) -> StrandPageAsOf | None:
    """The strand's page at the end of ``day``, or None when it was not in the plan then. Four queries."""
    strand = next(iter(strands_as_of(plan, day, pk=pk)), None)
    if strand is None:
        return None
    actions = rows_matching(plan, day, ActionFilters(strand=pk), last_update=True)
    weaknesses = [weakness for weakness in weaknesses_of(plan) if weakness.pk in strand.weakness_ids]
    return StrandPageAsOf(strand=strand, weaknesses=weaknesses, actions=actions,
                          counts=rating_counts_of(actions, plan.legend))


def strand_choices_as_of(plan: Plan, day: date) -> list[tuple[int, str]]:
    """The plan's strands at the end of ``day`` as (id, "1. Title") pairs, for the strand filter. One query."""
    rows = newest_records(HistoricalStrand, end_of_day(day), plan_id=plan.pk).values_list(
        "id", "history_type", "number", "title")
    strands = sorted((number, pk, title) for pk, kind, number, title in rows if kind != REMOVED)
    return [(pk, f"{number}. {title}") for number, pk, title in strands]
