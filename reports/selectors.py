"""Reads for the dashboards' pages, each scoped to the person's areas (another area's meeting is not found)."""
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject

from governance.models import Board, Meeting
from governance.selectors import boards_for_index, meetings_visible_to, with_neighbours
from inspections.models import SignificantWeakness

from .models import DashboardSnapshot

RECENT_MEETINGS = 6


def meeting_for_dashboard(pk: int, *, user) -> Meeting:
    """The meeting with its board, the board's area and plan (and its inspection's area, for the plan's name), and
    its pack's stored dashboard with who issued it, if it has been issued (``snapshot_of``), and the board's
    meetings either side of it (``governance.selectors.with_neighbours``), and on PostgreSQL the inspection's
    weaknesses (``weakness_rows``): one query."""
    return (
        _with_weaknesses(with_neighbours(meetings_visible_to(user)))
        .select_related("board__area", "board__plan__inspection__area", "spotlight", "dashboard_snapshot__issued_by")
        .get(pk=pk)
    )


def _with_weaknesses(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """On PostgreSQL, the weaknesses the plan answers as ``{"pk", "number", "title"}`` in number order, gathered
    into an array in the meeting's query; on another database (the embedded default's SQLite) the dashboard reads
    them in a query of its own."""
    if connection.vendor != "postgresql":
        return meetings
    from django.contrib.postgres.expressions import ArraySubquery

    weaknesses = (SignificantWeakness.objects.filter(inspection_id=OuterRef("board__plan__inspection_id"))
                  .order_by("number").values_list(JSONObject(pk="pk", number="number", title="title")))
    return meetings.annotate(weakness_rows=ArraySubquery(weaknesses))


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
