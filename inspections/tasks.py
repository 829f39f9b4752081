"""Background jobs for inspections: recompute one inspection's schedule; the nightly status and reminder run."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import reminders, services


@shared_task
def inspection_schedule_recompute(inspection_id: int) -> int:
    from .models import Inspection

    if not Inspection.objects.filter(pk=inspection_id).exists():
        return 0  # deleted before the task ran
    return services.milestones_recompute(inspection_id=inspection_id).changed


@shared_task
def milestones_daily(today: str | None = None) -> dict:
    day = date.fromisoformat(today) if today else timezone.localdate()
    return {
        "statuses_changed": services.milestone_statuses_refresh(today=day),
        "reminders_sent": reminders.milestone_reminders_send(today=day),
    }
