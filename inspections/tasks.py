"""Background jobs for inspections: recompute schedules (one inspection or a batch); the nightly milestone run;
reading an uploaded letter."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from wsoa import uploads

from . import reminders, schedules
from .letter import letter_from_upload
from .letter_file import LetterError


@shared_task
def inspection_schedule_recompute(inspection_id: int) -> int:
    """After one inspection changed. An inspection deleted before the task ran is skipped."""
    return schedules.milestones_recompute(inspection_id=inspection_id).changed


@shared_task
def schedules_recompute(inspection_ids: list[int]) -> int:
    """After a rule or a closure day changed: one batch of the inspections it can move."""
    return schedules.schedules_recompute(inspection_ids=inspection_ids).changed


@shared_task
def milestones_daily(today: str | None = None) -> dict:
    day = date.fromisoformat(today) if today else timezone.localdate()
    return {
        "statuses_changed": schedules.milestone_statuses_refresh(today=day),
        "reminders_sent": reminders.milestone_reminders_send(today=day),
    }


@shared_task(soft_time_limit=uploads.READ_SOFT_SECONDS, time_limit=uploads.READ_HARD_SECONDS)
def letter_read(upload_id: int) -> str:
    """Read an uploaded letter for its review page; idempotent (an upload already read is left alone)."""
    return uploads.upload_read(upload_id, read=letter_from_upload, refusals=(LetterError,))
