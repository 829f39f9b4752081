"""Every e-mail the service sends goes through here: a row first, in the deciding transaction, then a task.

``email_queue`` writes the row and asks for it to be sent once the transaction commits, so a rolled-back
decision sends nothing and a committed one is never forgotten. ``wsoa.tasks.email_deliver`` sends it and marks it
sent only after the server accepted it. ``wsoa.tasks.outbox_sweep`` (every minute) asks again for those still
queued when their time comes: tried again with backoff after a failure, or sent after a task lost with its
worker. One that cannot be sent is marked "not sent" with the reason, for administrators to see and send again.
"""
import random
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutgoingEmail, User
from .roles import Role, memberships_of

SUBJECT_LENGTH = OutgoingEmail._meta.get_field("subject").max_length
MAX_ATTEMPTS = 8  # over about four hours (next_try), then "not sent" for an administrator to see
FIRST_WAIT = timedelta(minutes=5)  # a queued e-mail not sent by then had its task lost: the sweep asks again


def next_try(attempts: int) -> datetime:
    """When to try again after ``attempts`` failed tries: 2, 4, 8 … minutes, at most two hours, with jitter so a
    queue of them spreads out."""
    return timezone.now() + timedelta(minutes=min(2 ** attempts, 120), seconds=random.randint(0, 30))


def header_safe(text: str) -> str:
    """One line: a line break in a name (an area called "Leeds\\r\\nBcc: …") can never start a new header."""
    return " ".join(str(text).split())[:SUBJECT_LENGTH]


def email_queue(
    *, to: list[str], subject: str, body: str, reason: str, key: str | None = None, area_id: int | None = None
) -> OutgoingEmail | None:
    """Queue the e-mail (``None`` when the same ``key`` was queued before: the decision was already made, or
    when every recipient is a deactivated person: they are sent nothing, whichever rule chose them)."""
    from .tasks import email_deliver

    recipients = [header_safe(address) for address in to if address and address.strip()]
    deactivated = set(
        User.objects.filter(email__in=[address.lower() for address in recipients], is_active=False)
        .values_list("email", flat=True)
    )
    recipients = [address for address in recipients if address.lower() not in deactivated]
    if not recipients:
        return None
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                key=key, reason=reason, area_id=area_id, to=recipients, subject=header_safe(subject), body=body,
                next_try_at=timezone.now() + FIRST_WAIT,
            )
    except IntegrityError:
        if key is None:
            raise
        return None
    email_deliver.delay_on_commit(email.pk)
    return email


def email_send_again(*, email: OutgoingEmail, by) -> bool:
    """Queue a failed e-mail again (``False`` if it is no longer failed: someone else did, or it went)."""
    from .tasks import email_deliver

    with transaction.atomic():
        locked = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if locked.status != OutgoingEmail.Status.FAILED:
            return False
        locked.status, locked.attempts, locked.last_error = OutgoingEmail.Status.QUEUED, 0, ""
        locked.next_try_at = timezone.now() + FIRST_WAIT
        locked._history_user = by
        locked._change_reason = "Sent again by an administrator"
        locked.save()
        email_deliver.delay_on_commit(locked.pk)
    return True


def administered_area_ids(user) -> set[int]:
    return {area_id for area_id, roles in memberships_of(user).items() if Role.ADMINISTRATOR in roles}


def emails_of(user):
    """The e-mails of the areas the person administers (those of no area, such as password resets, only for
    superusers)."""
    emails = OutgoingEmail.objects.select_related("area")
    return emails if user.is_superuser else emails.filter(area_id__in=administered_area_ids(user))


def administers_any(user) -> bool:
    """Whether the person sees the outbox at all: a superuser, or an administrator of at least one area."""
    return user.is_superuser or bool(administered_area_ids(user))


def failed_count_for(user) -> int:
    """How many e-mails of the person's areas could not be sent (none asked for a person who administers none)."""
    if not administers_any(user):
        return 0
    return emails_of(user).filter(status=OutgoingEmail.Status.FAILED).count()
