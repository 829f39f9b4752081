"""The demo areas' boards, loaded through the services: Demo Borough's SEND Improvement Board with most of a
year of meetings behind it (held, with agendas, decisions and minutes) and a few ahead, one of them in the
coming week. The neighbour has no plan yet, so no board. Loading again adds nothing that is already there.

The last two meetings held have their spotlight and short reports, submitted by the subgroup leads, and the
meeting in the coming week a draft spotlight report (``demo_reports``).
"""
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from actions.models import Plan
from inspections.selectors import working_day_calendar

from .cadence import weekday_in_month
from .demo_reports import demo_reports_load
from .models import Board, Meeting
from .schedules import meetings_schedule
from .selectors import meeting_spotlight_words
from .services import action_arising_add, agenda_item_add, board_create, board_member_add, decision_add, meeting_update

HOME_BOARD = "SEND Improvement Board"
MONTHS_AHEAD = 3
# Members: a demo sign-in by e-mail, or a name for someone with no account; organisation; role on the board.
HOME_MEMBERS = [
    ("chair@demo.example.org", "Demo Borough Council", "Chair; Director of Children's Services"),
    ("admin@demo.example.org", "Demo Borough Council", "SEND improvement programme manager"),
    ("lead@demo.example.org", "Demo Borough Council", "Head of SEND"),
    ("priya.shah@icb.example.org", "NHS Demo Integrated Care Board", "Designated Clinical Officer for SEND"),
    ("=Dr Ruth Ahmed", "Demo Community Health NHS Trust", "Designated Medical Officer"),
    ("=Lisa Green", "Demo Parent Carer Forum", "Co-chair of the parent carer forum"),
    ("=Headteacher representative", "Demo Schools Partnership", "Primary headteachers' representative"),
]
DECISIONS = [
    "The board agreed the spotlight subgroup's recovery actions and asked for the figures again next month.",
    "The board noted the short reports; no new risks were escalated.",
    "The board agreed to raise the therapy waiting list with the ICB's executive.",
]
ARISINGS = [
    ("Bring the 20-week timeliness figures by locality to the next meeting", "lead@demo.example.org"),
    ("Share the local offer accessibility audit with the parent carer forum", "=Lisa Green"),
    ("Write to the ICB about the speech and language therapy waiting list", "chair@demo.example.org"),
]


def demo_load(*, users: dict, areas: dict) -> Board | None:
    """Demo Borough's board; the neighbour has no plan yet, so no board either."""
    return _home_board_load(users=users, area=areas["home"])


def _plan_in(area) -> Plan | None:
    return Plan.objects.filter(inspection__area=area).select_related("inspection").order_by("pk").first()


def _home_board_load(*, users: dict, area) -> Board | None:
    plan = _plan_in(area)
    if plan is None:
        return None
    admin, today = users["admin@demo.example.org"], timezone.localdate()
    board = Board.objects.filter(plan=plan, name=HOME_BOARD).first()
    if board is None:
        # Hangs off the month the plan was set up, as the plan's own story does: its first board two months on.
        month = timezone.localdate(plan.created_at).replace(day=1) + relativedelta(months=2)
        board = board_create(
            plan=plan, by=admin, name=HOME_BOARD, kind=Board.Kind.IMPROVEMENT, chair=users["chair@demo.example.org"],
            weekday=Board.Weekday.TUESDAY, week_of_month=Board.WeekOfMonth.SECOND,
            starts_on=weekday_in_month(month.year, month.month, 1, "second"),
        )
    _members_load(board, users=users, specs=HOME_MEMBERS, by=admin)
    meetings_schedule(board=board, by=admin, through=today + relativedelta(months=MONTHS_AHEAD), today=today,
                      since=board.starts_on)
    past = board.meetings.filter(status=Meeting.Status.PLANNED, held_on__lt=today).order_by("held_on")
    for position, meeting in enumerate(past):
        _meeting_hold(meeting, users=users, by=admin, position=position, today=today)
    _one_meeting_in_the_coming_week(board, by=admin, today=today)
    demo_reports_load(board, today=today)
    return board


def _members_load(board: Board, *, users: dict, specs, by) -> None:
    seated = {member.user_id or member.name for member in board.members.all()}
    for who, organisation, role in specs:
        person = None if who.startswith("=") else users[who]
        if (person.pk if person else who[1:]) in seated:
            continue
        board_member_add(board=board, by=by, user=person, name=who[1:] if person is None else "",
                         organisation=organisation, role_on_board=role)


def _meeting_hold(meeting: Meeting, *, users: dict, by, position: int, today: date) -> None:
    """A past meeting as the board held it: its agenda, a decision, sometimes an action arising, its minutes."""
    spotlight = meeting_spotlight_words(meeting)
    lead = meeting.spotlight.lead if meeting.spotlight_id and meeting.spotlight.lead_id else None
    for title, presenter in (
        ("Minutes and actions of the last meeting", "Margaret Hughes"),
        (f"Spotlight: {spotlight}" if spotlight else "Spotlight", str(lead or "")),
        ("Short reports from the other subgroups", "Subgroup leads"),
        ("Impact measures and the risk register", "Asha Patel"),
    ):
        agenda_item_add(meeting=meeting, by=by, title=title, presenter_name=presenter)
    decision_add(meeting=meeting, by=by, text=DECISIONS[position % len(DECISIONS)])
    if position % 3 == 1:
        text, who = ARISINGS[(position // 3) % len(ARISINGS)]
        owner = None if who.startswith("=") else users[who]
        action_arising_add(meeting=meeting, by=by, text=text, owner=owner, owner_name=who[1:] if owner is None else "",
                           due_on=meeting.held_on + timedelta(days=28))
    meeting_update(
        meeting=meeting, by=by, held_on=meeting.held_on, time=meeting.time, status=Meeting.Status.HELD,
        spotlight=meeting.spotlight, today=today,
        minutes_text=(f"The board heard the spotlight from {spotlight or 'the subgroups'} and the short reports "
                      "from the other subgroups. Actions and decisions are recorded below."),
    )


def _one_meeting_in_the_coming_week(board: Board, *, by, today: date) -> None:
    """The next meeting brought forward into the coming week, unless the cadence already puts one there."""
    week_ahead = today + timedelta(days=6)
    coming = board.meetings.filter(status=Meeting.Status.PLANNED, held_on__gte=today).order_by("held_on").first()
    if coming is None or coming.held_on <= week_ahead:
        return
    day = working_day_calendar(board.area).working_day_on_or_before(week_ahead)
    if day <= today:
        return
    meeting_update(meeting=coming, by=by, held_on=day, time=coming.time, status=coming.status,
                   spotlight=coming.spotlight, today=today)
