"""What the subgroups sent the meeting: the spotlight subgroup with its figures on the day, and the reports
submitted to the meeting (the spotlight report and the short reports), as plain data. One query: the subgroups
the papers name with their submitted reports, as plain rows (``governance.selectors.meeting_papers``)."""
from collections import Counter

from django.urls import reverse
from django.utils import timezone

from actions.ratings import Legend
from governance.models import Meeting, SubgroupReport
from governance.report_sections import section_texts
from governance.selectors import PaperRow, meeting_papers, spotlight_words
from inspections.dates import long_date

from .counts import rating_counts
from .links import Links
from .plan_day import PlanDay
from .shapes import RatingGroup, Report, ReportSection, Spotlight

_KIND_WORDS = dict(SubgroupReport.Kind.choices)


def report_sections(kind: str, sections: dict) -> list[ReportSection]:
    """The report's narrative as the board reads it: the sections its kind declares that were written."""
    return [ReportSection(section.label, text) for section, text in section_texts(kind, sections) if text.strip()]


def _report(row: PaperRow, words: str) -> Report:
    return Report(
        kind=row.kind, kind_words=_KIND_WORDS.get(row.kind, row.kind), subgroup=words, lead=row.lead,
        submitted_by=row.submitted_by,
        submitted_words=long_date(timezone.localdate(row.submitted_at)) if row.submitted_at else "",
        sections=report_sections(row.kind, row.sections),
    )


def papers_of(meeting: Meeting, plan_day: PlanDay, legend: Legend, links: Links) -> tuple[Spotlight | None, list]:
    section_word = meeting.board.plan.section_word
    rows = meeting_papers(meeting)
    subgroups = {row.subgroup_id: row for row in rows}

    def words(subgroup_id: int) -> str:
        row = subgroups.get(subgroup_id)
        return spotlight_words(row, section_word=section_word, first_strand=row.first_strand) if row else ""

    reports = sorted(
        (_report(row, words(row.subgroup_id)) for row in rows if row.kind is not None),
        key=lambda report: (report.kind != SubgroupReport.Kind.SPOTLIGHT, report.subgroup),
    )
    spotlight = None
    if meeting.spotlight_id:
        spotlight = Spotlight(
            name=words(meeting.spotlight_id), link=reverse("actions:subgroup", args=[meeting.spotlight_id]),
            lead=getattr(subgroups.get(meeting.spotlight_id), "lead", ""),
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
