"""Reads about boards and meetings for their pages, each scoped to the person's areas and with the joins the
page needs, so query counts stay flat however many meetings a board has had."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Min, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from actions.models import Plan, Strand, Subgroup
from wsoa.roles import Role, is_administrator_in, visible_area_ids
from wsoa.written_sql import Columns, table

from .cadence import Cadence, cadence_in_words
from .models import ActionArising, Board, BoardMember, Meeting, SubgroupReport

# What a page's object not being found (or being another area's) raises: the views answer 404.
NOT_FOUND = (
    Board.DoesNotExist, BoardMember.DoesNotExist, Meeting.DoesNotExist, ActionArising.DoesNotExist,
    SubgroupReport.DoesNotExist,
)


def cadence_of(board: Board) -> Cadence:
    return Cadence(
        frequency=board.frequency, weekday=board.weekday, week_of_month=board.week_of_month,
        interval_weeks=board.interval_weeks,
    )


def cadence_words(board: Board) -> str:
    return cadence_in_words(cadence_of(board), report_due_working_days=board.report_due_working_days)


def subgroups_in_turn(plan: Plan) -> list[Subgroup]:
    """The plan's subgroups in the order they take the spotlight: by their lowest strand number, then name
    (``first_strand`` is that number, or None for a subgroup with no strand yet, which comes last)."""
    return list(
        Subgroup.objects.filter(plan=plan).select_related("lead")
        .annotate(first_strand=Min("strands__number"))
        .order_by(F("first_strand").asc(nulls_last=True), "name", "pk")
    )


def spotlight_words(subgroup: Subgroup | None, *, section_word: str, first_strand: int | None) -> str:
    """ "Strand 2 – Graduated response subgroup" (or the subgroup's name when it has no strand)."""
    if subgroup is None:
        return ""
    return f"{section_word} {first_strand} – {subgroup.name}" if first_strand else subgroup.name


class PaperRow(NamedTuple):
    """A subgroup that the meeting's papers name, with one of its reports submitted to the meeting (the report's
    fields are None for the spotlight subgroup when it has submitted none)."""

    subgroup_id: int
    name: str
    first_strand: int | None
    lead: str  # "" when it has no lead
    kind: str | None
    sections: dict | None
    submitted_at: datetime | None
    submitted_by: str


def _name(pk, first: str, last: str, email: str) -> str:
    return get_user_model().name_of(first_name=first, last_name=last, email=email) if pk else ""


@cache
def _papers_columns() -> Columns:
    """A subgroup, its lowest strand number, its paper, its lead and the paper's author (as ``PaperRow`` has them)."""
    person = ("id", "first_name", "last_name", "email")
    first_strand = (f"(SELECT MIN(strand.number) FROM {table(Strand)} AS strand"  # noqa: S608 (names only)
                    " WHERE strand.subgroup_id = subgroup.id)", Strand._meta.get_field("number"))
    return Columns(
        ("subgroup", Subgroup, "id"), ("subgroup", Subgroup, "name"), first_strand,
        *(("paper", SubgroupReport, name) for name in ("kind", "sections", "submitted_at")),
        *(("lead", get_user_model(), name) for name in person),
        *(("author", get_user_model(), name) for name in person),
    )


@cache
def _papers_sql() -> str:
    """The papers' query, written once: the ORM took four times as long to build it as the database to answer."""
    return (
        f"SELECT {_papers_columns().sql} FROM {table(Subgroup)} AS subgroup"  # noqa: S608 (names only)
        f" LEFT JOIN {table(SubgroupReport)} AS paper ON paper.subgroup_id = subgroup.id"
        " AND paper.meeting_id = %s AND paper.status = %s"
        f" LEFT JOIN {table(get_user_model())} AS lead ON lead.id = subgroup.lead_id"
        f" LEFT JOIN {table(get_user_model())} AS author ON author.id = paper.submitted_by_id"
        " WHERE subgroup.plan_id = %s AND (subgroup.id = %s OR paper.id IS NOT NULL)"
        " ORDER BY subgroup.id, paper.id"
    )


def meeting_papers(meeting: Meeting) -> list[PaperRow]:
    """The plan's subgroups that the meeting's papers name (its spotlight subgroup and those with a report
    submitted to it), each with its lead, its lowest strand number (as ``subgroups_in_turn`` orders them) and a
    row for each submitted report: plain rows, one query written as SQL (``_papers_sql``)."""
    with connection.cursor() as cursor:
        cursor.execute(_papers_sql(), (meeting.pk, SubgroupReport.Status.SUBMITTED.value, meeting.board.plan_id,
                                       meeting.spotlight_id))
        rows = _papers_columns().rows(cursor)
    return [PaperRow(pk, name, first, _name(*lead), kind, sections, at, _name(*by))
            for pk, name, first, kind, sections, at, *people in rows
            for lead, by in [(people[:4], people[4:])]]


# --- boards --------------------------------------------------------------------------------------------


def boards_visible_to(user) -> QuerySet[Board]:
    """Every read of a board starts here: another area's board is simply not found."""
    return Board.objects.filter(area_id__in=visible_area_ids(user))


def boards_for_index(user) -> list[Board]:
    boards = boards_visible_to(user).select_related("area", "chair", "plan__inspection")
    return list(boards.order_by("area__name", "name"))


def board_for_page(pk: int, *, user) -> Board:
    return (
        boards_visible_to(user).select_related("area", "chair", "plan__inspection__area")
        .prefetch_related(Prefetch("members", queryset=BoardMember.objects.select_related("user")))
        .get(pk=pk)
    )


def board_for_change(pk: int, *, user) -> Board:
    return boards_visible_to(user).select_related("area", "chair", "plan__inspection").get(pk=pk)


def member_for_change(pk: int, *, user) -> BoardMember:
    return BoardMember.objects.select_related("board__area", "user").get(
        pk=pk, board__area_id__in=visible_area_ids(user)
    )


@dataclass
class MeetingRow:
    meeting: Meeting
    spotlight: str  # in words
    reports_submitted: int
    reports_owed: int


def board_meetings(board: Board, *, today: date) -> tuple[list[MeetingRow], list[MeetingRow]]:
    """The board's meetings, split into those past (newest first) and those to come (soonest first).

    Two queries whatever the number of meetings: the meetings with their spotlight, then the reports' states.
    """
    turn = {subgroup.pk: subgroup.first_strand for subgroup in subgroups_in_turn(board.plan)}
    word = board.plan.section_word
    meetings = list(Meeting.objects.filter(board=board).select_related("spotlight").order_by("held_on", "pk"))
    counts: dict[int, list[int]] = {meeting.pk: [0, 0] for meeting in meetings}
    for meeting_id, status in SubgroupReport.objects.filter(meeting__board=board).values_list("meeting_id", "status"):
        counts[meeting_id][0 if status == SubgroupReport.Status.SUBMITTED else 1] += 1
    rows = [
        MeetingRow(
            meeting=meeting,
            spotlight=spotlight_words(
                meeting.spotlight, section_word=word, first_strand=turn.get(meeting.spotlight_id)
            ),
            reports_submitted=counts[meeting.pk][0],
            reports_owed=counts[meeting.pk][1],
        )
        for meeting in meetings
    ]
    past = [row for row in rows if row.meeting.held_on < today]
    return list(reversed(past)), [row for row in rows if row.meeting.held_on >= today]


def people_in_area(area_id: int) -> QuerySet:
    """People with any role in the area: those who can be chosen as a chair, a member or an owner."""
    return (
        get_user_model().objects.filter(is_active=True, memberships__area_id=area_id)
        .distinct().order_by("first_name", "last_name", "email")
    )


def board_chair_candidates(area_ids) -> QuerySet:
    """Board chairs and administrators of these areas (the service checks the chair's role is in the board's)."""
    return (
        get_user_model().objects.filter(
            is_active=True, memberships__area_id__in=area_ids,
            memberships__role__in=[Role.BOARD_CHAIR, Role.ADMINISTRATOR],
        )
        .distinct().order_by("first_name", "last_name", "email")
    )


def plans_for_new_board(area_ids) -> QuerySet[Plan]:
    return Plan.objects.filter(inspection__area_id__in=area_ids).select_related("inspection__area").order_by(
        "inspection__area__name", "-inspection__starts_on"
    )


# --- meetings ------------------------------------------------------------------------------------------


def meetings_visible_to(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(board__area_id__in=visible_area_ids(user))


def with_neighbours(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """``meetings`` with their board's other meetings that were not cancelled, in the same query, as
    ``{"pk", "held_on", "status"}`` in date order (``board_meetings``): read the ones either side with
    ``neighbours_read``. One subquery for both sides (a board meets a few dozen times in a plan's life), written
    as SQL (the ORM's took longer to build than to run). On PostgreSQL only; elsewhere ``meetings`` as they are."""
    if connection.vendor != "postgresql":
        return meetings  # another database (the embedded default's SQLite) has no arrays: read them on their own
    meeting = connection.ops.quote_name(Meeting._meta.db_table)
    others = (
        "ARRAY(SELECT json_build_object('pk', other.id, 'held_on', other.held_on, 'status', other.status)"  # noqa: S608
        f" FROM {meeting} AS other WHERE other.board_id = {meeting}.board_id AND other.id <> {meeting}.id"
        " AND other.status <> %s ORDER BY other.held_on, other.id)"
    )
    return meetings.annotate(board_meetings=RawSQL(others, (Meeting.Status.CANCELLED.value,)))  # noqa: S611


def neighbours_read(meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    """The meetings either side of one read by ``with_neighbours``, each with its key, day and status only."""
    day = meeting.held_on.isoformat()
    earlier = [ref for ref in meeting.board_meetings if ref["held_on"] < day]
    later = [ref for ref in meeting.board_meetings if ref["held_on"] > day]

    def made(ref: dict) -> Meeting:
        return Meeting(pk=ref["pk"], held_on=date.fromisoformat(ref["held_on"]), status=ref["status"])
    return (made(earlier[-1]) if earlier else None), (made(later[0]) if later else None)


def meeting_for_page(pk: int, *, user) -> Meeting:
    return (
        meetings_visible_to(user).select_related("board__area", "board__plan__inspection", "spotlight")
        .prefetch_related(
            "agenda_items",
            "decisions",
            Prefetch("actions_arising", queryset=ActionArising.objects.select_related("owner", "plan_action")),
            Prefetch("reports", queryset=SubgroupReport.objects.select_related("subgroup__lead", "submitted_by")),
        )
        .get(pk=pk)
    )


def meeting_for_change(pk: int, *, user) -> Meeting:
    return meetings_visible_to(user).select_related("board__area", "board__plan__inspection", "spotlight").get(pk=pk)


def meeting_reports(meeting: Meeting) -> list[tuple[SubgroupReport, str]]:
    """The reports the meeting is owed, the spotlight first then by turn, each with its subgroup in words."""
    turn = {subgroup.pk: (position, subgroup.first_strand)
            for position, subgroup in enumerate(subgroups_in_turn(meeting.board.plan))}
    word = meeting.board.plan.section_word
    reports = sorted(
        meeting.reports.all(),
        key=lambda report: (report.kind != SubgroupReport.Kind.SPOTLIGHT, turn.get(report.subgroup_id, (99, 0))[0]),
    )
    return [
        (report, spotlight_words(report.subgroup, section_word=word,
                                 first_strand=turn.get(report.subgroup_id, (0, None))[1]))
        for report in reports
    ]


def meeting_spotlight_words(meeting: Meeting) -> str:
    turn = {subgroup.pk: subgroup.first_strand for subgroup in subgroups_in_turn(meeting.board.plan)}
    return spotlight_words(
        meeting.spotlight, section_word=meeting.board.plan.section_word, first_strand=turn.get(meeting.spotlight_id)
    )


def arising_for_change(pk: int, *, user) -> ActionArising:
    return ActionArising.objects.select_related("meeting__board__area", "meeting__board__plan__inspection").get(
        pk=pk, meeting__board__area_id__in=visible_area_ids(user)
    )


def strands_for_plan_action(arising: ActionArising) -> QuerySet[Strand]:
    return Strand.objects.filter(plan_id=arising.meeting.board.plan_id).select_related(
        "plan__inspection", "subgroup"
    ).order_by("number")


# --- subgroup reports ------------------------------------------------------------------------------------

# How far ahead the home page looks for the reports a subgroup lead owes: the next two monthly meetings.
REPORTS_OWED_AHEAD = timedelta(days=62)


def reports_visible_to(user) -> QuerySet[SubgroupReport]:
    """Every read of a report starts here. A submitted report is read by anyone with a role in its area; a
    draft only by those who write it (its subgroup's lead, the area's administrators): to everyone else,
    the chair included, a draft is not there yet (404), as another area's report is."""
    areas = visible_area_ids(user)
    administered = [area_id for area_id in areas if is_administrator_in(user, area_id)]
    return SubgroupReport.objects.filter(meeting__board__area_id__in=areas).filter(
        Q(status=SubgroupReport.Status.SUBMITTED) | Q(subgroup__lead_id=user.pk)
        | Q(meeting__board__area_id__in=administered)
    )


def report_for_page(pk: int, *, user) -> SubgroupReport:
    return reports_visible_to(user).select_related(
        "meeting__board__area", "meeting__board__plan__inspection", "subgroup__plan", "subgroup__lead",
        "submitted_by",
    ).get(pk=pk)


def reports_owed_by(user, *, today: date) -> list[SubgroupReport]:
    """The reports the person owes as a subgroup lead to the meetings of the coming two months (submitted ones
    too, so that they see them done), soonest first, with the meeting and its board. One query."""
    return list(
        reports_visible_to(user).filter(
            subgroup__lead_id=user.pk, meeting__status=Meeting.Status.PLANNED,
            meeting__held_on__gte=today, meeting__held_on__lte=today + REPORTS_OWED_AHEAD,
        )
        .select_related("meeting__board__area", "subgroup")
        .order_by("meeting__held_on", "meeting_id", "subgroup__name")
    )


def submitted_reports_for(meeting: Meeting) -> list[SubgroupReport]:
    """The meeting's submitted reports, the spotlight first, then by subgroup name, with who submitted them:
    what the chair reads before the meeting (their figures are in ``data``, as they were when submitted)."""
    return list(
        SubgroupReport.objects.filter(meeting=meeting, status=SubgroupReport.Status.SUBMITTED)
        .select_related("subgroup", "submitted_by")
        .order_by(F("kind").desc(), "subgroup__name", "pk")  # "spotlight" after "short" alphabetically
    )
