"""The monthly update cycle: one reminder per action lead on the plan's day, one summary per subgroup lead later."""
from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Plan, UpdateReminder
from actions.reminders import update_reminders_send, update_summaries_send
from actions.tasks import monthly_update_cycle
from inspections.models import NonWorkingDay
from tests.actions.factories import (
    ActionFactory,
    CompletedActionFactory,
    OfficerFactory,
    PlanFactory,
    ProgressUpdateFactory,
    StrandFactory,
    SubgroupFactory,
    SubgroupLeadFactory,
    UserFactory,
)
from tests.inspections.factories import LocalAreaFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

FEBRUARY = date(2024, 2, 1)  # Thursday 1 February 2024: an ordinary working day
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.SITE_URL = "https://send.example.org"


def make_plan(**fields) -> Plan:
    """A plan set up long before the months the tests run in (a plan is never asked about a month before it)."""
    plan = PlanFactory(**fields)
    Plan.objects.filter(pk=plan.pk).update(created_at=LONG_AGO)
    plan.refresh_from_db()
    return plan


def remind(today, capture) -> int:
    with capture(execute=True):
        return update_reminders_send(today=today)


def summarise(today, capture) -> int:
    with capture(execute=True):
        return update_summaries_send(today=today)


def updated(action, month):
    return ProgressUpdateFactory(action=action, month=month, author=action.lead_officer)


@pytest.fixture
def plan():
    return make_plan(escalation_working_days=3)


@pytest.fixture
def jo(plan):
    return OfficerFactory(first_name="Jo", last_name="Smith", email="jo.smith@test.example.org")


@pytest.fixture
def strand(plan):
    lead = SubgroupLeadFactory(first_name="Sam", last_name="Okafor", email="sam.okafor@test.example.org")
    return StrandFactory(plan=plan, number=1, title="EHC plans", subgroup=SubgroupFactory(plan=plan, lead=lead,
                                                                                           name="EHC subgroup"))


@pytest.fixture
def jos_actions(plan, strand, jo):
    """Jo leads five actions: three owe February's update, one has it, one is complete."""
    owed = [ActionFactory(strand=strand, reference=f"1.{n}", title=f"Owed action {n}", lead_officer=jo)
            for n in (1, 2, 3)]
    done_this_month = ActionFactory(strand=strand, reference="1.4", title="Updated action", lead_officer=jo)
    updated(done_this_month, FEBRUARY)
    CompletedActionFactory(strand=strand, reference="1.5", title="Completed action", lead_officer=jo)
    return owed


# --- the day reminders go out ---------------------------------------------------------------------------------


def test_reminders_go_out_on_the_plan_reminder_day_and_not_before(
    jos_actions, jo, django_capture_on_commit_callbacks
):
    assert remind(date(2024, 1, 31), django_capture_on_commit_callbacks) == 0
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 1
    assert [message.to for message in mail.outbox] == [[jo.email]]


def test_officer_with_three_missing_updates_gets_one_email_naming_all_three(
    jos_actions, jo, django_capture_on_commit_callbacks
):
    remind(FEBRUARY, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Your February 2024 update is due on 3 actions (Barnsley)"
    for action in jos_actions:
        assert f"{action.reference} {action.title}" in message.body
        assert f"https://send.example.org/plan/actions/{action.pk}/update/" in message.body
    assert "Updated action" not in message.body
    assert "Completed action" not in message.body
    assert "Dear Jo Smith" in message.body
    reminder = UpdateReminder.objects.get()
    assert (reminder.kind, reminder.recipient, reminder.month, reminder.references) == (
        "officer", jo, FEBRUARY, "1.1, 1.2, 1.3"
    )


def test_links_in_the_reminder_use_the_site_address(jos_actions, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://send.demo-borough.example.org/"
    remind(FEBRUARY, django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert f"https://send.demo-borough.example.org/plan/actions/{jos_actions[0].pk}/update/" in body
    assert "All your actions: https://send.demo-borough.example.org/plan/my-actions/" in body


def test_a_reminder_day_on_a_weekend_moves_to_the_next_working_day(strand, jo, django_capture_on_commit_callbacks):
    ActionFactory(strand=strand, lead_officer=jo)
    # 1 June 2024 is a Saturday.
    assert remind(date(2024, 6, 1), django_capture_on_commit_callbacks) == 0
    assert remind(date(2024, 6, 2), django_capture_on_commit_callbacks) == 0
    assert remind(date(2024, 6, 3), django_capture_on_commit_callbacks) == 1
    assert UpdateReminder.objects.get().month == date(2024, 6, 1)


def test_a_reminder_day_on_christmas_bank_holidays_moves_past_them(
    plan, strand, jo, django_capture_on_commit_callbacks
):
    plan.reminder_day = 26
    plan.save()
    ActionFactory(strand=strand, lead_officer=jo)
    # Boxing Day 2022 was a Monday and Tuesday 27th the substitute day for Christmas Day.
    assert remind(date(2022, 12, 26), django_capture_on_commit_callbacks) == 0
    assert remind(date(2022, 12, 27), django_capture_on_commit_callbacks) == 0
    assert remind(date(2022, 12, 28), django_capture_on_commit_callbacks) == 1
    assert UpdateReminder.objects.get().month == date(2022, 12, 1)


def test_a_local_closure_day_moves_the_reminder_too(plan, strand, jo, django_capture_on_commit_callbacks):
    NonWorkingDay.objects.create(area=plan.inspection.area, day=FEBRUARY, name="Council closure day")
    ActionFactory(strand=strand, lead_officer=jo)
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 0
    assert remind(date(2024, 2, 2), django_capture_on_commit_callbacks) == 1


def test_an_officer_who_has_posted_every_update_gets_nothing(strand, jo, django_capture_on_commit_callbacks):
    for reference in ("1.1", "1.2"):
        updated(ActionFactory(strand=strand, reference=reference, lead_officer=jo), FEBRUARY)
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert not UpdateReminder.objects.exists()


def test_last_months_update_does_not_count_for_this_month(strand, jo, django_capture_on_commit_callbacks):
    updated(ActionFactory(strand=strand, lead_officer=jo), date(2024, 1, 1))
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 1


def test_completed_actions_are_ignored(strand, jo, django_capture_on_commit_callbacks):
    CompletedActionFactory(strand=strand, lead_officer=jo)
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 0


def test_inactive_people_and_actions_without_an_account_get_no_reminder(
    strand, jo, django_capture_on_commit_callbacks
):
    jo.is_active = False
    jo.save()
    ActionFactory(strand=strand, reference="1.1", lead_officer=jo)
    ActionFactory(strand=strand, reference="1.2", lead_officer=None, lead_name="Headteacher, Park Primary")
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_a_lead_who_may_not_post_updates_gets_no_reminder_but_is_in_the_summary(
    strand, django_capture_on_commit_callbacks
):
    chair = UserFactory(first_name="Margaret", last_name="Hughes", roles=[Role.BOARD_CHAIR])
    ActionFactory(strand=strand, lead_officer=chair)
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 0
    assert summarise(date(2024, 2, 6), django_capture_on_commit_callbacks) == 1
    assert "  Margaret Hughes: 1 action" in mail.outbox[0].body


def test_a_lead_whose_role_is_in_another_area_only_gets_no_reminder(strand, django_capture_on_commit_callbacks):
    elsewhere = LocalAreaFactory(name="Elsewhere")
    moved = OfficerFactory(first_name="Moved", last_name="Away", roles=[Role.OFFICER], roles__areas=[elsewhere])
    ActionFactory(strand=strand, lead_officer=moved)
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_each_lead_gets_their_own_list(strand, jo, django_capture_on_commit_callbacks):
    priya = OfficerFactory(first_name="Priya", last_name="Shah")
    ActionFactory(strand=strand, reference="1.1", title="Jo's action", lead_officer=jo)
    ActionFactory(strand=strand, reference="1.2", title="Priya's action", lead_officer=priya)
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 2
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert "Jo's action" in by_recipient[jo.email] and "Priya's action" not in by_recipient[jo.email]
    assert "Priya's action" in by_recipient[priya.email] and "Jo's action" not in by_recipient[priya.email]


# --- never twice ------------------------------------------------------------------------------------------------


def test_running_again_the_same_day_and_on_later_days_sends_nothing_more(
    jos_actions, plan, django_capture_on_commit_callbacks
):
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 1
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 0  # a retried or duplicated task
    for day in range(2, 29):
        assert remind(date(2024, 2, day), django_capture_on_commit_callbacks) == 0, day
    assert len(mail.outbox) == 1
    assert UpdateReminder.objects.filter(kind="officer").count() == 1


def test_a_run_missed_on_the_day_catches_up_before_the_summary_day(
    jos_actions, plan, django_capture_on_commit_callbacks
):
    # Reminder day Thursday 1 February; the summary is due 3 working days later, on Tuesday 6 February.
    assert remind(date(2024, 2, 3), django_capture_on_commit_callbacks) == 0  # a Saturday: no e-mail
    assert remind(date(2024, 2, 5), django_capture_on_commit_callbacks) == 1
    assert remind(date(2024, 2, 6), django_capture_on_commit_callbacks) == 0


def test_no_catch_up_after_the_summary_day(jos_actions, django_capture_on_commit_callbacks):
    assert remind(date(2024, 2, 6), django_capture_on_commit_callbacks) == 0


def test_the_next_month_reminds_again(jos_actions, jo, django_capture_on_commit_callbacks):
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 1
    assert remind(date(2024, 3, 1), django_capture_on_commit_callbacks) == 1
    assert sorted(UpdateReminder.objects.values_list("month", flat=True)) == [FEBRUARY, date(2024, 3, 1)]
    assert "4 actions" in mail.outbox[1].subject  # the action updated in February owes March's update too


def test_a_plan_set_up_after_the_reminder_day_is_first_reminded_next_month(
    jos_actions, plan, django_capture_on_commit_callbacks
):
    Plan.objects.filter(pk=plan.pk).update(created_at=datetime(2024, 2, 2, 9, tzinfo=UTC))
    assert remind(date(2024, 2, 5), django_capture_on_commit_callbacks) == 0
    assert summarise(date(2024, 2, 6), django_capture_on_commit_callbacks) == 0
    assert remind(date(2024, 3, 1), django_capture_on_commit_callbacks) == 1


def test_a_rolled_back_claim_sends_nothing(jos_actions, django_capture_on_commit_callbacks):
    from django.db import transaction

    class RolledBack(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RolledBack), transaction.atomic():
        update_reminders_send(today=FEBRUARY)
        raise RolledBack
    assert mail.outbox == []
    assert not UpdateReminder.objects.exists()
    assert remind(FEBRUARY, django_capture_on_commit_callbacks) == 1


# --- the subgroup lead's summary --------------------------------------------------------------------------------


@pytest.fixture
def two_subgroups(plan, strand, jo, jos_actions):
    """Sam's subgroup (strand 1, Jo's actions) plus strand 3 also under Sam; Priya's subgroup all up to date."""
    sam = strand.subgroup.lead
    aisha = OfficerFactory(first_name="Aisha", last_name="Khan")
    strand_three = StrandFactory(plan=plan, number=3, title="Local offer", subgroup=SubgroupFactory(
        plan=plan, lead=sam, name="Communication subgroup"))
    aishas = ActionFactory(strand=strand_three, reference="3.1", title="Relaunch the local offer", lead_officer=aisha)
    ActionFactory(strand=strand_three, reference="3.2", title="Parent forum survey", lead_officer=None,
                  lead_name="Demo Parent Carer Forum")
    priya = SubgroupLeadFactory(first_name="Priya", last_name="Shah")
    strand_two = StrandFactory(plan=plan, number=2, title="Graduated response",
                               subgroup=SubgroupFactory(plan=plan, lead=priya, name="Graduated response subgroup"))
    updated(ActionFactory(strand=strand_two, reference="2.1", lead_officer=aisha), FEBRUARY)
    return {"sam": sam, "priya": priya, "aisha": aisha, "aishas": aishas}


def test_summary_goes_out_after_the_plans_working_days_and_lists_exactly_whats_missing(
    two_subgroups, jos_actions, django_capture_on_commit_callbacks
):
    sam = two_subgroups["sam"]
    assert summarise(FEBRUARY, django_capture_on_commit_callbacks) == 0
    assert summarise(date(2024, 2, 5), django_capture_on_commit_callbacks) == 0  # 2 working days later
    updated(jos_actions[1], FEBRUARY)  # Jo catches up on 1.2 before the summary

    assert summarise(date(2024, 2, 6), django_capture_on_commit_callbacks) == 1  # 3 working days later
    assert [message.to for message in mail.outbox] == [[sam.email]]
    message = mail.outbox[0]
    assert message.subject == "February 2024 updates still missing: 4 actions (Barnsley)"
    body = message.body
    assert "Their leads were reminded on 1 February 2024." in body
    listed = [line.strip().split(" – ")[0] for line in body.splitlines() if " – http" in line]
    assert listed == [
        "1.1 Owed action 1", "1.3 Owed action 3", "3.1 Relaunch the local offer", "3.2 Parent forum survey"
    ]
    assert "  Jo Smith: 2 actions" in body
    assert "  Aisha Khan: 1 action" in body
    assert "  Demo Parent Carer Forum (no account: update on their behalf): 1 action" in body
    first, third = "Strand 1. EHC plans (EHC subgroup)", "Strand 3. Local offer (Communication subgroup)"
    assert body.index(first) < body.index(third)
    assert "Updated action" not in body and "Completed action" not in body and "2.1" not in body
    summary = UpdateReminder.objects.get(kind="summary")
    assert (summary.recipient, summary.month, summary.references) == (sam, FEBRUARY, "1.1, 1.3, 3.1, 3.2")


def test_summary_is_sent_once_however_often_the_job_runs(two_subgroups, django_capture_on_commit_callbacks):
    for day in range(6, 29):
        summarise(date(2024, 2, day), django_capture_on_commit_callbacks)
        summarise(date(2024, 2, day), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert UpdateReminder.objects.filter(kind="summary").count() == 1


def test_a_missed_summary_catches_up_for_two_working_days_then_the_month_is_left_alone(
    two_subgroups, django_capture_on_commit_callbacks
):
    assert summarise(date(2024, 2, 9), django_capture_on_commit_callbacks) == 0  # 3 working days after the 6th
    assert summarise(date(2024, 2, 8), django_capture_on_commit_callbacks) == 1  # 2 working days after


def test_with_no_escalation_days_reminders_and_summaries_go_out_the_same_day(
    plan, jos_actions, django_capture_on_commit_callbacks
):
    plan.escalation_working_days = 0
    plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_update_cycle(FEBRUARY.isoformat()) == {"reminders_sent": 1, "summaries_sent": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_update_cycle("2024-02-02") == {"reminders_sent": 0, "summaries_sent": 0}


def test_summary_names_an_inactive_lead_so_the_actions_can_be_reassigned(
    strand, jo, django_capture_on_commit_callbacks
):
    jo.is_active = False
    jo.save()
    ActionFactory(strand=strand, lead_officer=jo)
    assert summarise(date(2024, 2, 6), django_capture_on_commit_callbacks) == 1
    assert "Jo Smith (account closed: reassign these actions): 1 action" in mail.outbox[0].body


def test_no_summary_when_nothing_is_missing_or_the_strand_has_no_subgroup_lead(
    plan, strand, jo, django_capture_on_commit_callbacks
):
    updated(ActionFactory(strand=strand, lead_officer=jo), FEBRUARY)
    leaderless = StrandFactory(plan=plan, number=2, subgroup=SubgroupFactory(plan=plan, lead=None))
    ActionFactory(strand=leaderless, lead_officer=jo)
    assert summarise(date(2024, 2, 6), django_capture_on_commit_callbacks) == 0


# --- per-plan settings and the task ------------------------------------------------------------------------


def test_each_plan_keeps_its_own_reminder_day_and_escalation(jos_actions, django_capture_on_commit_callbacks):
    other = make_plan(reminder_day=15, escalation_working_days=2)
    lead = SubgroupLeadFactory()
    other_strand = StrandFactory(plan=other, number=1, subgroup=SubgroupFactory(plan=other, lead=lead))
    officer = OfficerFactory()
    ActionFactory(strand=other_strand, lead_officer=officer)

    sent = {}
    for day in range(1, 29):
        today = date(2024, 2, day)
        with django_capture_on_commit_callbacks(execute=True):
            result = monthly_update_cycle(today.isoformat())
        if any(result.values()):
            sent[today] = result
    assert sent == {
        date(2024, 2, 1): {"reminders_sent": 1, "summaries_sent": 0},  # the first plan's leads
        date(2024, 2, 6): {"reminders_sent": 0, "summaries_sent": 1},  # 3 working days later
        date(2024, 2, 15): {"reminders_sent": 1, "summaries_sent": 0},  # the other plan, on its 15th
        date(2024, 2, 19): {"reminders_sent": 0, "summaries_sent": 1},  # 2 working days after Thursday 15th
    }
    recipients = [(reminder.plan_id, reminder.kind, reminder.recipient_id) for reminder in UpdateReminder.objects.all()]
    assert sorted(recipients) == sorted([
        (jos_actions[0].plan_id, "officer", jos_actions[0].lead_officer_id),
        (jos_actions[0].plan_id, "summary", jos_actions[0].strand.subgroup.lead_id),
        (other.pk, "officer", officer.pk),
        (other.pk, "summary", lead.pk),
    ])


def test_the_daily_run_reads_every_areas_calendar_in_one_query_however_many_plans(django_assert_num_queries):
    def plans_in_own_areas(count: int) -> None:
        for _ in range(count):
            plan = make_plan(inspection__area=LocalAreaFactory())
            ActionFactory(strand=StrandFactory(plan=plan), lead_officer=OfficerFactory())

    quiet_day = date(2024, 2, 20).isoformat()  # a Tuesday after every cycle's e-mails: each plan is only looked at
    plans_in_own_areas(1)
    with CaptureQueriesContext(connection) as for_one:
        assert monthly_update_cycle(quiet_day) == {"reminders_sent": 0, "summaries_sent": 0}
    plans_in_own_areas(4)
    assert Plan.objects.values("inspection__area").distinct().count() == 5
    with django_assert_num_queries(len(for_one)):
        assert monthly_update_cycle(quiet_day) == {"reminders_sent": 0, "summaries_sent": 0}


def test_the_task_runs_for_today_by_default(jos_actions, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = monthly_update_cycle()
    assert set(result) == {"reminders_sent", "summaries_sent"}
