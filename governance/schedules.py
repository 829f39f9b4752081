"""A board's meetings worked out from its cadence, the spotlight rotation over them, the reports each meeting is
owed, and the meetings written into the inspection's timeline as milestones.

``meetings_schedule`` is idempotent: run twice, the second run writes nothing. It only places meetings from
``today`` on; the past is what happened. It never moves a meeting a person changed by hand, never touches a
held or cancelled one, and never deletes one that has minutes or a report someone has written.
"""
import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from actions.models import Subgroup
from inspections.models import Milestone
from inspections.schedules import milestone_status_for
from inspections.selectors import working_day_calendar

from .cadence import MeetingDate, day_in_words, meeting_dates, reports_due_on
from .models import Board, Meeting, SubgroupReport
from .rotation import Slot, spotlight_rotation
from .selectors import cadence_of, cadence_words, spotlight_words, subgroups_in_turn
from .writes import deleted, saved

logger = logging.getLogger(__name__)

BOARD_MEETING = "board_meeting"  # the milestone key; its sequence is the meeting's id, stable for good
BOARD_CADENCE_RULE = "board_cadence"
SCHEDULED = "Scheduled from the board's cadence"
NO_LONGER_GIVEN = "Removed: the board's cadence no longer gives it"


@dataclass
class ScheduleResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    reports_created: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted + self.reports_created


def schedule_recompute_on_commit(board: Board) -> None:
    """Once the change commits, work the board's meetings out again in the background."""
    from .tasks import board_schedule_recompute

    board_schedule_recompute.delay_on_commit(board.pk)


def meetings_schedule(
    *, board: Board, by, through: date, today: date | None = None, since: date | None = None
) -> ScheduleResult:
    """Place the board's meetings up to ``through``, rotate the spotlight, create the reports owed.

    Meetings are placed from ``since`` (``today`` unless given: loading a board's past, as the demo does, gives
    an earlier day); ``today`` dates the statuses of the meetings' milestones.
    """
    today = today or timezone.localdate()
    since = since or today
    result = ScheduleResult()
    with transaction.atomic():
        # The row lock makes two runs for one board take turns (a save's task and the daily run).
        board = Board.objects.select_for_update(of=("self",)).select_related("area", "plan").get(pk=board.pk)
        calendar = working_day_calendar(board.area)
        wanted = meeting_dates(cadence_of(board), anchor=board.starts_on, start=since, through=through,
                               calendar=calendar)
        stored = {meeting.scheduled_on: meeting for meeting in board.meetings.prefetch_related("reports")}
        for day in wanted:
            _meeting_place(board, day, stored.get(day.scheduled_on), by=by, calendar=calendar, result=result,
                           stored=stored)
        given = {day.scheduled_on for day in wanted}
        for meeting in list(stored.values()):
            if since <= meeting.scheduled_on <= through and meeting.scheduled_on not in given:
                _meeting_drop(meeting, by=by, result=result, stored=stored)
        meetings = sorted(stored.values(), key=lambda meeting: (meeting.held_on, meeting.scheduled_on))
        subgroups = subgroups_in_turn(board.plan)
        _spotlights_rotate(meetings, subgroups, by=by, today=since, result=result)
        for meeting in meetings:
            if meeting.pk is None:  # new: saved once, with its spotlight
                saved(meeting, by=by, reason=SCHEDULED)
                result.created += 1
        for meeting in meetings:
            if _open(meeting, since):
                result.reports_created += reports_owed_sync(meeting, subgroups, by=by)
        plan_meeting_milestones_sync(board=board, by=by, today=today)
    # Prefixed: a log record's own attributes ("created") cannot be given as extras.
    logger.info("board meetings scheduled",
                extra={"board": board.pk, **{f"meetings_{name}": count for name, count in vars(result).items()}})
    return result


def _open(meeting: Meeting, today: date) -> bool:
    """Still to come and still planned: the schedule may give it its spotlight and its reports."""
    return meeting.status == Meeting.Status.PLANNED and meeting.held_on >= today


def _meeting_place(board, day: MeetingDate, meeting, *, by, calendar, result, stored) -> None:
    values = {
        "held_on": day.held_on, "moved_reason": day.moved_reason, "time": board.usual_time,
        "reports_due_on": reports_due_on(day.held_on, board.report_due_working_days, calendar),
    }
    if meeting is None:
        stored[day.scheduled_on] = Meeting(board=board, scheduled_on=day.scheduled_on, **values)
        return
    if meeting.status != Meeting.Status.PLANNED or meeting.date_set_by_hand:
        return  # held, cancelled or moved by a person: theirs, not the cadence's
    changed = [name for name, value in values.items() if getattr(meeting, name) != value]
    if not changed:
        return
    moved = meeting.held_on != values["held_on"]
    for name in changed:
        setattr(meeting, name, values[name])
    reason = f"Board meeting moved to {day_in_words(meeting.held_on)}" if moved else "Changed: " + ", ".join(
        str(Meeting._meta.get_field(name).verbose_name) for name in changed
    )
    saved(meeting, by=by, reason=reason)
    result.updated += 1


def _meeting_drop(meeting: Meeting, *, by, result, stored) -> None:
    """A planned meeting the cadence no longer gives goes, unless a person has put anything into it."""
    kept = (
        meeting.status != Meeting.Status.PLANNED or meeting.date_set_by_hand or meeting.spotlight_set_by_hand
        or meeting.minutes_text.strip() or meeting.minutes_link or any(r.written for r in meeting.reports.all())
        or meeting.agenda_items.exists() or meeting.decisions.exists() or meeting.actions_arising.exists()
    )
    if kept:
        return
    for report in meeting.reports.all():
        deleted(report, by=by, reason=NO_LONGER_GIVEN)
    deleted(meeting, by=by, reason=NO_LONGER_GIVEN)
    del stored[meeting.scheduled_on]
    result.deleted += 1


def _spotlights_rotate(meetings: list[Meeting], subgroups: list[Subgroup], *, by, today, result) -> None:
    """Give each open meeting the next subgroup's turn (see ``rotation``); a person's choice stays."""
    slots = [
        Slot(
            key=meeting.scheduled_on, spotlight=meeting.spotlight_id,
            open=_open(meeting, today) and not meeting.spotlight_set_by_hand,
            cancelled=meeting.status == Meeting.Status.CANCELLED,
        )
        for meeting in meetings
    ]
    given = spotlight_rotation([subgroup.pk for subgroup in subgroups], slots)
    names = {subgroup.pk: subgroup.name for subgroup in subgroups}
    for meeting in meetings:
        if given.get(meeting.scheduled_on, meeting.spotlight_id) != meeting.spotlight_id:
            meeting.spotlight_id = given[meeting.scheduled_on]
            if meeting.pk is None:
                continue  # saved as it is scheduled
            reason = f"Spotlight changed to {names[meeting.spotlight_id]}" if meeting.spotlight_id else "No spotlight"
            saved(meeting, by=by, reason=f"{reason} (the rotation)")
            result.updated += 1


def reports_owed_sync(meeting: Meeting, subgroups: list[Subgroup], *, by) -> int:
    """Every subgroup owes the meeting a report: the spotlight subgroup a spotlight report, the others a short
    one. Missing drafts are created; a draft follows a change of spotlight. Returns the reports created."""
    existing = {report.subgroup_id: report for report in meeting.reports.all()}
    created = 0
    for subgroup in subgroups:
        kind = SubgroupReport.Kind.SPOTLIGHT if subgroup.pk == meeting.spotlight_id else SubgroupReport.Kind.SHORT
        report = existing.get(subgroup.pk)
        if report is None:
            saved(SubgroupReport(meeting=meeting, subgroup=subgroup, kind=kind), by=by,
                  reason=f"{SubgroupReport.Kind(kind).label} owed to the meeting")
            created += 1
        elif report.status == SubgroupReport.Status.DRAFT and report.kind != kind:
            report.kind = kind
            saved(report, by=by, reason=f"Now a {SubgroupReport.Kind(kind).label.lower()}: the spotlight changed")
    if created:
        getattr(meeting, "_prefetched_objects_cache", {}).pop("reports", None)
    return created


# --- the timeline -------------------------------------------------------------------------------------------


def _milestone_values(meeting: Meeting, *, board: Board, spotlight: str, cadence: str, today, calendar) -> dict:
    label = f"{board.name} meeting" + (f" (spotlight: {spotlight})" if spotlight else "")
    explanation = [f"{board.name}: {cadence}."]
    if meeting.moved_reason:
        explanation.append(f"{meeting.moved_reason}.")
    if spotlight:
        explanation.append(f"Spotlight: {spotlight}; the other subgroups send short reports.")
    explanation.append(f"Reports due {day_in_words(meeting.reports_due_on)}.")
    met_on = meeting.held_on if meeting.status == Meeting.Status.HELD else None
    return {
        "label": label[:200], "due": meeting.held_on, "rule_key": BOARD_CADENCE_RULE, "rule_label": cadence[:200],
        "source": f"The {board.name}'s meeting schedule", "confidence": "local schedule", "estimated": False,
        "official": False, "explanation": " ".join(explanation), "met_on": met_on,
        "status": milestone_status_for(due=meeting.held_on, met_on=met_on, today=today, calendar=calendar),
    }


def plan_meeting_milestones_sync(*, board: Board, by, today: date) -> int:
    """Write the board's meetings (cancelled ones left out) into its plan's inspection's timeline; returns the
    milestones written. Milestones of the plan's other boards are left alone."""
    inspection_id = board.plan.inspection_id
    calendar = working_day_calendar(board.area)
    cadence = cadence_words(board)
    turn = {subgroup.pk: subgroup.first_strand for subgroup in subgroups_in_turn(board.plan)}
    meetings = list(Meeting.objects.filter(board=board).select_related("spotlight"))
    stored = {m.sequence: m for m in Milestone.objects.filter(inspection_id=inspection_id, key=BOARD_MEETING)}
    written = 0
    for meeting in meetings:
        milestone = stored.get(meeting.pk)
        if meeting.status == Meeting.Status.CANCELLED:
            if milestone is not None:
                deleted(milestone, by=by, reason="Board meeting cancelled")
                written += 1
            continue
        spotlight = spotlight_words(meeting.spotlight, section_word=board.plan.section_word,
                                    first_strand=turn.get(meeting.spotlight_id))
        values = _milestone_values(meeting, board=board, spotlight=spotlight, cadence=cadence, today=today,
                                   calendar=calendar)
        if milestone is not None and milestone.marked_done_by_id is not None:
            values.pop("met_on"), values.pop("status")  # a person marked it met: that stays
        if milestone is None:
            milestone = Milestone(inspection_id=inspection_id, key=BOARD_MEETING, sequence=meeting.pk)
            reason = "Board meeting added to the timeline"
        elif all(getattr(milestone, name) == value for name, value in values.items()):
            continue
        else:
            reason = (f"Board meeting moved to {day_in_words(meeting.held_on)}" if milestone.due != meeting.held_on
                      else "Board meeting changed")
        for name, value in values.items():
            setattr(milestone, name, value)
        saved(milestone, by=by, reason=reason)
        written += 1
    # A meeting that is no more (the cadence dropped it) leaves the timeline; other boards' meetings stay.
    plan_meetings = set(Meeting.objects.filter(board__plan_id=board.plan_id).values_list("pk", flat=True))
    for sequence, milestone in stored.items():
        if sequence not in plan_meetings:
            deleted(milestone, by=by, reason="Board meeting removed")
            written += 1
    return written
