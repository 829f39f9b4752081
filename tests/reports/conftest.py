"""The plan story of the time-travel tests (tests/actions/plan_story.py: six months written through the services
with pinned clocks) with a board that met every second Tuesday, and a measure read monthly."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
import time_machine

from actions.measures import ReadingRow, impact_measure_create, measure_readings_save
from governance.models import Board, Meeting
from tests.actions.plan_story import Story, at, story_written
from tests.governance.factories import HeldMeetingFactory, PlannedMeetingFactory, SecondTuesdayBoardFactory

HELD = (date(2025, 2, 11), date(2025, 3, 11), date(2025, 4, 8), date(2025, 5, 13))
PLANNED = (date(2025, 6, 10), date(2025, 7, 8))


@dataclass
class BoardStory:
    story: Story
    board: Board
    meetings: dict[date, Meeting]

    @property
    def plan(self):
        return self.story.plan


def board_for(story: Story) -> BoardStory:
    board = SecondTuesdayBoardFactory(plan=story.plan, starts_on=date(2025, 2, 1))
    meetings = {day: HeldMeetingFactory(board=board, scheduled_on=day) for day in HELD}
    meetings |= {day: PlannedMeetingFactory(board=board, scheduled_on=day) for day in PLANNED}
    admin = story.people["admin"]
    with time_machine.travel(at(date(2025, 1, 7)), tick=False):
        measure = impact_measure_create(
            plan=story.plan, by=admin, strand=story.plan.strands.get(number=1),
            name="EHC plans issued within 20 weeks", unit="%", baseline=Decimal(30), baseline_period=date(2024, 12, 1),
            target=Decimal(60), target_date=date(2026, 3, 31),
        )
        measure_readings_save(measure=measure, by=admin, rows=[
            ReadingRow(period=date(2025, month, 1), value=Decimal(value))
            for month, value in ((1, 32), (2, 35), (3, 38), (4, 41), (5, 44))
        ])
    return BoardStory(story=story, board=board, meetings=meetings)


@pytest.fixture(autouse=True)
def _reports_render_in_process(tasks_in_process):
    """Every report test draws its PDFs in-process (tests/conftest.py)."""


@pytest.fixture
def board_story(db) -> BoardStory:
    return board_for(story_written())
