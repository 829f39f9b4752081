"""Milestone reminders: e-mails to the people responsible before each deadline and when it is overdue, once each."""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from wsoa.models import OutgoingEmail
from wsoa.outbox import email_queue

from .dates import long_date
from .deadline_table import MILESTONE_KEYS
from .models import Milestone, MilestoneReminder
from .selectors import working_day_calendars

REMINDER_THRESHOLDS = (1, 5, 10, 30)  # working days before the due date


def _recipients(inspection) -> list[str]:
    """The responsible people who can still act on the reminder: active, with an address and a role in the area."""
    return sorted(
        person.email for person in inspection.responsible_people.all()
        if person.is_active and person.email
        and any(membership.area_id == inspection.area_id for membership in person.memberships.all())
    )


def milestone_reminders_send(*, today: date) -> int:
    """E-mail the responsible people once per milestone, threshold and due date; returns reminders sent."""
    sent = 0
    milestones = list(
        # Deadlines only: a board's meetings are milestones too, and governance tells people what they owe them.
        Milestone.objects.exclude(status=Milestone.Status.MET).filter(key__in=MILESTONE_KEYS)
        .select_related("inspection__area")
        .prefetch_related("inspection__responsible_people__memberships")
    )
    calendars = working_day_calendars({milestone.inspection.area_id for milestone in milestones})
    for milestone in milestones:
        calendar = calendars[milestone.inspection.area_id]
        if not calendar.is_working_day(today):
            continue  # reminders go out on the area's working days only; the next working day catches up
        days_left = calendar.working_days_between(today, milestone.due)
        # A due date on a weekend counts 0 working days from the Friday and from the Monday after: the date decides.
        threshold = "overdue" if milestone.due < today else _reminder_threshold(days_left)
        recipients = _recipients(milestone.inspection)
        if threshold is None or not recipients:
            continue
        try:
            with transaction.atomic():
                # The unique row is the claim: a retried task or a second worker fails here and sends nothing.
                reminder = MilestoneReminder.objects.create(
                    milestone=milestone, threshold=threshold, due=milestone.due, recipients=", ".join(recipients)
                )
                subject, body = _reminder_text(milestone, threshold=threshold, days_left=days_left, today=today)
                email_queue(to=recipients, subject=subject, body=body, reason=OutgoingEmail.Reason.MILESTONE_REMINDER,
                            key=f"milestone-reminder:{reminder.pk}", area_id=milestone.inspection.area_id)
        except IntegrityError:
            continue
        sent += 1
    return sent


def _reminder_threshold(working_days_left: int) -> str | None:
    if working_days_left < 0:
        return "overdue"
    for threshold in REMINDER_THRESHOLDS:
        if working_days_left <= threshold:
            return str(threshold)
    return None


def _reminder_text(milestone: Milestone, *, threshold: str, days_left: int, today: date) -> tuple[str, str]:
    inspection = milestone.inspection
    when = f"{milestone.due:%A} {long_date(milestone.due)}"
    if threshold == "overdue":
        headline = f"Overdue: {milestone} was due on {when}"
    elif milestone.due == today:
        headline = f"Due today: {milestone}, {when}"
    elif days_left == 0:
        headline = f"{milestone} is due on {when}: today is the last working day before it"
    else:
        plural = "day" if days_left == 1 else "days"
        headline = f"{milestone} is due in {days_left} working {plural}: {when}"
    link = settings.SITE_URL.rstrip("/") + reverse("inspections:detail", args=[inspection.pk])
    body = (
        f"{headline}\n\n{inspection.area} – {inspection.get_framework_display()}\n"
        f"{milestone.explanation}\n\nSee the whole schedule: {link}\n"
    )
    return f"{headline} ({inspection.area})", body
