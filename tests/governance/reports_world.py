"""A board's meetings with rating changes made through the plan's own services on pinned days: what the
subgroup report tests read their figures from."""
from dataclasses import dataclass
from datetime import date

import time_machine

from actions.models import Action
from actions.services import action_create, action_update
from governance.models import Meeting, SubgroupReport
from governance.schedules import meetings_schedule
from governance.services import meeting_update
from tests.actions.factories import ImpactMeasureFactory, MeasureReadingFactory

# The second-Tuesday board's meetings of 2025: 11 February, 11 March (reports due Tuesday 4 March), 8 April.
FEBRUARY, MARCH = date(2025, 2, 11), date(2025, 3, 11)
MARCH_DUE = date(2025, 3, 4)


@dataclass
class ReportsWorld:
    board_world: object
    march: Meeting
    report: SubgroupReport  # strand 1's subgroup's spotlight report for 11 March
    lead: object  # that subgroup's lead


def on(day: date, write, **kwargs):
    with time_machine.travel(day, tick=False):
        return write(today=day, **kwargs)


def action_on(day: date, strand, reference: str, by, **fields) -> Action:
    return on(day, action_create, strand=strand, by=by, reference=reference, title=f"Action {reference}", **fields)


def rate_on(day: date, action: Action, by, rating: str, reason: str = "") -> Action:
    action.refresh_from_db()
    return on(day, action_update, action=action, by=by, expected_version=action.version, rating=rating,
              rating_reason=reason)


def reports_world_build(board_world) -> ReportsWorld:
    """Strand 1: 1.1 green then complete, 1.2 amber then red (with a reason), 1.3 not started and overdue from
    1 March; a change after the reports-due day that the figures must not see; strand 2's action elsewhere."""
    admin, strand, other = board_world.admin, board_world.strands[0], board_world.strands[1]
    meetings_schedule(board=board_world.board, by=None, through=date(2025, 12, 31), today=date(2025, 1, 1))
    first = action_on(date(2025, 2, 3), strand, "1.1", admin, rating="green")
    second = action_on(date(2025, 2, 3), strand, "1.2", admin, rating="amber")
    action_on(date(2025, 2, 3), strand, "1.3", admin, due_date=date(2025, 3, 1))
    action_on(date(2025, 2, 3), other, "2.1", admin, rating="red")
    rate_on(date(2025, 2, 20), first, admin, "blue")
    rate_on(date(2025, 2, 24), second, admin, "red", "Two therapist vacancies since January")
    rate_on(date(2025, 3, 6), first, admin, "green", "Reopened: the audit found gaps")  # after the due day
    measure = ImpactMeasureFactory(strand=strand, name="EHC plans issued within 20 weeks", baseline=38, target=60,
                                   baseline_period=date(2024, 9, 1), target_date=date(2026, 3, 31))
    MeasureReadingFactory(measure=measure, period=date(2025, 1, 1), value=41)
    MeasureReadingFactory(measure=measure, period=date(2025, 2, 1), value=44)
    march = Meeting.objects.get(board=board_world.board, held_on=MARCH)
    # Strand 1's subgroup presents the spotlight in March (the rotation gives it strand 3's).
    meeting_update(meeting=march, by=admin, held_on=MARCH, time=march.time, status=Meeting.Status.PLANNED,
                   spotlight=board_world.subgroups[0], today=date(2025, 1, 1))
    report = SubgroupReport.objects.select_related("subgroup__plan", "meeting__board").get(
        meeting=march, subgroup=board_world.subgroups[0]
    )
    return ReportsWorld(board_world=board_world, march=march, report=report, lead=board_world.subgroups[0].lead)
