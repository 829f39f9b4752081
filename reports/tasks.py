"""Background jobs of the reports layer: drawing an issued committee report's PDF."""
from celery import shared_task

from .papers import render


@shared_task
def issued_report_render(issue_id: int) -> str:
    """Draw and keep the issue's PDF; idempotent (an issue already drawn, or being drawn, is left alone)."""
    return render.issued_report_render(issue_id)
