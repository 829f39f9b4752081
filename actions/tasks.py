"""Background jobs for the action plan: the daily run of the monthly update cycle (reminders, then summaries),
writing a plan's export files after a change, and reading an uploaded plan sheet."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from wsoa import uploads

from . import plan_export, reminders
from .sheet_files import PlanSheetError
from .sheet_results import sheet_from_upload


@shared_task
def monthly_update_cycle(today: str | None = None) -> dict:
    """Runs every day; each plan's own reminder day and escalation decide whether anything is sent."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return {
        "reminders_sent": reminders.update_reminders_send(today=day),
        "summaries_sent": reminders.update_summaries_send(today=day),
    }


@shared_task
def plan_exports_write(plan_id: int) -> list[str]:
    """Write the plan's export files for its current data; idempotent (a file already kept is not rewritten)."""
    return plan_export.plan_exports_write(plan_id)


@shared_task(soft_time_limit=uploads.READ_SOFT_SECONDS, time_limit=uploads.READ_HARD_SECONDS)
def plan_sheet_read(upload_id: int) -> str:
    """Read an uploaded plan sheet for its check page; idempotent (an upload already read is left alone)."""
    return uploads.upload_read(upload_id, read=sheet_from_upload, refusals=(PlanSheetError,))
