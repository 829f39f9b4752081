"""E-mails to subgroup leads: what they owe the board's next meeting (a spotlight or a short report) and by when.

A lead hears once per meeting, from the day the reports are due (``Board.report_due_working_days`` working
days before the meeting) until the meeting, on the area's working days only, so a run missed on the day is
caught up the next working day. Each e-mail is claimed by :class:`~governance.models.ReportDueReminder` rows
(one per meeting, subgroup and lead), inserted in the transaction that queues the e-mail for after the commit:
a retried task or a second worker fails on the row and sends nothing (docs/decisions/0003-reminders-once.md).
Only leads with a role in the board's area are told.
"""
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from inspections.selectors import working_day_calendars
from wsoa.models import OutgoingEmail
from wsoa.outbox import email_queue

from .cadence import day_in_words
from .models import Meeting, ReportDueReminder, SubgroupReport


def _due_meetings(today: date) -> list[Meeting]:
    """Planned meetings of boards that send reminders whose reports are due by today, and that are still ahead."""
    meetings = list(
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED, board__reminders_on=True, reports_due_on__lte=today, held_on__gt=today
        )
        .select_related("board__area")
        .order_by("held_on", "pk")
    )
    calendars = working_day_calendars({meeting.board.area_id for meeting in meetings})
    return [meeting for meeting in meetings if calendars[meeting.board.area_id].is_working_day(today)]


def _reachable_in(person, area_id: int) -> bool:
    return (
        person is not None and person.is_active and bool(person.email)
        and any(membership.area_id == area_id for membership in person.memberships.all())
    )


def report_reminders_send(*, today: date) -> int:
    """E-mail each subgroup lead one list of the reports they still owe each meeting; returns e-mails sent."""
    meetings = {meeting.pk: meeting for meeting in _due_meetings(today)}
    owed = (
        SubgroupReport.objects.filter(meeting_id__in=meetings, status=SubgroupReport.Status.DRAFT)
        .select_related("subgroup")
        .prefetch_related("subgroup__lead__memberships")
        .order_by("meeting_id", "kind", "subgroup__name")
    )
    by_lead: dict[tuple[int, int], list[SubgroupReport]] = defaultdict(list)
    for report in owed:
        lead = report.subgroup.lead
        if _reachable_in(lead, meetings[report.meeting_id].board.area_id):
            by_lead[(report.meeting_id, lead.pk)].append(report)
    sent = 0
    for (meeting_id, _), reports in by_lead.items():
        sent += _claim_and_send(meetings[meeting_id], reports, today=today)
    return sent


def _claim_and_send(meeting: Meeting, reports: list[SubgroupReport], *, today: date) -> bool:
    """Claim each report's row, then queue one e-mail listing the reports claimed; ``False`` if none was left."""
    lead = reports[0].subgroup.lead
    with transaction.atomic():
        claimed = []
        for report in reports:
            try:
                with transaction.atomic():
                    claim = ReportDueReminder.objects.create(meeting=meeting, subgroup=report.subgroup, recipient=lead)
            except IntegrityError:
                continue
            claimed.append((report, claim))
        if not claimed:
            return False
        subject, body = _reminder_text(meeting, [report for report, _ in claimed], lead=lead, today=today)
        email_queue(to=[lead.email], subject=subject, body=body, reason=OutgoingEmail.Reason.REPORT_DUE,
                    key=f"report-due:{claimed[0][1].pk}", area_id=meeting.board.area_id)
    return True


def _reminder_text(meeting: Meeting, reports: list[SubgroupReport], *, lead, today: date) -> tuple[str, str]:
    board = meeting.board
    when = day_in_words(meeting.held_on)
    due = "today" if meeting.reports_due_on == today else f"by {day_in_words(meeting.reports_due_on)}"
    if meeting.reports_due_on < today:
        due = f"by {day_in_words(meeting.reports_due_on)}, which has passed: please send it now"
    lines = [f"Dear {lead},", "", f"The {board} meets on {when} at {meeting.time:%H:%M}.", ""]
    for report in reports:
        what = "the spotlight report" if report.kind == SubgroupReport.Kind.SPOTLIGHT else "a short report"
        lines.append(f"{report.subgroup} owes {what}, due {due}.")
    link = settings.SITE_URL.rstrip("/") + reverse("governance:meeting", args=[meeting.pk])
    lines += ["", f"The meeting: {link}"]
    kind = "Spotlight report" if any(r.kind == SubgroupReport.Kind.SPOTLIGHT for r in reports) else "Short report"
    subject = f"{kind} due for the {board} on {when} ({board.area})"
    return subject, "\n".join(lines) + "\n"
