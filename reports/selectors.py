"""Reads for the dashboards' pages, each scoped to the person's areas (another area's meeting is not found)."""
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from actions.models import Plan
from governance.models import Board, Meeting
from governance.selectors import boards_for_index, meetings_visible_to, with_neighbours
from inspections.models import SignificantWeakness
from wsoa.written_sql import table

from .models import DashboardSnapshot

RECENT_MEETINGS = 6


# What the dashboard reads of the meeting, its board, plan (its name: the inspection's framework and area) and the
# pack's stored dashboard: a query that names only these compiles and plans in half the time of every column.
DASHBOARD_FIELDS = (
    "id", "board_id", "held_on", "status", "spotlight_id", "pack_issued_at",
    *(f"board__{name}" for name in ("id", "area_id", "plan_id", "name", "chair_id")),
    *(f"board__plan__{name}" for name in ("id", "inspection_id", "section_label", "rating_legend", "created_at")),
    *(f"board__plan__inspection__{name}" for name in ("id", "framework", "area_id", "area__id", "area__name")),
    *(f"dashboard_snapshot__{name}" for name in ("id", "meeting_id", "day", "data", "issued_at", "issued_by_id",
                                                 "code_version")),
    *(f"dashboard_snapshot__issued_by__{name}" for name in ("id", "first_name", "last_name", "email")),
)


def meeting_for_dashboard(pk: int, *, user) -> Meeting:
    """The meeting with its board, the board's plan (and its inspection's area, for the plan's name), and its
    pack's stored dashboard with who issued it, if it has been issued (``snapshot_of``), and on PostgreSQL the
    board's other meetings (``governance.selectors.with_neighbours``) and the inspection's weaknesses
    (``weakness_rows``): one query, of ``DASHBOARD_FIELDS``."""
    return (
        _with_weaknesses(with_neighbours(meetings_visible_to(user)))
        .select_related("board__plan__inspection__area", "dashboard_snapshot__issued_by")
        .only(*DASHBOARD_FIELDS).get(pk=pk)
    )


def _with_weaknesses(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """On PostgreSQL, the weaknesses the plan answers as ``{"pk", "number", "title"}`` in number order, gathered
    into an array in the meeting's query (written as SQL: the ORM's subquery took longer to build than to run);
    on another database (the embedded default's SQLite) the dashboard reads them in a query of its own."""
    if connection.vendor != "postgresql":
        return meetings

    weaknesses = (
        "ARRAY(SELECT json_build_object('pk', weakness.id, 'number', weakness.number, 'title', weakness.title)"  # noqa: S608
        f" FROM {table(SignificantWeakness)} AS weakness"
        f" JOIN {table(Plan)} AS plan ON plan.inspection_id = weakness.inspection_id"
        f" JOIN {table(Board)} AS board ON board.plan_id = plan.id"
        f" WHERE board.id = {table(Meeting)}.board_id ORDER BY weakness.number)"
    )
    return meetings.annotate(weakness_rows=RawSQL(weaknesses, ()))  # noqa: S611 (names only, no values)


def snapshot_of(meeting: Meeting) -> DashboardSnapshot | None:
    """The dashboard as issued with the meeting's pack, if it has been (read with a meeting from
    ``meeting_for_dashboard``, no query)."""
    try:
        return meeting.dashboard_snapshot
    except DashboardSnapshot.DoesNotExist:
        return None


@dataclass
class BoardDashboards:
    board: Board
    next_meeting: Meeting | None = None
    recent: list[Meeting] = field(default_factory=list)  # held or due before today, newest first


def boards_with_meetings(user, *, today: date) -> list[BoardDashboards]:
    """The boards of the person's areas, each with its next meeting and its recent ones: two queries."""
    boards = {board.pk: BoardDashboards(board) for board in boards_for_index(user)}
    meetings = (Meeting.objects.filter(board_id__in=boards).exclude(status=Meeting.Status.CANCELLED)
                .only("pk", "board_id", "held_on", "status", "pack_issued_at").order_by("held_on", "pk"))
    for meeting in meetings:
        row = boards[meeting.board_id]
        if meeting.held_on >= today:
            row.next_meeting = row.next_meeting or meeting
        else:
            row.recent.insert(0, meeting)
    for row in boards.values():
        del row.recent[RECENT_MEETINGS:]
    return list(boards.values())
