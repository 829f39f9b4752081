"""Who may see a meeting's dashboard and who may issue its pack.

Seeing: anyone with a role in the board's area (a regional adviser included), as for the board's own pages;
the selectors keep other areas' meetings out (404). Issuing the pack freezes what the board is sent, so it is
for the area's administrators, the board's own chair and the area's democratic services, who send the papers.
"""
from governance import permissions as board_can
from governance.models import Meeting
from wsoa.roles import Role, has_perm_in, has_role_in, is_administrator_in


def can_view_dashboard(user, meeting: Meeting) -> bool:
    return board_can.can_view_board(user, meeting.board)


def can_issue_pack(user, meeting: Meeting) -> bool:
    board = meeting.board
    return user.is_authenticated and (
        is_administrator_in(user, board.area_id) or board_can.chairs(user, board)
        or has_role_in(user, board.area_id, Role.DEMOCRATIC_SERVICES)
    )


# --- committee reports -------------------------------------------------------------------------------
# Reading them: the roles that read the reports layer (administrators, democratic services, board chairs and
# regional advisers); officers and subgroup leads write the plan, not its papers (403). Starting and writing
# them: administrators and democratic services. Approving: a named person holding one of the approving roles
# in the report's area, who says the role they approve it as.

APPROVING_ROLES = (Role.ADMINISTRATOR, Role.DEMOCRATIC_SERVICES, Role.BOARD_CHAIR)


def can_read_reports(user, area_id: int) -> bool:
    return has_perm_in(user, "reports.view_report", area_id)


def can_write_reports(user, area_id: int) -> bool:
    return has_perm_in(user, "reports.add_report", area_id)


def can_approve_reports(user, area_id: int) -> bool:
    return has_role_in(user, area_id, *APPROVING_ROLES)


def can_change_templates(user, area_id: int) -> bool:
    """Copying and changing an area's report templates: its administrators."""
    return is_administrator_in(user, area_id)
