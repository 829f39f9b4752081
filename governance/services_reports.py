"""Every write to a subgroup's report to a board meeting: saving a draft, submitting it, reopening it.

A report is written by its subgroup's lead (or an administrator of the area: the views check who). Each save
claims the version the writer opened with one conditional UPDATE, as an action's edit does (decision 0004),
so that of two people writing one report the second is told and keeps their text. Each save keeps the figures
of the day (``report_figures``); the submitted report keeps them as they were when it went to the board.
"""
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from inspections.dates import long_date

from .errors import GovernanceError
from .models import SubgroupReport
from .report_figures import report_figures
from .report_sections import section_texts, sections_problems, text_normalised
from .writes import saved

REASON_MAX_LENGTH = 500


class ReportChanged(Exception):
    """Someone saved the report since this person opened it: nothing is saved. ``current`` is the report as
    it is saved now, for the page to show beside what this person wrote."""

    message = "Someone else changed this report while you were editing it"

    def __init__(self, *, current: SubgroupReport):
        super().__init__(self.message)
        self.current = current


def report_words(report: SubgroupReport) -> str:
    """ "Spotlight report for the 14 April 2026 meeting"."""
    return f"{report.get_kind_display()} for the {long_date(report.meeting.held_on)} meeting"


def _person(by) -> str:
    return str(by) if by is not None else "the service"


def _claimed(report: SubgroupReport, expected_version: int) -> SubgroupReport:
    """The report, locked, with the version the writer opened claimed; or why it cannot be written."""
    claimed = SubgroupReport.objects.filter(
        pk=report.pk, version=expected_version, status=SubgroupReport.Status.DRAFT
    ).update(version=F("version") + 1)
    current = (
        SubgroupReport.objects.select_for_update(of=("self",))
        .select_related("meeting__board", "subgroup__plan", "submitted_by").get(pk=report.pk)
    )
    if current.status == SubgroupReport.Status.SUBMITTED:
        when = timezone.localtime(current.submitted_at)
        raise GovernanceError({NON_FIELD_ERRORS: [
            f"This report was submitted to the board by {_person(current.submitted_by)} on {long_date(when.date())} "
            f"at {when:%H:%M}, so it cannot be changed now. Your text is below: copy what you need, and ask an "
            "administrator to reopen the report if it must change."
        ]})
    if not claimed:
        raise ReportChanged(current=current)
    return current


def _write(
    *, report: SubgroupReport, by, sections: dict, expected_version: int, submitting: bool, today: date | None,
    now: datetime | None,
) -> SubgroupReport:
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    texts = {key: text_normalised(value) if isinstance(value, str) else value for key, value in sections.items()}
    with transaction.atomic():
        locked = _claimed(report, expected_version)
        problems = sections_problems(locked.kind, texts, submitting=submitting)
        if problems:
            raise GovernanceError(problems)
        before = dict(locked.sections)
        # The other kind's sections are kept (a spotlight that moves keeps what was written for it).
        locked.sections = {**locked.sections, **texts}
        locked.data = report_figures(subgroup=locked.subgroup, meeting=locked.meeting, today=today)
        changed = [section.label for section, text in section_texts(locked.kind, locked.sections)
                   if text != str(before.get(section.key, ""))]
        if submitting:
            locked.status, locked.submitted_by, locked.submitted_at = SubgroupReport.Status.SUBMITTED, by, now
            reason = f"{report_words(locked)} submitted by {_person(by)}"
        else:
            reason = f"{report_words(locked)} saved as a draft by {_person(by)}"
        if changed:
            reason += f" (changed: {', '.join(changed)})"
        saved(locked, by=by, reason=reason)
    return locked


def report_draft_save(
    *, report: SubgroupReport, by, sections: dict[str, str], expected_version: int, today: date | None = None,
) -> SubgroupReport:
    """Save the report's narrative as a draft, with the figures of the day; only from the version opened."""
    return _write(report=report, by=by, sections=sections, expected_version=expected_version, submitting=False,
                  today=today, now=None)


def report_submit(
    *, report: SubgroupReport, by, sections: dict[str, str], expected_version: int, today: date | None = None,
    now: datetime | None = None,
) -> SubgroupReport:
    """Submit the report to the board: its narrative and its figures as they are now are kept from then on,
    and the board's chair and members can read it. It needs a summary."""
    return _write(report=report, by=by, sections=sections, expected_version=expected_version, submitting=True,
                  today=today, now=now)


def report_reopen(*, report: SubgroupReport, by, reason: str) -> SubgroupReport:
    """Make a submitted report a draft again, so that its subgroup can correct it: an administrator's step,
    with the reason in the history. The figures refresh when it is next saved."""
    reason = text_normalised(reason or "")
    if not reason:
        raise GovernanceError({"reason": "Enter why the report is being reopened"})
    if len(reason) > REASON_MAX_LENGTH:
        raise GovernanceError({"reason": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer"})
    with transaction.atomic():
        locked = (
            SubgroupReport.objects.select_for_update(of=("self",)).select_related("meeting__board", "subgroup")
            .get(pk=report.pk)
        )
        if locked.status != SubgroupReport.Status.SUBMITTED:
            raise GovernanceError({NON_FIELD_ERRORS: ["This report is a draft already"]})
        locked.status, locked.submitted_by, locked.submitted_at = SubgroupReport.Status.DRAFT, None, None
        locked.version += 1
        saved(locked, by=by, reason=f"{report_words(locked)} reopened as a draft by {_person(by)}: {reason}")
    return locked

