"""Every write of the reports layer: issuing a meeting's pack, which freezes the dashboard the board is sent."""
from datetime import date

from django.db import transaction
from django.utils import timezone

from governance.errors import GovernanceError
from governance.models import Meeting
from governance.services import meeting_pack_mark_issued

from .dashboard import SHAPE_VERSION, dashboard_day, meeting_dashboard
from .dashboard.shapes import plain
from .errors import ReportsError
from .models import DashboardSnapshot


def meeting_pack_issue(*, meeting: Meeting, by, today: date | None = None) -> DashboardSnapshot:
    """Issue the meeting's pack: store its dashboard as it stands (at the end of the meeting's day once that has
    passed, today's position before it), and mark the meeting's pack issued. Once only."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ReportsError({"__all__": "This meeting was cancelled: it has no pack to issue"})
    with transaction.atomic():
        try:
            meeting_pack_mark_issued(meeting=meeting, by=by, at=now)
        except GovernanceError as error:
            raise ReportsError(error.message_dict) from None
        day = dashboard_day(meeting, today)
        snapshot = DashboardSnapshot(
            meeting=meeting, day=day, data=plain(meeting_dashboard(meeting=meeting, day=day, today=today)),
            issued_at=now, issued_by=by, code_version=SHAPE_VERSION,
        )
        snapshot._history_user = by
        snapshot._change_reason = "Meeting pack issued to the board"
        snapshot.save()
    return snapshot
