"""The dashboard for a meeting on a day, read from the plan and the board (docs/decisions/0016-board-dashboard.md).

Which day: a meeting still to come shows today's position; a meeting held (or due) before today shows the position
at the end of its day; ``?on=`` asks for any other day up to today. "Since the previous meeting" runs from the
day of the board's last meeting before this one that was not cancelled (or from the plan's set-up when there
is none) to the end of the dashboard's day. The same structure is drawn live and stored when the pack is issued.
"""
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from governance.models import Meeting
from governance.selectors import neighbours_read
from inspections.dates import weekday_and_date

from .changes import changes_between
from .counts import deadlines_of, missing_updates_of, ratings_of
from .links import Links
from .measures import measures_on
from .papers import papers_of
from .plan_day import plan_on
from .shapes import SHAPE_VERSION, Dashboard, MeetingRef


def dashboard_day(meeting: Meeting, today: date) -> date:
    """The day a meeting's dashboard shows unless another is asked for: its own day, or today before it."""
    return min(meeting.held_on, today)


def _ref(meeting: Meeting | None) -> MeetingRef | None:
    if meeting is None:
        return None
    return MeetingRef(pk=meeting.pk, held_on=meeting.held_on.isoformat(), words=weekday_and_date(meeting.held_on),
                      status=meeting.get_status_display(), link=reverse("reports:dashboard", args=[meeting.pk]))


def neighbours_of(meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    """The board's meetings either side of this one that were not cancelled: read with the meeting when it was
    loaded ``with_neighbours`` (``reports.selectors.meeting_for_dashboard``), otherwise one query."""
    if hasattr(meeting, "board_meetings"):
        return neighbours_read(meeting)
    others = (Meeting.objects.filter(board_id=meeting.board_id).exclude(pk=meeting.pk)
              .exclude(status=Meeting.Status.CANCELLED).only("pk", "held_on", "status").order_by("held_on", "pk"))
    earlier = [other for other in others if other.held_on < meeting.held_on]
    later = [other for other in others if other.held_on > meeting.held_on]
    return (earlier[-1] if earlier else None), (later[0] if later else None)


def meeting_dashboard(*, meeting: Meeting, day: date, today: date | None = None) -> Dashboard:
    """The dashboard of ``meeting`` (loaded with its board and plan) at the end of ``day``: a fixed number of
    queries whatever the plan's size."""
    today = today or timezone.localdate()
    board, plan = meeting.board, meeting.board.plan
    previous, following = neighbours_of(meeting)
    since = previous.held_on if previous else timezone.localdate(plan.created_at) - timedelta(days=1)
    links = Links(plan_pk=plan.pk, day=day)
    until = following.held_on if following else None
    plan_day = plan_on(plan, day, today=today, until=until, weaknesses=getattr(meeting, "weakness_rows", None))
    legend = plan.legend
    spotlight, reports = papers_of(meeting, plan_day, legend, links)
    return Dashboard(
        version=SHAPE_VERSION, day=day.isoformat(), day_words=weekday_and_date(day), today_position=day >= today,
        meeting=_ref(meeting), board=board.name, board_pk=board.pk, plan_pk=plan.pk, plan_name=str(plan),
        section_word=plan.section_word, previous=_ref(previous), next=_ref(following),
        ratings=ratings_of(plan_day, legend, links, section_word=plan.section_word),
        changes=changes_between(plan, plan_day, links, since=since),
        deadlines=deadlines_of(plan_day, links, until=until),
        missing=missing_updates_of(plan_day, links),
        measures=measures_on(plan, day), spotlight=spotlight, reports=reports,
    )
