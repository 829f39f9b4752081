"""Every write to boards and meetings: set-up, members, a meeting's record, and actions arising into the plan.

Each service takes keyword arguments, runs in one transaction and records who did it and why, in words.
The meetings themselves are placed by ``schedules.meetings_schedule``, which a board's save enqueues.
"""
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actions.errors import ActionPlanError
from actions.models import Action, Plan, Strand, Subgroup
from actions.services import action_create
from inspections.selectors import working_day_calendar

from .cadence import MONTHLY, day_in_words, reports_due_on
from .errors import GovernanceError
from .models import ActionArising, AgendaItem, Board, BoardMember, Decision, Meeting
from .schedules import plan_meeting_milestones_sync, reports_owed_sync, schedule_recompute_on_commit
from .selectors import subgroups_in_turn
from .writes import changed_fields, changed_words, deleted, saved, validated

BOARD_FIELDS = (
    "name", "kind", "chair", "chair_name", "frequency", "interval_weeks", "weekday", "week_of_month", "usual_time",
    "starts_on", "report_due_working_days", "reminders_on",
)
MEETING_FIELDS = ("held_on", "time", "status", "spotlight", "minutes_link", "minutes_text")


def _refuse_unknown(changes: dict, allowed) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} here")


# --- boards --------------------------------------------------------------------------------------------


def _check_board(board: Board) -> None:
    problems = {}
    if not board.name.strip():
        problems["name"] = "Enter the board's name"
    elif Board.objects.filter(plan_id=board.plan_id, name=board.name).exclude(pk=board.pk).exists():
        problems["name"] = "This plan already has a board with that name"
    if board.frequency == MONTHLY:
        board.interval_weeks = None
        if not board.week_of_month:
            problems["week_of_month"] = "Choose which week of the month the board meets"
    else:
        board.week_of_month = ""
        if not board.interval_weeks:
            problems["interval_weeks"] = "Enter how many weeks there are between meetings"
    if board.chair_id and not board.chair.memberships.filter(area_id=board.area_id).exists():
        problems["chair"] = "Choose a chair with a role in this area"
    if problems:
        raise GovernanceError(problems)
    validated(board, exclude=["area", "plan", "chair"])


def board_create(*, plan: Plan, by, name: str, starts_on: date, **fields) -> Board:
    """Set up a board that oversees the plan; its meetings are worked out once it commits."""
    _refuse_unknown(fields, BOARD_FIELDS)
    with transaction.atomic():
        board = Board(plan=plan, area_id=plan.inspection.area_id, name=name.strip(), starts_on=starts_on)
        changed_fields(board, fields)
        _check_board(board)
        saved(board, by=by, reason="Board set up")
        schedule_recompute_on_commit(board)
    return board


def board_update(*, board: Board, by, **changes) -> Board:
    """Change the board's name, chair or cadence; the meetings to come follow the new cadence."""
    _refuse_unknown(changes, BOARD_FIELDS)
    with transaction.atomic():
        locked = Board.objects.select_for_update(of=("self",)).select_related("plan").get(pk=board.pk)
        changed = changed_fields(locked, changes)
        _check_board(locked)
        if changed:
            saved(locked, by=by, reason=changed_words(Board, changed))
            schedule_recompute_on_commit(locked)
    return locked


def board_member_add(
    *, board: Board, by, user=None, name: str = "", organisation: str = "", role_on_board: str = ""
) -> BoardMember:
    problems = {}
    if user is None and not name.strip():
        problems["name"] = "Choose a person with an account or enter the member's name"
    elif user is not None and board.members.filter(user=user).exists():
        problems["user"] = f"{user} is already a member of this board"
    elif user is not None and not user.memberships.filter(area_id=board.area_id).exists():
        problems["user"] = "Choose a person with a role in this area"
    if problems:
        raise GovernanceError(problems)
    with transaction.atomic():
        member = BoardMember(
            board=board, user=user, name="" if user else name.strip(), organisation=organisation.strip(),
            role_on_board=role_on_board.strip(),
        )
        validated(member, exclude=["board", "user"])
        saved(member, by=by, reason="Member added")
    return member


def board_member_remove(*, member: BoardMember, by) -> None:
    with transaction.atomic():
        deleted(member, by=by, reason=f"Member removed: {member.display_name}")


# --- meetings --------------------------------------------------------------------------------------------


def _meeting_reason(meeting: Meeting, changed: list[str], spotlight_name: str) -> str:
    """What a person's change of the meeting did, in words, the most telling first."""
    words = []
    if "held_on" in changed:
        words.append(f"Board meeting moved to {day_in_words(meeting.held_on)}")
    if "status" in changed:
        words.append({"held": "Marked as held", "cancelled": "Cancelled", "planned": "Planned again"}[meeting.status])
    if "spotlight" in changed:
        words.append(f"Spotlight changed to {spotlight_name}" if spotlight_name else "Spotlight removed")
    rest = [name for name in changed if name not in {"held_on", "status", "spotlight"}]
    if rest:
        words.append(changed_words(Meeting, rest))
    return ". ".join(words) or "Changed (nothing changed)"


def meeting_update(
    *, meeting: Meeting, by, held_on: date, time: time, status: str, spotlight: Subgroup | None,
    minutes_link: str = "", minutes_text: str = "", today: date | None = None,
) -> Meeting:
    """A person's record of the meeting: its date and time, whether it was held, its spotlight, its minutes.

    A date or spotlight a person sets is theirs from then on: the cadence and the rotation leave it alone.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update(of=("self",)).select_related("board__area", "board__plan")
            .get(pk=meeting.pk)
        )
        board = locked.board
        if spotlight is not None and spotlight.plan_id != board.plan_id:
            raise GovernanceError({"spotlight": "Choose a subgroup of the plan this board oversees"})
        before_spotlight = locked.spotlight_id
        changed = changed_fields(locked, {
            "held_on": held_on, "time": time, "status": status, "minutes_link": minutes_link,
            "minutes_text": minutes_text,
        })
        locked.spotlight = spotlight
        if locked.spotlight_id != before_spotlight:
            changed.append("spotlight")
            locked.spotlight_set_by_hand = True
        if "held_on" in changed or "time" in changed:
            locked.date_set_by_hand = True
            locked.moved_reason = "" if locked.held_on == locked.scheduled_on else "Moved by hand"
        locked.reports_due_on = reports_due_on(
            locked.held_on, board.report_due_working_days, working_day_calendar(board.area)
        )
        validated(locked, exclude=["board", "spotlight", "pack_issued_by"])
        if changed:
            saved(locked, by=by, reason=_meeting_reason(locked, changed, spotlight.name if spotlight else ""))
            if locked.status == Meeting.Status.PLANNED:
                reports_owed_sync(locked, subgroups_in_turn(board.plan), by=by)
            plan_meeting_milestones_sync(board=board, by=by, today=today)
            schedule_recompute_on_commit(board)  # the meetings after it continue the rotation from it
    return locked


def meeting_pack_mark_issued(*, meeting: Meeting, by, at: datetime) -> Meeting:
    """Record that the meeting's pack went to the board, when and by whom (the reports layer stores what it held)."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        if locked.pack_issued_at is not None:
            raise GovernanceError({"__all__": "The pack for this meeting has already been issued"})
        locked.pack_issued_at, locked.pack_issued_by = at, by
        saved(locked, by=by, reason="Meeting pack issued to the board")
    return locked


def _next_order(queryset) -> int:
    return (queryset.aggregate(highest=Max("order"))["highest"] or 0) + 1


def agenda_item_add(*, meeting: Meeting, by, title: str, presenter_name: str = "", notes: str = "") -> AgendaItem:
    with transaction.atomic():
        item = AgendaItem(
            meeting=meeting, order=_next_order(meeting.agenda_items), title=title.strip(),
            presenter_name=presenter_name.strip(), notes=notes.strip(),
        )
        validated(item, exclude=["meeting"])
        saved(item, by=by, reason="Agenda item added")
    return item


def decision_add(*, meeting: Meeting, by, text: str) -> Decision:
    with transaction.atomic():
        decision = Decision(meeting=meeting, order=_next_order(meeting.decisions), text=text.strip())
        validated(decision, exclude=["meeting"])
        saved(decision, by=by, reason="Decision recorded")
    return decision


def action_arising_add(
    *, meeting: Meeting, by, text: str, owner=None, owner_name: str = "", due_on: date | None = None
) -> ActionArising:
    with transaction.atomic():
        arising = ActionArising(
            meeting=meeting, text=text.strip(), owner=owner, owner_name="" if owner else owner_name.strip(),
            due_on=due_on,
        )
        validated(arising, exclude=["meeting", "owner", "plan_action"])
        saved(arising, by=by, reason="Action arising recorded")
    return arising


def action_arising_status_set(*, arising: ActionArising, by, done: bool) -> ActionArising:
    """Mark the action arising done, or open again; refused when it is so already (two people at once: the second
    is told, and nothing is written twice)."""
    with transaction.atomic():
        locked = ActionArising.objects.select_for_update().get(pk=arising.pk)
        wanted = ActionArising.Status.DONE if done else ActionArising.Status.OPEN
        if locked.status == wanted:
            raise GovernanceError({None: f"This action arising is {'done' if done else 'open'} already"})
        locked.status = wanted
        saved(locked, by=by, reason="Action arising marked done" if done else "Action arising opened again")
    return locked


def next_reference(strand: Strand) -> str:
    """The strand's next free action reference: "2.7" after 2.6 (the highest number after the dot, plus one)."""
    taken = set(Action.objects.filter(plan_id=strand.plan_id).values_list("reference", flat=True))
    numbers = [int(ref.split(".", 1)[1]) for ref in taken
               if ref.startswith(f"{strand.number}.") and ref.split(".", 1)[1].isdigit()]
    number = max(numbers, default=0) + 1
    while f"{strand.number}.{number}" in taken:
        number += 1
    return f"{strand.number}.{number}"


def action_arising_to_plan_action(
    *, arising: ActionArising, strand: Strand, by, reference: str = "", today: date | None = None
) -> Action:
    """Make the action arising an action of the plan, in ``strand``, through the plan's own service, and link it."""
    with transaction.atomic():
        locked = (
            ActionArising.objects.select_for_update(of=("self",)).select_related("meeting__board", "owner")
            .get(pk=arising.pk)
        )
        meeting = locked.meeting
        if locked.plan_action_id:
            raise GovernanceError({"strand": "This action arising is already an action of the plan"})
        if strand.plan_id != meeting.board.plan_id:
            raise GovernanceError({"strand": "Choose a strand of the plan this board oversees"})
        try:
            action = action_create(
                strand=strand, by=by, reference=reference.strip() or next_reference(strand),
                title=locked.text[:500], today=today, lead_officer=locked.owner,
                lead_name="" if locked.owner_id else locked.owner_name, due_date=locked.due_on,
                description=f"Arising from the {meeting.board} meeting on {day_in_words(meeting.held_on)}.",
            )
        except ActionPlanError as error:
            raise GovernanceError(error.message_dict) from None
        locked.plan_action = action
        saved(locked, by=by, reason=f"Made plan action {action.reference}")
    return action
