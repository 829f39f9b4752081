"""The demo board's subgroup reports as the subgroup leads wrote them: the spotlight reports of the last two
meetings held, short reports from the other subgroups, and for the meeting in the coming week two short reports
sent early and the spotlight report in draft.

The texts follow the shape a SEND executive board asks of its subgroup chairs: what has gone well, what is
not on track and why, and the support needed from the board. Loading again changes nothing already written.
"""
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import Board, Meeting, SubgroupReport
from .services_reports import report_draft_save, report_submit

# By subgroup: its spotlight report's sections.
SPOTLIGHTS = {
    "EHC plans quality subgroup": {
        "summary": "The quality of new EHC plans has improved for the third month running. Timeliness has not "
                   "kept pace: the 20-week figure is still well short of the target, and advice from health "
                   "partners is the main cause of delay.",
        "went_well": "The multi-agency audit panel met twice and audited 24 new plans; 19 were judged good or "
                     "better, against 11 of 24 in the autumn.\n\nThe new advice template for social care is in "
                     "use in every team, and the parent carer forum co-delivered two training sessions for "
                     "case officers.",
        "not_on_track": "New plans issued within 20 weeks are behind target. Health advice is late in about one "
                        "case in three, mostly speech and language therapy, where two posts have been vacant "
                        "since January.\n\nThe backlog of annual reviews is falling, but more slowly than the "
                        "plan assumed, because the same case officers are covering new assessments.",
        "support_needed": "The board is asked to support a request to the ICB for interim speech and language "
                          "therapy capacity until the two posts are filled, and to agree that the annual review "
                          "backlog action is re-profiled to the end of the next quarter.",
    },
    "Graduated response subgroup": {
        "summary": "The SEND support toolkit is now in use in most primary schools and requests for assessment "
                   "from those schools are better evidenced. Secondary take-up is slower.",
        "went_well": "The SENCO network has met every half term, with good attendance from primary schools. "
                     "Early help and the educational psychology service now triage requests together, so "
                     "families hear sooner which support is offered.",
        "not_on_track": "Only about half of secondary schools have used the toolkit so far, and the outreach "
                        "offer from special schools started later than planned because of staffing.",
        "support_needed": "The board is asked to champion the toolkit with secondary headteachers through the "
                          "schools partnership, and to note the later start of the outreach offer.",
    },
    "Preparation for adulthood subgroup": {
        "summary": "Preparing for adulthood reviews from Year 9 are now routine in most special schools; the "
                   "supported internship programme has doubled its places.",
        "went_well": "Eighteen young people started supported internships this year, against nine last year, "
                     "with two new employers from the NHS trust. Transition protocols between children's and "
                     "adult social care have been agreed.",
        "not_on_track": "Health transition planning is inconsistent: not every young person with complex health "
                        "needs has a named adult service by 17½. The post-16 travel training offer is still "
                        "being commissioned.",
        "support_needed": "The board is asked to ask the ICB to confirm a lead for health transition planning, "
                          "and to support the travel training commission at the next procurement panel.",
    },
    "Communication and local offer subgroup": {
        "summary": "The local offer website has been rebuilt with families and the accessibility audit "
                   "actions are mostly done. Families' confidence in communication remains low.",
        "went_well": "The parent carer forum tested the new local offer pages with 30 families. Monthly SEND "
                     "newsletters now go to every family with an EHC plan, and the 'you said, we did' page is "
                     "updated after each board.",
        "not_on_track": "The family survey shows only a small rise in families who say they know where to find "
                        "information. Translations of the key pages are late because of the supplier change.",
        "support_needed": "The board is asked to ask every partner to link to the local offer from their own "
                          "websites and letters, and to agree a second family survey in the summer.",
    },
}
# By subgroup: its short report's sections.
SHORT_REPORTS = {
    "EHC plans quality subgroup": {
        "summary": "Audit results continue to improve. Timeliness of health advice remains the main risk.",
        "escalations": "Speech and language therapy vacancies are delaying advice for new assessments.",
    },
    "Graduated response subgroup": {
        "summary": "Toolkit training for the remaining primary schools is booked for next month; no new risks.",
        "escalations": "",
    },
    "Preparation for adulthood subgroup": {
        "summary": "Supported internship places are confirmed for September; health transition work continues.",
        "escalations": "",
    },
    "Communication and local offer subgroup": {
        "summary": "The rebuilt local offer is live; translations of the key pages follow next month.",
        "escalations": "The translation supplier change may delay the accessibility actions by a month.",
    },
}
DRAFT_NEXT_WEEK = {"summary": "Draft: the audit panel meets on Thursday; figures to follow."}
# The demo's subgroup-lead sign-in: whoever tries the service as a subgroup lead still has their report to write.
STILL_TO_WRITE_BY = "lead@demo.example.org"


def _afternoon_before(day: date) -> datetime:
    """Mid-afternoon of the day before, as leads tend to send their reports."""
    return timezone.make_aware(datetime.combine(day - timedelta(days=1), time(15, 30)))


def _submit(report: SubgroupReport, texts: dict, *, day: date) -> None:
    """Send the report as its subgroup's lead on ``day``, written the afternoon before (unless already written)."""
    if report.written or report.subgroup.lead is None:
        return
    report_submit(report=report, by=report.subgroup.lead, sections=texts, expected_version=report.version,
                  today=day, now=_afternoon_before(day))


def demo_reports_load(board: Board, *, today) -> None:
    """Spotlight and short reports for the board's last two meetings held (one short report not sent, as
    happens), and for the meeting in the coming week two short reports sent early and a draft spotlight report."""
    held = list(board.meetings.filter(status=Meeting.Status.HELD).order_by("-held_on")[:2])
    for meeting in held:
        reports = meeting.reports.select_related("subgroup__lead", "subgroup__plan", "meeting__board")
        for position, report in enumerate(reports.order_by("subgroup__name")):
            name = report.subgroup.name
            if report.kind == SubgroupReport.Kind.SPOTLIGHT and name in SPOTLIGHTS:
                _submit(report, SPOTLIGHTS[name], day=meeting.reports_due_on)
            elif report.kind == SubgroupReport.Kind.SHORT and name in SHORT_REPORTS and position != 3:
                _submit(report, SHORT_REPORTS[name], day=meeting.reports_due_on)
    coming = board.meetings.filter(
        status=Meeting.Status.PLANNED, held_on__gte=today, held_on__lte=today + timedelta(days=7)
    ).order_by("held_on").first()
    if coming is None:
        return
    shorts = coming.reports.filter(kind=SubgroupReport.Kind.SHORT).select_related(
        "subgroup__lead", "subgroup__plan", "meeting__board"
    ).order_by("subgroup__name")
    sent_early = [report for report in shorts if report.subgroup.name in SHORT_REPORTS
                  and getattr(report.subgroup.lead, "email", None) != STILL_TO_WRITE_BY]
    for report in sent_early[:2]:  # two leads have sent theirs already
        _submit(report, SHORT_REPORTS[report.subgroup.name], day=today)
    draft = coming.reports.filter(kind=SubgroupReport.Kind.SPOTLIGHT).select_related(
        "subgroup__lead", "subgroup__plan", "meeting__board"
    ).first()
    if draft is not None and not draft.written and draft.subgroup.lead is not None:
        report_draft_save(report=draft, by=draft.subgroup.lead, sections=DRAFT_NEXT_WEEK,
                          expected_version=draft.version, today=today)
