"""Background jobs for governance: one board's meetings worked out again; the daily run for every board."""
from datetime import date

from celery import shared_task
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from . import reminders, schedules
from .models import Board

SCHEDULE_MONTHS_AHEAD = 12


@shared_task
def board_schedule_recompute(board_id: int, today: str | None = None) -> int:
    """After a board (or one of its meetings) changed. A board deleted before the task ran is skipped."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    board = Board.objects.filter(pk=board_id).first()
    if board is None:
        return 0
    return schedules.meetings_schedule(
        board=board, by=None, through=day + relativedelta(months=SCHEDULE_MONTHS_AHEAD), today=day
    ).changed


@shared_task
def governance_daily(today: str | None = None) -> dict:
    """Every board scheduled a year ahead, then the e-mails of reports falling due."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    changed = sum(board_schedule_recompute(board_id, day.isoformat())
                  for board_id in Board.objects.order_by("pk").values_list("pk", flat=True))
    return {"meetings_changed": changed, "reminders_sent": reminders.report_reminders_send(today=day)}
