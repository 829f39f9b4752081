"""Background jobs for inspections: recompute schedules (one inspection or a batch); the nightly milestone run."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import reminders, schedules


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
