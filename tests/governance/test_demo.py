"""The demo's boards: loaded twice they are the same; a year of meetings round the subgroups, one next week."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from governance.models import ActionArising, AgendaItem, Board, BoardMember, Decision, Meeting, SubgroupReport
from governance.schedules import BOARD_MEETING
from inspections.models import Milestone

pytestmark = pytest.mark.django_db
MODELS = (Board, BoardMember, Meeting, AgendaItem, Decision, ActionArising, SubgroupReport, Milestone)


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo_data", "--quiet-logins", stdout=StringIO())
    return Board.objects.select_related("chair", "plan").get(area__name="Demo Borough")


def snapshot() -> dict:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts.update({f"history of {model.__name__}": model.history.count() for model in MODELS})
    counts["meetings"] = sorted(Meeting.objects.values_list("held_on", "status", "spotlight_id"))
    return counts


def test_loading_the_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("demo_data", "--quiet-logins", stdout=StringIO())
    assert snapshot() == before


def test_the_board_is_chaired_by_the_demo_chair_with_members_without_accounts(demo):
    assert demo.name == "SEND Improvement Board" and demo.chair.email == "chair@demo.example.org"
    members = list(demo.members.all())
    assert len(members) == 7 and sum(member.user_id is None for member in members) == 3
    assert (demo.weekday, demo.week_of_month) == (1, "second")


def test_most_of_a_year_held_a_few_ahead_and_one_in_the_coming_week(demo):
    today = timezone.localdate()
    held = demo.meetings.filter(status="held")
    ahead = demo.meetings.filter(held_on__gte=today)
    assert 8 <= held.count() <= 10 and 3 <= ahead.count() <= 4
    assert not demo.meetings.filter(held_on__lt=today, status="planned").exists()
    assert ahead.filter(held_on__lte=today + timedelta(days=7)).exists()
    assert all(meeting.minutes_text and meeting.agenda_items.exists() and meeting.decisions.exists()
               for meeting in held)
    assert ActionArising.objects.filter(meeting__board=demo).exists()


def test_the_spotlight_goes_round_the_four_subgroups(demo):
    spotlights = list(demo.meetings.order_by("held_on").values_list("spotlight__name", flat=True))
    assert set(spotlights) == set(demo.plan.subgroups.values_list("name", flat=True))
    assert spotlights[:4] == [
        "EHC plans quality subgroup", "Graduated response subgroup", "Preparation for adulthood subgroup",
        "Communication and local offer subgroup",
    ]
    assert SubgroupReport.objects.filter(meeting__board=demo).count() == demo.meetings.count() * 4


def test_the_last_two_meetings_held_have_their_reports_and_next_weeks_two_and_a_draft(demo):
    today = timezone.localdate()
    last_two = list(demo.meetings.filter(status="held").order_by("-held_on")[:2])
    for meeting in last_two:
        spotlight = meeting.reports.get(kind="spotlight")
        assert spotlight.status == "submitted" and spotlight.submitted_by == spotlight.subgroup.lead
        assert spotlight.sections["support_needed"] and spotlight.data["strands"]
        assert spotlight.submitted_at.date() < meeting.reports_due_on
        assert meeting.reports.filter(kind="short", status="submitted").count() >= 2
    older = SubgroupReport.objects.filter(meeting__board=demo, meeting__held_on__lt=last_two[1].held_on)
    assert not older.filter(status="submitted").exists()
    coming = demo.meetings.filter(held_on__gte=today, held_on__lte=today + timedelta(days=7)).get()
    draft = coming.reports.get(kind="spotlight")
    assert draft.status == "draft" and draft.sections["summary"]
    sent_early = coming.reports.filter(kind="short", status="submitted")
    assert sent_early.count() == 2
    assert all(report.sections["summary"] and report.submitted_at < timezone.now() for report in sent_early)


def test_the_meetings_are_in_the_inspections_timeline(demo):
    milestones = Milestone.objects.filter(inspection=demo.plan.inspection, key=BOARD_MEETING)
    assert milestones.count() == demo.meetings.count()
    assert milestones.filter(status="met").count() == demo.meetings.filter(status="held").count()
