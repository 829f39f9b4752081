"""The figures a subgroup's report carries: its strands' ratings at the last meeting and on the reports-due day,
what moved and why, what was completed, what is overdue, its measures; a fixed number of queries."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Meeting
from governance.report_figures import figures_as_of, report_figures
from tests.actions.factories import ActionFactory, ImpactMeasureFactory, MeasureReadingFactory, StrandFactory
from tests.governance.reports_world import FEBRUARY, MARCH_DUE, reports_world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(board_world):
    return reports_world_build(board_world)


def figures(world, today=date(2025, 3, 20)):
    return report_figures(subgroup=world.report.subgroup, meeting=world.march, today=today)


def counts(strand_row) -> dict:
    return {row["rating"]: (row["then"], row["now"], row["change"]) for row in strand_row["counts"]
            if row["then"] or row["now"]}


def test_figures_are_read_on_the_reports_due_day_and_compared_with_the_last_meeting(world):
    data = figures(world)
    assert (data["as_of"], data["previous_meeting_on"]) == (MARCH_DUE.isoformat(), FEBRUARY.isoformat())
    assert data["as_of_words"] == "4 March 2025" and data["previous_meeting_words"] == "11 February 2025"
    [strand] = data["strands"]
    assert (strand["number"], strand["total_then"], strand["total_now"]) == (1, 3, 3)
    assert counts(strand) == {
        "blue": (0, 1, 1), "green": (1, 0, -1), "amber": (1, 0, -1), "red": (0, 1, 1), "not_started": (1, 1, 0),
    }


def test_a_report_started_before_its_due_day_reads_today(world):
    assert figures_as_of(world.march, date(2025, 2, 26)) == date(2025, 2, 26)
    [strand] = figures(world, today=date(2025, 2, 21))["strands"]
    assert counts(strand)["blue"] == (0, 1, 1) and counts(strand)["amber"] == (1, 1, 0)


def test_the_moves_since_the_last_meeting_say_from_and_to_in_the_legends_words_with_the_reason(world):
    moves = figures(world)["moves"]
    assert [(m["reference"], m["words"], m["reason"], m["on"]) for m in moves] == [
        ("1.1", "Green – on track → Blue – complete", "", "2025-02-20"),
        ("1.2", "Amber – some risk → Red – significant risk/off track", "Two therapist vacancies since January",
         "2025-02-24"),
    ]


def test_completed_and_overdue_actions_are_the_subgroups_own(world):
    data = figures(world)
    assert [a["reference"] for a in data["completed"]] == ["1.1"]
    assert [(a["reference"], a["due_words"], a["rating"]) for a in data["overdue"]] == [
        ("1.3", "1 March 2025", "not_started")
    ]


def test_the_measures_carry_their_trend_sentence(world):
    [measure] = figures(world)["measures"]
    assert measure["summary"] == (
        "EHC plans issued within 20 weeks: 44% (target 60% by March 2026), up from 41% in January 2025."
    )
    assert measure["standing"] == "Moving towards the target" and measure["on_track"] is True


def test_the_boards_first_meeting_has_nothing_to_compare_with(world):
    january = Meeting.objects.filter(board=world.march.board).order_by("held_on").first()
    data = report_figures(subgroup=world.report.subgroup, meeting=january, today=date(2025, 3, 20))
    assert data["previous_meeting_on"] is None
    assert data["strands"][0]["total_then"] is None and data["strands"][0]["counts"][0]["change"] is None


def test_the_figures_are_plain_json(world):
    import json

    assert json.loads(json.dumps(figures(world))) == figures(world)


def _grow(world, strands: int) -> None:
    """More strands in the subgroup, each with actions and a measure with readings."""
    subgroup = world.report.subgroup
    start = 10 + subgroup.strands.count()
    for number in range(start, start + strands):
        strand = StrandFactory(plan=subgroup.plan, number=number, subgroup=subgroup)
        for position in range(3):
            ActionFactory(strand=strand, reference=f"{number}.{position + 1}", start_date=None,
                          due_date=date(2025, 1, 1))
        MeasureReadingFactory(measure=ImpactMeasureFactory(strand=strand), period=date(2025, 1, 1))


def _queries(world) -> int:
    with CaptureQueriesContext(connection) as captured:
        figures(world)
    return len(captured)


def test_the_figures_take_the_same_queries_for_2_strands_as_for_10(world):
    _grow(world, 1)
    two = _queries(world)
    _grow(world, 8)
    assert len(figures(world)["strands"]) == 10
    assert _queries(world) == two == 8
