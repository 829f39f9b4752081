"""What the subgroups sent the meeting: the spotlight subgroup with its figures on the day, and the reports
submitted to the meeting (the spotlight report and the short reports), as plain data. Two queries: the
subgroups in turn and the submitted reports."""
from collections import Counter

from django.urls import reverse
from django.utils import timezone

from actions.ratings import Legend
from governance.models import Meeting, SubgroupReport
from governance.report_sections import section_texts
from governance.selectors import spotlight_words, subgroups_in_turn
from inspections.dates import long_date

from .counts import rating_counts
from .links import Links
from .plan_day import PlanDay
from .shapes import RatingGroup, Report, ReportSection, Spotlight


def report_sections(report: SubgroupReport) -> list[ReportSection]:
    """The report's narrative as the board reads it: the sections its kind declares that were written."""
    return [ReportSection(section.label, text) for section, text in section_texts(report.kind, report.sections)
            if text.strip()]


def papers_of(meeting: Meeting, plan_day: PlanDay, legend: Legend, links: Links) -> tuple[Spotlight | None, list]:
    plan = meeting.board.plan
    turn = {subgroup.pk: subgroup for subgroup in subgroups_in_turn(plan)}
    submitted = (SubgroupReport.objects.filter(meeting=meeting, status=SubgroupReport.Status.SUBMITTED)
                 .select_related("submitted_by"))

    def words(subgroup_id: int) -> str:
        subgroup = turn.get(subgroup_id)
        return spotlight_words(subgroup, section_word=plan.section_word,
                               first_strand=getattr(subgroup, "first_strand", None))

    reports = sorted(
        (Report(
            kind=report.kind, kind_words=report.get_kind_display(), subgroup=words(report.subgroup_id),
            lead=str(getattr(turn.get(report.subgroup_id), "lead", None) or ""),
            submitted_by=str(report.submitted_by or ""),
            submitted_words=long_date(timezone.localdate(report.submitted_at)) if report.submitted_at else "",
            sections=report_sections(report),
        ) for report in submitted),
        key=lambda report: (report.kind != SubgroupReport.Kind.SPOTLIGHT, report.subgroup),
    )
    spotlight = None
    if meeting.spotlight_id:
        spotlight = Spotlight(
            name=words(meeting.spotlight_id), link=reverse("actions:subgroup", args=[meeting.spotlight_id]),
            lead=str(getattr(turn.get(meeting.spotlight_id), "lead", None) or ""),
            figures=_subgroup_figures(meeting.spotlight_id, plan_day, legend, links),
            missing_updates=_owing(meeting.spotlight_id, plan_day),
            missing_updates_link=links.actions(subgroup=meeting.spotlight_id, update_missing=True),
            report=next((report for report in reports if report.kind == SubgroupReport.Kind.SPOTLIGHT), None),
        )
    return spotlight, [report for report in reports if report.kind != SubgroupReport.Kind.SPOTLIGHT]


def _tallies_of(subgroup_id: int, plan_day: PlanDay) -> list:
    return [plan_day.by_strand[strand.pk] for strand in plan_day.strands
            if strand.subgroup_id == subgroup_id and strand.pk in plan_day.by_strand]


def _subgroup_figures(subgroup_id: int, plan_day: PlanDay, legend: Legend, links: Links) -> RatingGroup:
    tallies = _tallies_of(subgroup_id, plan_day)
    counts = sum((tally.ratings for tally in tallies), Counter())
    return RatingGroup(
        pk=subgroup_id, name="The subgroup's actions", total=sum(counts.values()),
        link=links.actions(subgroup=subgroup_id),
        counts=rating_counts(counts, legend, lambda key: links.actions(subgroup=subgroup_id, rating=key)),
        overdue=sum(tally.overdue for tally in tallies),
        overdue_link=links.actions(subgroup=subgroup_id, overdue=True),
    )


def _owing(subgroup_id: int, plan_day: PlanDay) -> int:
    return sum(tally.owing for tally in _tallies_of(subgroup_id, plan_day))
