"""Background jobs of the project app: sending e-mail reliably and housekeeping."""

import logging
import smtplib

from celery import shared_task
from django.core import management
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=6,
)
def email_send(*, to: list[str], subject: str, body: str, html_body: str | None = None) -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
    logger.info("email sent", extra={"subject": subject, "recipients": len(to)})


@shared_task
def sessions_clear_expired() -> None:
    management.call_command("clearsessions")
