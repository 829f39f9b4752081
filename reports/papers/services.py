"""Every write of committee reports: an area's default templates and branding, starting a report, writing its
sections and title block, approving, issuing (a PDF drawn in the background and kept) and reopening for a new
version. Each write is one transaction, names who did it and why in the history, and refuses with a
``ReportsError``."""
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from inspections.models import Inspection, LocalArea

from ..errors import ReportsError
from ..models import IssuedReport, Report, ReportBranding, ReportSection, ReportTemplate, TemplateSection
from .branding import COLOURS, LogoRefused, logo_redrawn
from .kinds import DEFAULTS, TITLE_FIELDS, Kind
from .specs import content_of, default_title, starter_values, title_defaults
from .text import starter_filled

MAX_TITLE_VALUE = 300


def saved(instance, *, by, reason: str):
    """Save with who did it and why, so the history is attributed even when a Celery task does the writing."""
    instance._history_user = by
    instance._change_reason = reason
    instance.save()
    return instance


def area_templates(area: LocalArea, *, by=None) -> dict[str, ReportTemplate]:
    """The area's template of each kind, made from the defaults where a kind has none: the area's own newest copy
    of a kind once it has one, else the default it was given."""
    with transaction.atomic():
        LocalArea.objects.select_for_update().get(pk=area.pk)  # two first uses at once make one set
        have = {}
        for template in ReportTemplate.objects.filter(area=area).order_by("kind", "shipped", "-pk"):
            have.setdefault(template.kind, template)
        for kind, spec in DEFAULTS.items():
            if kind in have:
                continue
            template = saved(ReportTemplate(
                area=area, kind=kind, name=spec.name, numbering=spec.numbering, title_fields=list(spec.title_fields),
                title_defaults=dict(spec.title_defaults), shipped=True,
            ), by=by, reason="Default report template made for the area")
            for position, section in enumerate(spec.sections, start=1):
                saved(TemplateSection(
                    template=template, position=position, heading=section.heading, generated=section.generated,
                    guidance=section.guidance, starter=section.starter, bold=section.bold,
                ), by=by, reason="Default report template made for the area")
            have[kind] = template
    return have


def _check_start(*, template, inspection, meeting, weakness, data_on: date, today: date) -> None:
    problems = {}
    if template.area_id != inspection.area_id:
        problems["template"] = "Choose a template of the inspection's local area"
    if not hasattr(inspection, "plan"):
        problems["inspection"] = "This inspection has no plan yet: a report needs one"
    if data_on > today:
        problems["data_on"] = "The data day must be today or earlier: the figures of a later day are not known"
    if template.kind == Kind.BOARD and meeting is None:
        problems["meeting"] = "Choose the board meeting this pack is for"
    if meeting is not None and getattr(inspection, "plan", None) and meeting.board.plan_id != inspection.plan.pk:
        problems["meeting"] = "Choose a meeting of a board that oversees this inspection's plan"
    if weakness is not None and weakness.inspection_id != inspection.pk:
        problems["weakness"] = "Choose an area of weakness of this inspection"
    if problems:
        raise ReportsError(problems)


def report_start(*, template: ReportTemplate, inspection: Inspection, by, meeting_on: date, data_on: date,
                 meeting=None, weakness=None, changes_since: date | None = None, title: str = "",
                 today: date | None = None) -> Report:
    """A draft report from the template as it is now: its sections copied, starter texts filled from the data."""
    today = today or timezone.localdate()
    _check_start(template=template, inspection=inspection, meeting=meeting, weakness=weakness, data_on=data_on,
                 today=today)
    with transaction.atomic():
        template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
        values = title_defaults(template, meeting)
        report = saved(Report(
            inspection=inspection, template=template, template_version=template.version, kind=template.kind,
            numbering=template.numbering, title=title.strip() or default_title(template, inspection, meeting_on),
            meeting_on=meeting_on, data_on=data_on, changes_since=changes_since, meeting=meeting, weakness=weakness,
            title_fields=list(template.title_fields), title_values=values, created_by=by,
        ), by=by, reason=f"Report started from the template “{template.name}” (version {template.version})")
        starters = starter_values(inspection=inspection, meeting_on=meeting_on, data_on=data_on,
                                  report_to=values.get("report_to", ""))
        for position, section in enumerate(template.sections.order_by("position"), start=1):
            saved(ReportSection(
                report=report, position=position, heading=section.heading, generated=section.generated,
                bold=section.bold, guidance=section.guidance,
                text="" if section.generated else starter_filled(section.starter, starters),
            ), by=by, reason="Report started")
    return report


def _locked(report: Report, expected_version: int | None) -> Report:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ReportsError({"__all__": "Someone else changed this report after you opened it. Your text is "
                                       "below: copy it, reload the page and make your change again."})
    if locked.status == Report.Status.ISSUED:
        raise ReportsError({"__all__": "This report has been issued. Reopen it for a new version to change it."})
    return locked


def _approval_cleared(report: Report) -> None:
    report.status, report.approved_by, report.approved_role, report.approved_at = Report.Status.DRAFT, None, "", None


def _edited(report: Report, *, by, reason: str) -> None:
    """Count the change; a change to an approved report takes its approval away, and says so."""
    if report.status == Report.Status.APPROVED:
        _approval_cleared(report)
        reason = f"{reason}; approval withdrawn because the report changed"
    report.version += 1
    saved(report, by=by, reason=reason)


def report_section_write(*, section: ReportSection, by, text: str, expected_version: int | None) -> ReportSection:
    if section.generated:
        raise ReportsError({"text": "This section is filled from the data: there is nothing to write in it"})
    with transaction.atomic():
        report = _locked(section.report, expected_version)
        section.text = text.replace("\r\n", "\n").strip()
        saved(section, by=by, reason=f"Section “{section.heading}” written")
        _edited(report, by=by, reason=f"Section “{section.heading}” written")
    return section


def report_title_write(*, report: Report, by, title: str, values: dict[str, str],
                       expected_version: int | None) -> Report:
    title = title.strip()
    if not title:
        raise ReportsError({"title": "Enter the report's title"})
    unknown = set(values) - set(TITLE_FIELDS)
    if unknown:
        raise ReportsError({"__all__": "Unknown title block field"})
    long = [key for key, value in values.items() if len(value) > MAX_TITLE_VALUE]
    if long:
        raise ReportsError(dict.fromkeys(long, f"Enter no more than {MAX_TITLE_VALUE} characters"))
    with transaction.atomic():
        locked = _locked(report, expected_version)
        locked.title = title
        locked.title_values = {**locked.title_values, **{key: value.strip() for key, value in values.items()}}
        _edited(locked, by=by, reason="Title block changed")
    return locked


def report_approve(*, report: Report, by, role_words: str, expected_version: int | None) -> Report:
    role_words = role_words.strip()
    if not role_words:
        raise ReportsError({"role_words": "Enter the role you approve this report as, for example Executive "
                                          "Director (Children's Services)"})
    with transaction.atomic():
        locked = _locked(report, expected_version)
        if locked.status != Report.Status.DRAFT:
            raise ReportsError({"__all__": "This report is already approved"})
        empty = [s.heading for s in locked.sections.all() if not s.generated and not s.text.strip()]
        if empty:
            raise ReportsError({"__all__": f"Write every narrative section first: {', '.join(empty)}"})
        locked.status, locked.approved_by, locked.approved_role = Report.Status.APPROVED, by, role_words[:200]
        locked.approved_at = timezone.now()
        locked.version += 1
        saved(locked, by=by, reason=f"Report approved by {by} as {role_words}")
    return locked


def report_issue(*, report: Report, by) -> IssuedReport:
    """Issue the approved report: the next version's PDF is queued to be drawn in the background."""
    from ..tasks import issued_report_render

    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status != Report.Status.APPROVED:
            raise ReportsError({"__all__": "Only an approved report can be issued"})
        number = (locked.issues.aggregate(last=Max("number"))["last"] or 0) + 1
        issue = saved(IssuedReport(
            report=locked, number=number, issued_by=by, issued_at=timezone.now(), data_on=locked.data_on,
            template_version=locked.template_version, content=content_of(locked),
        ), by=by, reason=f"Version {number} issued")
        locked.status = Report.Status.ISSUED
        locked.version += 1
        saved(locked, by=by, reason=f"Version {number} issued")
        issued_report_render.delay_on_commit(issue.pk)
    return issue


def report_reopen(*, report: Report, by) -> Report:
    """Back to a draft, for a new version; what was issued stays as it was, downloadable."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status != Report.Status.ISSUED:
            raise ReportsError({"__all__": "Only an issued report can be reopened"})
        _approval_cleared(locked)
        locked.version += 1
        saved(locked, by=by, reason="Reopened for a new version")
    return locked


def issue_retry(*, issue: IssuedReport, by) -> IssuedReport:
    """Draw a failed issue again (it has no PDF: nothing issued is replaced)."""
    from ..tasks import issued_report_render

    with transaction.atomic():
        locked = IssuedReport.objects.select_for_update().get(pk=issue.pk)
        if locked.status != IssuedReport.Status.FAILED:
            raise ReportsError({"__all__": "Only a version that failed to draw can be tried again"})
        locked.status, locked.failure = IssuedReport.Status.QUEUED, ""
        saved(locked, by=by, reason="Drawing tried again")
        issued_report_render.delay_on_commit(locked.pk)
    return locked



def branding_save(*, area: LocalArea, by, council_name: str, colour: str, logo: bytes | None = None,
                  remove_logo: bool = False) -> ReportBranding:
    """The area's look on its reports; a new logo is checked and drawn again as a PNG before it is kept."""
    if colour not in COLOURS:
        raise ReportsError({"colour": "Choose a heading colour from the list"})
    redrawn = None
    if logo:
        try:
            redrawn = logo_redrawn(logo)
        except LogoRefused as refused:
            raise ReportsError({"logo": str(refused)}) from None
    with transaction.atomic():
        branding, _ = ReportBranding.objects.select_for_update().get_or_create(area=area)
        branding.council_name, branding.colour = council_name.strip(), colour
        if redrawn:
            branding.logo_png = redrawn.png
        elif remove_logo:
            branding.logo_png = b""
        saved(branding, by=by, reason="Report branding changed")
    return branding
