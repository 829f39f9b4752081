"""Writing a subgroup report: a draft, then submitted and read-only with its figures kept as they were; an
administrator reopens it with a reason; two people writing at once lose nothing."""
from datetime import date

import pytest
import time_machine

from actions.models import MeasureReading
from governance.errors import GovernanceError
from governance.models import SubgroupReport
from governance.report_figures import report_figures
from governance.services_reports import ReportChanged, report_draft_save, report_reopen, report_submit
from tests.governance.reports_world import rate_on, reports_world_build

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 5)


@pytest.fixture
def world(board_world):
    built = reports_world_build(board_world)
    built.lead.first_name, built.lead.last_name = "Sam", "Okafor"
    built.lead.save()
    with time_machine.travel(TODAY, tick=False):
        yield built


def fresh(report) -> SubgroupReport:
    return SubgroupReport.objects.select_related("subgroup__plan", "meeting__board").get(pk=report.pk)


def test_a_draft_keeps_the_text_and_the_days_figures_and_says_so_in_the_history(world):
    saved = report_draft_save(report=world.report, by=world.lead, expected_version=1,
                              sections={"summary": "Plans are better.\r\n\r\n\r\nTimeliness is not.  "})
    assert saved.status == "draft" and saved.version == 2
    assert saved.sections["summary"] == "Plans are better.\n\nTimeliness is not."
    assert saved.data["as_of"] == "2025-03-04" and saved.data["strands"][0]["number"] == 1
    record = saved.history.latest('history_id')
    assert record.history_user == world.lead
    assert record.history_change_reason == (
        "Spotlight report for the 11 March 2025 meeting saved as a draft by Sam Okafor (changed: Summary)"
    )


def test_submitting_needs_a_summary_and_then_the_report_is_read_only(world):
    with pytest.raises(GovernanceError) as refused:
        report_submit(report=world.report, by=world.lead, expected_version=1, sections={"went_well": "Audits"})
    assert "summary" in refused.value.message_dict
    submitted = report_submit(report=world.report, by=world.lead, expected_version=1,
                              sections={"summary": "On track", "support_needed": "Therapy posts"})
    assert (submitted.status, submitted.submitted_by, submitted.version) == ("submitted", world.lead, 2)
    assert submitted.history.latest('history_id').history_change_reason == (
        "Spotlight report for the 11 March 2025 meeting submitted by Sam Okafor "
        "(changed: Summary, Support needed from the board)"
    )
    with pytest.raises(GovernanceError) as read_only:
        report_draft_save(report=submitted, by=world.lead, expected_version=2, sections={"summary": "Later"})
    assert "cannot be changed now" in str(read_only.value.message_dict)
    assert fresh(submitted).sections["summary"] == "On track"


def test_a_submitted_report_keeps_its_figures_when_the_plan_is_corrected_later(world):
    submitted = report_submit(report=world.report, by=world.lead, expected_version=1, sections={"summary": "Ok"})
    kept = dict(submitted.data)
    # Corrections after submission: a reading fixed, an action renamed, a rating changed.
    MeasureReading.objects.filter(period=date(2025, 2, 1)).update(value=39)
    action = world.board_world.strands[0].actions.get(reference="1.2")
    action.title = "Renamed since"
    action.save()
    rate_on(date(2025, 3, 5), action, world.board_world.admin, "amber")
    now = report_figures(subgroup=submitted.subgroup, meeting=submitted.meeting, today=TODAY)
    assert now != kept  # the figures read today differ …
    assert fresh(submitted).data == kept  # … the submitted report's do not
    assert "44%" in kept["measures"][0]["summary"] and kept["moves"][1]["title"] == "Action 1.2"


def test_an_administrator_reopens_a_submitted_report_with_the_reason_in_the_history(world):
    submitted = report_submit(report=world.report, by=world.lead, expected_version=1, sections={"summary": "Ok"})
    with pytest.raises(GovernanceError):
        report_reopen(report=submitted, by=world.board_world.admin, reason="  ")
    admin = world.board_world.admin
    reopened = report_reopen(report=submitted, by=admin, reason="The February figures were wrong")
    assert (reopened.status, reopened.submitted_at, reopened.version) == ("draft", None, 3)
    assert reopened.history.latest('history_id').history_user == admin
    assert reopened.history.latest('history_id').history_change_reason == (
        f"Spotlight report for the 11 March 2025 meeting reopened as a draft by {admin}: "
        "The February figures were wrong"
    )
    with pytest.raises(GovernanceError):
        report_reopen(report=reopened, by=admin, reason="Again")


def test_the_second_of_two_people_writing_is_told_and_nothing_is_overwritten(world):
    report_draft_save(report=world.report, by=world.board_world.admin, expected_version=1,
                      sections={"summary": "The administrator's summary"})
    with pytest.raises(ReportChanged) as clash:
        report_draft_save(report=world.report, by=world.lead, expected_version=1,
                          sections={"summary": "The lead's summary"})
    assert clash.value.current.sections["summary"] == "The administrator's summary"
    assert fresh(world.report).sections["summary"] == "The administrator's summary"


def test_sections_of_another_kind_and_overlong_text_are_refused(world):
    with pytest.raises(GovernanceError) as refused:
        report_draft_save(report=world.report, by=world.lead, expected_version=1,
                          sections={"escalations": "Short reports only", "summary": "x" * 3_001})
    assert set(refused.value.message_dict) == {"escalations", "summary"}
    assert fresh(world.report).version == 1
