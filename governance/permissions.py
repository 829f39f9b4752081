"""Who may see and change which board and meeting: a role in the board's area, then the board's own rule.

Seeing is the selectors' business: they return only the person's areas, so another area's board is a 404.
Anyone with a role in the area reads its boards and meetings (a regional adviser included). Changing a board
and its meetings is for the area's administrators and for the board's own chair, when they hold the Board
chair role there. Only administrators set a board up. Making an action arising into a plan action is also a
write to the plan, so the plan's own rule must allow it too (board chairs change nothing in the plan).

A subgroup's report to a meeting is written by the subgroup's lead and the area's administrators; once
submitted it is read-only, until an administrator reopens it. Who reads a report is the selectors' business
(``reports_visible_to``): a draft is not there for anyone but its writers.
"""
from actions import permissions as plan_can
from actions.models import Strand
from wsoa.roles import Role, has_role_in, is_administrator_in, visible_area_ids

from .models import ActionArising, Board, SubgroupReport


def can_view_boards(user) -> bool:
    return user.is_authenticated and bool(visible_area_ids(user))


def can_view_board(user, board: Board) -> bool:
    return user.is_authenticated and board.area_id in visible_area_ids(user)


def can_create_board_in(user, area_id: int) -> bool:
    return user.is_authenticated and is_administrator_in(user, area_id)


def chairs(user, board: Board) -> bool:
    """The board's own chair, holding the Board chair role in its area."""
    return board.chair_id == user.pk and has_role_in(user, board.area_id, Role.BOARD_CHAIR)


def can_change_board(user, board: Board) -> bool:
    """Change the board, its members and its meetings' records."""
    return user.is_authenticated and (is_administrator_in(user, board.area_id) or chairs(user, board))


def can_make_plan_actions_for(user, board: Board) -> bool:
    """Whether the person may make the board's actions arising into plan actions at all (in some strand)."""
    return can_change_board(user, board) and is_administrator_in(user, board.area_id)


def can_make_plan_action(user, arising: ActionArising, strand: Strand | None = None) -> bool:
    """Turn this action arising (not made one yet) into a plan action, in ``strand`` when it is chosen."""
    board = arising.meeting.board
    if arising.plan_action_id or not can_change_board(user, board):
        return False
    return plan_can.can_add_action(user, strand) if strand is not None else can_make_plan_actions_for(user, board)


def can_set_arising_status(user, arising: ActionArising) -> bool:
    """Mark an action arising done or open again: those who change the board's meetings, and its owner."""
    return user.is_authenticated and (
        can_change_board(user, arising.meeting.board)
        or (arising.owner_id is not None and arising.owner_id == user.pk
            and arising.meeting.board.area_id in visible_area_ids(user))
    )


def writes_report(user, report: SubgroupReport) -> bool:
    """The report's writers: its subgroup's lead and the area's administrators (submitted or not)."""
    return user.is_authenticated and (
        (report.subgroup.lead_id is not None and report.subgroup.lead_id == user.pk)
        or is_administrator_in(user, report.meeting.board.area_id)
    )


def can_edit_report(user, report: SubgroupReport) -> bool:
    return report.status == SubgroupReport.Status.DRAFT and writes_report(user, report)


def can_reopen_report(user, report: SubgroupReport) -> bool:
    return (
        report.status == SubgroupReport.Status.SUBMITTED and user.is_authenticated
        and is_administrator_in(user, report.meeting.board.area_id)
    )


def can_read_report(user, report: SubgroupReport) -> bool:
    """As ``selectors.reports_visible_to`` decides, for a report already loaded (a meeting page's rows)."""
    return report.status == SubgroupReport.Status.SUBMITTED or writes_report(user, report)
