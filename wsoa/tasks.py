"""Background jobs of the project app: sending e-mail reliably and housekeeping."""

import logging
import smtplib

from celery import shared_task
from django.core import management
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


# Worth trying again later: the server or the network was not there.
TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task
def email_deliver(pk: int) -> str:
    """Send the queued e-mail and mark it sent once the server accepted it; what happened, in a word.

    The row is locked while it is sent, so two deliveries of one e-mail (a redelivered task, or the sweep's
    while the first is still queued) take turns and the second finds it sent. A worker killed after the server
    accepted the message and before the mark commits sends that one message again: the only case of a second copy.
    A failure to reach the server leaves it queued for the sweep to try again later (``outbox.next_try``).
    """
    from .models import OutgoingEmail
    from .outbox import MAX_ATTEMPTS, next_try

    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=pk).first()
        if email is None or email.status != OutgoingEmail.Status.QUEUED:
            return "nothing to send"
        email.attempts += 1
        try:
            EmailMultiAlternatives(subject=email.subject, body=email.body, to=email.to).send()
        except TRANSIENT as error:
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status, email._change_reason = OutgoingEmail.Status.FAILED, "Not sent"
            else:
                email.next_try_at, email._change_reason = next_try(email.attempts), "Not sent yet: to be tried again"
        except (BadHeaderError, ValueError, TypeError) as error:  # it will never go as it is
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            email.status, email._change_reason = OutgoingEmail.Status.FAILED, "Not sent"
        else:
            email.status, email.sent_at, email.last_error = OutgoingEmail.Status.SENT, timezone.now(), ""
            email._change_reason = "Sent"
        email.save(update_fields=["attempts", "last_error", "status", "sent_at", "next_try_at"])
    logger.info("email %s", email.status, extra={"email_id": pk, "reason": email.reason, "recipients": len(email.to)})
    return email.status


@shared_task
def outbox_sweep() -> int:
    """Ask again for every queued e-mail whose time to try has come: those that failed to reach the server, and
    those whose task was lost with a worker. Returns how many."""
    from .models import OutgoingEmail

    due = list(OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED, next_try_at__lte=timezone.now())
               .values_list("pk", flat=True)[:500])
    for pk in due:
        email_deliver.delay(pk)
    return len(due)


@shared_task
def sessions_clear_expired() -> None:
    management.call_command("clearsessions")


@shared_task
def uploads_remove_abandoned() -> int:
    """Uploads nobody came back for within a day, and their files."""
    from .uploads import uploads_remove_abandoned as remove

    return remove()
