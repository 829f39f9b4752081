"""Drawing an issue's PDF, once: the background task's work. The issue moves queued → rendering → done (its file
kept with its size and SHA-256) or failed with the reason in words; a version already drawn is never drawn again."""
import hashlib
import logging
import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..models import IssuedReport
from .paper import paper_html
from .pdf import drawn_pdf
from .specs import spec_of_issue

log = logging.getLogger(__name__)


def _claimed(issue_id: int) -> IssuedReport | None:
    """The issue, marked as being drawn, if it is waiting (or was left half drawn by a worker that stopped)."""
    with transaction.atomic():
        issue = IssuedReport.objects.select_for_update().filter(pk=issue_id).first()
        if issue is None or issue.status not in (IssuedReport.Status.QUEUED, IssuedReport.Status.RENDERING):
            return None
        issue.status = IssuedReport.Status.RENDERING
        issue._change_reason = "Being drawn"
        issue._history_user = issue.issued_by
        issue.save(update_fields=["status"])
    return issue


def issued_report_render(issue_id: int) -> str:
    issue = _claimed(issue_id)
    if issue is None:
        return "nothing to draw"
    started = time.perf_counter()
    try:
        spec = spec_of_issue(IssuedReport.objects.select_related(
            "report__inspection__area", "report__inspection__plan", "report__meeting__board",
            "report__weakness", "report__approved_by").get(pk=issue.pk))
        pdf, pages = drawn_pdf(paper_html(spec, today=timezone.localdate()))
    except Exception as error:  # a failure is shown on the report's page, in words, with the chance to try again
        log.exception("Drawing issued report %s failed", issue_id)
        _finish(issue, status=IssuedReport.Status.FAILED, failure=f"The PDF could not be drawn: {error}"[:500])
        return "failed"
    name = f"report-{issue.report_id}-v{issue.number}.pdf"
    issue.file.save(name, ContentFile(pdf), save=False)
    _finish(issue, status=IssuedReport.Status.DONE, size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(),
            pages=pages, render_seconds=round(time.perf_counter() - started, 2))
    return "done"


def _finish(issue: IssuedReport, **changes) -> None:
    for name, value in changes.items():
        setattr(issue, name, value)
    issue.finished_at = timezone.now()
    issue._history_user = issue.issued_by
    issue._change_reason = "PDF drawn" if issue.status == IssuedReport.Status.DONE else "Drawing the PDF failed"
    issue.save()
