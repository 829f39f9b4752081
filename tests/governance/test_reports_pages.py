"""The report pages: who reads and writes what (a draft is not there for the chair), writing and submitting,
two people's text kept on a clash, hostile text refused in words, and query counts that stay flat."""
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import SubgroupReport
from governance.services_reports import report_draft_save, report_submit
from tests.actions.factories import ActionFactory, StrandFactory, UserFactory
from tests.governance.reports_world import reports_world_build
from tests.inspections.factories import LocalAreaFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 3)


@pytest.fixture
def world(board_world):
    built = reports_world_build(board_world)
    with time_machine.travel(TODAY, tick=False):
        yield built


def page(name, report):
    return reverse(f"governance:{name}", args=[report.pk])


def chair(world):
    board = world.board_world.board
    board.chair = UserFactory(roles=[Role.BOARD_CHAIR])
    board.save()
    return board.chair


def submitted(world):
    return report_submit(report=world.report, by=world.lead, expected_version=1,
                         sections={"summary": "The audit found every plan good or better."})


def test_the_lead_writes_a_draft_and_submits_it_then_it_is_read_only(client, world):
    client.force_login(world.lead)
    form = client.get(page("report_edit", world.report)).content.decode()
    assert "What has gone well" in form and "Support needed from the board" in form
    assert "Submit to the board" in form and "Save as draft" in form
    assert "Two therapist vacancies since January" in form  # the figures are under the form
    response = client.post(page("report_edit", world.report), {
        "version": "1", "intent": "draft", "summary": "First go", "went_well": "Audits",
    })
    assert response.status_code == 302
    response = client.post(page("report_edit", world.report), {
        "version": "2", "intent": "submit", "summary": "Final", "went_well": "Audits",
    })
    report = SubgroupReport.objects.get(pk=world.report.pk)
    assert response.status_code == 302 and report.status == "submitted" and report.sections["summary"] == "Final"
    assert client.get(page("report_edit", report)).status_code == 302  # back to the report, read-only
    shown = client.get(page("report", report)).content.decode()
    assert "Write the report" not in shown and "Final" in shown
    late = client.post(page("report_edit", report), {"version": "3", "intent": "draft", "summary": "Late text"})
    assert late.status_code == 200 and "cannot be changed now" in late.content.decode()
    assert "Late text" in late.content.decode()  # what they typed is still there to copy
    assert SubgroupReport.objects.get(pk=report.pk).sections["summary"] == "Final"


def test_the_report_page_shows_the_figures_with_words_then_the_narrative(client, world):
    submitted(world)
    client.force_login(chair(world))
    shown = client.get(page("report", world.report)).content.decode()
    for words in ("Blue – complete", "Red – significant risk/off track", "At the last meeting (11 February 2025)",
                  "Now (3 March 2025)", "Two therapist vacancies since January", "1.3 Action 1.3",
                  "EHC plans issued within 20 weeks: 44%", "The audit found every plan good or better."):
        assert words in shown, words
    assert shown.index("Figures") < shown.index("The audit found every plan")


def test_the_chair_cannot_see_a_draft_and_reads_it_once_submitted(client, world):
    client.force_login(chair(world))
    assert client.get(page("report", world.report)).status_code == 404
    assert client.get(page("report_edit", world.report)).status_code == 404
    meeting = client.get(reverse("governance:meeting", args=[world.march.pk])).content.decode()
    assert "Not submitted yet" in meeting and page("report", world.report) not in meeting
    submitted(world)
    assert client.get(page("report", world.report)).status_code == 200
    assert client.get(page("report_edit", world.report)).status_code == 403
    meeting = client.get(reverse("governance:meeting", args=[world.march.pk])).content.decode()
    assert page("report", world.report) in meeting


def test_another_subgroups_lead_cannot_edit_and_another_area_gets_404(client, world):
    other_lead = world.board_world.subgroups[1].lead
    client.force_login(other_lead)
    assert client.get(page("report", world.report)).status_code == 404  # a draft: not there for them
    submitted(world)
    assert client.get(page("report", world.report)).status_code == 200
    assert client.post(page("report_edit", world.report), {"summary": "Mine"}).status_code == 403
    assert client.get(page("report_reopen", world.report)).status_code == 403
    elsewhere = UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[LocalAreaFactory(name="Elsewhere")])
    client.force_login(elsewhere)
    for name in ("report", "report_edit", "report_reopen"):
        assert client.get(page(name, world.report)).status_code == 404


def test_an_administrator_reopens_a_submitted_report_with_a_reason(client, world):
    submitted(world)
    client.force_login(world.board_world.admin)
    assert client.post(page("report_reopen", world.report), {"reason": ""}).status_code == 200
    response = client.post(page("report_reopen", world.report), {"reason": "Wrong month's figures"})
    assert response.status_code == 302 and SubgroupReport.objects.get(pk=world.report.pk).status == "draft"


def test_a_clash_keeps_both_peoples_text(client, world):
    # The administrator saves the summary and what went well while the lead is writing from version 1.
    report_draft_save(report=world.report, by=world.board_world.admin, expected_version=1, sections={
        "summary": "The administrator summary", "went_well": "The administrator good news",
    })
    client.force_login(world.lead)
    response = client.post(page("report_edit", world.report), {
        "version": "1", "intent": "submit", "summary": "The lead summary", "went_well": "",
        "not_on_track": "The lead worries", "support_needed": "",
    })
    shown = response.content.decode()
    assert response.status_code == 200
    assert "changed this report while you were writing it" in shown
    assert "The lead summary" in shown and "The administrator summary" in shown  # both, for the clash
    assert "The lead worries" in shown and "The administrator good news" in shown  # theirs kept, not cleared
    assert "They changed summary too" in shown
    saved = SubgroupReport.objects.get(pk=world.report.pk)
    assert saved.status == "draft" and saved.sections["summary"] == "The administrator summary"


@pytest.mark.parametrize("text, words", [
    ("abc\x00def", "must not include a null character"),
    ("x" * 100_000, "must be 3,000 characters or fewer"),
])
def test_hostile_text_is_refused_in_words(client, world, text, words):
    client.force_login(world.lead)
    response = client.post(page("report_edit", world.report), {"version": "1", "intent": "draft", "summary": text})
    assert response.status_code == 200 and words in response.content.decode()
    assert SubgroupReport.objects.get(pk=world.report.pk).version == 1


def test_right_to_left_text_and_emoji_are_kept(client, world):
    client.force_login(world.lead)
    text = "تقرير المجموعة 👩🏽‍🏫 \u202egnp.exe"
    client.post(page("report_edit", world.report), {"version": "1", "intent": "draft", "summary": text})
    assert SubgroupReport.objects.get(pk=world.report.pk).sections["summary"] == text


def _grow(world, strands: int) -> None:
    subgroup = world.report.subgroup
    start = 20 + subgroup.strands.count()
    for number in range(start, start + strands):
        strand = StrandFactory(plan=subgroup.plan, number=number, subgroup=subgroup)
        ActionFactory(strand=strand, reference=f"{number}.1", start_date=None, due_date=date(2025, 1, 1))


def test_the_report_pages_take_as_many_queries_for_10_strands_as_for_2(client, world, django_assert_num_queries):
    client.force_login(world.lead)
    _grow(world, 1)
    counted = {}
    for name in ("report", "report_edit"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page(name, world.report)).status_code == 200
        counted[name] = len(captured)
    _grow(world, 8)
    for name, queries in counted.items():
        with django_assert_num_queries(queries):
            client.get(page(name, world.report))


def test_the_lead_finds_the_reports_they_owe_on_the_home_page(client, world):
    client.force_login(world.lead)
    with time_machine.travel(date(2025, 2, 20), tick=False):
        home = client.get(reverse("home")).content.decode()
    assert "Reports you owe the board" in home
    assert "Spotlight report" in home and "Tue 11 Mar 2025" in home and "Tue 4 Mar 2025" in home
    assert page("report_edit", world.report) in home
    assert "Tue 8 Apr 2025" in home and "Tue 13 May 2025" not in home  # the next two months only
