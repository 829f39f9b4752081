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


def _strands_of(subgroup_id: int, plan_day: PlanDay) -> set[int]:
    return {strand.pk for strand in plan_day.strands if strand.subgroup_id == subgroup_id}


def _subgroup_figures(subgroup_id: int, plan_day: PlanDay, legend: Legend, links: Links) -> RatingGroup:
    strands = _strands_of(subgroup_id, plan_day)
    actions = [action for action in plan_day.actions if action.strand_id in strands]
    counts = Counter(action.rating for action in actions)
    return RatingGroup(
        pk=subgroup_id, name="The subgroup's actions", total=len(actions), link=links.actions(subgroup=subgroup_id),
        counts=rating_counts(counts, legend, lambda key: links.actions(subgroup=subgroup_id, rating=key)),
        overdue=sum(action.overdue_on(plan_day.day) for action in actions),
        overdue_link=links.actions(subgroup=subgroup_id, overdue=True),
    )


def _owing(subgroup_id: int, plan_day: PlanDay) -> int:
    strands = _strands_of(subgroup_id, plan_day)
    return sum(1 for action in plan_day.actions
               if action.strand_id in strands and action.completed_on is None and action.pk not in plan_day.updated)
