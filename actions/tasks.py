"""Background jobs for the action plan: the daily run of the monthly update cycle (reminders, then summaries), and
writing a plan's export files after a change."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import plan_export, reminders


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
