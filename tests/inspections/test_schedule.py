"""Inspection services with the database: stored milestones, lifecycle steps and statuses (Barnsley's dates)."""
import logging
from datetime import date

import pytest
from django.db import transaction

from inspections.lifecycle import TransitionError
from inspections.models import Inspection, LifecycleEvent, Milestone, NonWorkingDay
from inspections.schedules import milestone_mark_met, milestone_statuses_refresh, milestones_recompute
from inspections.services import (
    InspectionError,
    approval_record,
    inspection_create,
    inspection_date_problems,
    inspection_transition,
    inspection_update,
    weakness_judge,
)
from tests.inspections.barnsley import (
    BARNSLEY_DATES,
    FIRST_DAY_OVERDUE,
    PUBLISHED,
    RECEIVED,
    SOON_AFTER_THE_LETTER,
    TEN_BEFORE,
    WSOA_DUE,
)
from tests.inspections.factories import BarnsleyAreaFactory, CcgThenIcbFactory, LocalAreaFactory, WeaknessFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db



class RolledBack(Exception):
    pass


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER, email="officer@barnsley.example.org")


@pytest.fixture
def area(db):
    return BarnsleyAreaFactory()


@pytest.fixture
def inspection(officer, area):
    """Barnsley's inspection as an officer enters it; its schedule is not stored until a recompute runs."""
    return inspection_create(by=officer, area=area, today=SOON_AFTER_THE_LETTER, **BARNSLEY_DATES)


def recompute(inspection, *, today=SOON_AFTER_THE_LETTER):
    return milestones_recompute(inspection_id=inspection.pk, today=today)


def stored(inspection) -> dict[tuple[str, int], Milestone]:
    return {(m.key, m.sequence): m for m in Milestone.objects.filter(inspection=inspection)}


def wsoa_of(inspection) -> Milestone:
    return Milestone.objects.get(inspection=inspection, key="wsoa_due")


def set_facts(inspection, **fields) -> None:
    """Change recorded facts without the services, so only an explicit recompute moves the schedule."""
    Inspection.objects.filter(pk=inspection.pk).update(**fields)


ACCEPTED_FACTS = {
    "status": "accepted",
    "submitted_on": date(2022, 2, 25),
    "decision": "fit",
    "decided_on": date(2022, 4, 7),
    "accepted_on": date(2022, 4, 7),
}


# --- milestones_recompute --------------------------------------------------------------------------------------


def test_recompute_stores_barnsleys_wsoa_deadline(inspection):
    result = recompute(inspection)
    assert (result.created, result.updated, result.deleted) == (1, 0, 0)
    wsoa = wsoa_of(inspection)
    assert wsoa.due == WSOA_DUE
    assert wsoa.rule_key == "wsoa_due_from_received"
    assert not wsoa.estimated and not wsoa.official
    assert wsoa.status == Milestone.Status.UPCOMING
    assert "Christmas Day" in wsoa.explanation


def test_creating_an_inspection_stores_nothing_until_the_transaction_commits(
    officer, area, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = inspection_create(by=officer, area=area, today=SOON_AFTER_THE_LETTER, **BARNSLEY_DATES)
        assert not Milestone.objects.filter(inspection=created).exists()
    assert len(callbacks) == 1
    assert wsoa_of(created).due == WSOA_DUE


def test_an_accepted_plan_has_quarterly_review_meetings_and_a_revisit(inspection):
    set_facts(inspection, **ACCEPTED_FACTS)
    recompute(inspection)
    keys = stored(inspection)
    assert sorted(sequence for key, sequence in keys if key == "review_meeting") == [1, 2, 3, 4, 5, 6]
    assert keys[("review_meeting", 3)].due == date(2023, 1, 6)  # 7 January 2023 is a Saturday
    assert keys[("revisit_due", 1)].due == date(2023, 10, 6)
    assert keys[("wsoa_due", 1)].status == Milestone.Status.MET
    assert keys[("fitness_decision_due", 1)].met_on == date(2022, 4, 7)


def test_recompute_twice_changes_nothing_the_second_time(inspection):
    set_facts(inspection, **ACCEPTED_FACTS)
    first = recompute(inspection, today=date(2022, 5, 1))
    assert first.created == len(stored(inspection)) > 5
    rows_before = {key: (m.pk, m.due, m.status, m.explanation) for key, m in stored(inspection).items()}
    history_before = Milestone.history.count()

    second = recompute(inspection, today=date(2022, 5, 1))

    assert second.changed == 0
    assert Milestone.history.count() == history_before
    assert {key: (m.pk, m.due, m.status, m.explanation) for key, m in stored(inspection).items()} == rows_before


def test_milestone_marked_met_by_a_person_survives_recompute_when_dates_change(inspection, officer):
    set_facts(inspection, **ACCEPTED_FACTS)
    recompute(inspection)
    meeting = Milestone.objects.get(inspection=inspection, key="review_meeting", sequence=1)
    milestone_mark_met(milestone=meeting, by=officer, on=date(2022, 7, 5))

    set_facts(inspection, accepted_on=date(2022, 5, 3), decided_on=date(2022, 5, 3))
    recompute(inspection)

    meeting.refresh_from_db()
    assert meeting.status == Milestone.Status.MET
    assert meeting.met_on == date(2022, 7, 5)
    assert meeting.marked_done_by == officer
    assert stored(inspection)[("review_meeting", 2)].due == date(2022, 11, 3)  # the others moved


def test_milestone_marked_met_by_a_person_is_kept_when_its_rule_no_longer_applies(inspection, officer):
    recompute(inspection)
    milestone_mark_met(milestone=wsoa_of(inspection), by=officer, on=date(2022, 2, 20))
    set_facts(inspection, outcome="no_wsoa")
    result = recompute(inspection)
    assert result.deleted == 0
    assert wsoa_of(inspection).status == Milestone.Status.MET


def test_milestones_that_no_longer_apply_are_deleted(inspection):
    set_facts(inspection, status="not_fit", submitted_on=date(2022, 2, 25), decision="not_fit",
              decided_on=date(2022, 3, 10))
    recompute(inspection)
    assert stored(inspection)[("resubmission_due", 1)].due == date(2022, 4, 7)

    set_facts(inspection, status="fit", decision="fit")
    result = recompute(inspection)
    assert result.deleted == 1
    assert ("resubmission_due", 1) not in stored(inspection)

    set_facts(inspection, outcome="no_wsoa")
    recompute(inspection)
    assert stored(inspection) == {}


def test_a_local_non_working_day_moves_the_deadline_by_one_day(inspection):
    recompute(inspection)
    NonWorkingDay.objects.create(area=inspection.area, day=date(2022, 1, 14), name="Council closure day")
    result = recompute(inspection)
    assert result.updated == 1
    wsoa = wsoa_of(inspection)
    assert wsoa.due == date(2022, 3, 1)
    assert "Council closure day on 14 January 2022" in wsoa.explanation


def test_another_areas_non_working_day_does_not_move_the_deadline(inspection):
    NonWorkingDay.objects.create(area=LocalAreaFactory(name="Rotherham"), day=date(2022, 1, 14), name="Closure")
    recompute(inspection)
    assert wsoa_of(inspection).due == WSOA_DUE


def test_a_non_working_day_for_every_area_moves_the_deadline(inspection):
    NonWorkingDay.objects.create(area=None, day=date(2022, 1, 14), name="County-wide closure")
    recompute(inspection)
    assert wsoa_of(inspection).due == date(2022, 3, 1)


def test_recompute_logs_its_counts_when_info_logging_is_on(inspection, caplog):
    # Production logs at INFO; the test settings do not, which once hid a logging call that raised.
    caplog.set_level(logging.INFO, logger="inspections.schedules")
    result = recompute(inspection)
    assert result.created == 1
    assert "milestones recomputed" in caplog.messages


def test_an_area_send_outcome_3_has_a_priority_action_plan_met_by_submission(
    officer, django_capture_on_commit_callbacks
):
    area = LocalAreaFactory(name="Northshire")
    dates = {**BARNSLEY_DATES, "framework": "2023", "outcome": "3", "received_on": date(2024, 3, 4),
             "published_on": date(2024, 3, 8), "starts_on": date(2024, 1, 15), "ends_on": date(2024, 1, 19),
             "letter_dated": date(2024, 3, 1)}
    with django_capture_on_commit_callbacks(execute=True):
        northshire = inspection_create(by=officer, area=area, today=date(2024, 3, 11), **dates)
    schedule = stored(northshire)
    assert schedule[("priority_action_plan_due", 1)].due == date(2024, 4, 17)
    assert schedule[("monitoring_inspection_due", 1)].due == date(2025, 9, 4)
    assert ("wsoa_due", 1) not in schedule

    with django_capture_on_commit_callbacks(execute=True):
        approval_record(inspection=northshire, by=officer, organisation=area.local_authority, approved_by="Cabinet",
                        approved_on=date(2024, 4, 10))
        inspection_transition(inspection=northshire, by=officer, to_status="approved", on=date(2024, 4, 10))
        inspection_transition(inspection=northshire, by=officer, to_status="submitted", on=date(2024, 4, 15))
    schedule = stored(northshire)
    assert schedule[("priority_action_plan_due", 1)].status == Milestone.Status.MET
    assert schedule[("fitness_decision_due", 1)].due == date(2024, 4, 29)


def test_a_revisit_finding_insufficient_progress_expects_an_accelerated_progress_plan_review(
    inspection, officer, django_capture_on_commit_callbacks
):
    set_facts(inspection, **ACCEPTED_FACTS)
    first, second = WeaknessFactory(inspection=inspection), WeaknessFactory(inspection=inspection)
    with django_capture_on_commit_callbacks(execute=True):
        inspection_transition(inspection=inspection, by=officer, to_status="revisit", on=date(2023, 9, 15))
    schedule = stored(inspection)
    assert schedule[("revisit_due", 1)].met_on == date(2023, 9, 15)
    assert schedule[("app_review_due", 1)].due == date(2024, 3, 15)  # shown until the judgements are in

    with django_capture_on_commit_callbacks(execute=True):
        weakness_judge(weakness=first, by=officer, judgement="sufficient", judged_on=date(2023, 9, 15))
        weakness_judge(weakness=second, by=officer, judgement="not_sufficient", judged_on=date(2023, 9, 15))
    assert ("app_review_due", 1) in stored(inspection)
    with pytest.raises(TransitionError, match="Accelerated Progress Plan"):
        inspection_transition(inspection=inspection, by=officer, to_status="closed", on=date(2023, 10, 2))

    with django_capture_on_commit_callbacks(execute=True):
        weakness_judge(weakness=second, by=officer, judgement="sufficient", judged_on=date(2023, 9, 20))
    assert ("app_review_due", 1) not in stored(inspection)
    closed = inspection_transition(inspection=inspection, by=officer, to_status="closed", on=date(2023, 10, 2))
    assert closed.closed_on == date(2023, 10, 2)


# --- inspection_update and the recompute it enqueues -----------------------------------------------------------


def test_changing_the_received_date_recomputes_on_commit_and_moves_wsoa_due(inspection, officer,
                                                                            django_capture_on_commit_callbacks):
    recompute(inspection)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        inspection_update(inspection=inspection, by=officer, today=SOON_AFTER_THE_LETTER,
                          received_on=date(2021, 11, 19))
        assert wsoa_of(inspection).due == WSOA_DUE  # nothing moves before the commit
    assert len(callbacks) == 1
    assert wsoa_of(inspection).due == date(2022, 3, 2)


def test_a_change_that_moves_no_deadline_enqueues_nothing(inspection, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        inspection_update(inspection=inspection, by=officer, today=SOON_AFTER_THE_LETTER, lead_inspector="A Smith")
        inspection_update(inspection=inspection, by=officer, today=SOON_AFTER_THE_LETTER, received_on=RECEIVED)
    assert callbacks == []


def test_a_rolled_back_change_enqueues_nothing(inspection, officer, django_capture_on_commit_callbacks):
    recompute(inspection)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RolledBack),
        transaction.atomic(),
    ):
        inspection_update(inspection=inspection, by=officer, today=SOON_AFTER_THE_LETTER,
                          received_on=date(2021, 11, 19))
        raise RolledBack
    assert callbacks == []
    inspection.refresh_from_db()
    assert inspection.received_on == RECEIVED
    assert wsoa_of(inspection).due == WSOA_DUE


def test_update_with_impossible_dates_is_refused_per_field(inspection, officer):
    with pytest.raises(InspectionError) as refused:
        inspection_update(inspection=inspection, by=officer, today=SOON_AFTER_THE_LETTER,
                          published_on=date(2021, 11, 16))
    assert set(refused.value.message_dict) == {"published_on"}
    inspection.refresh_from_db()
    assert inspection.published_on == PUBLISHED


# --- inspection_transition -------------------------------------------------------------------------------------


def test_an_illegal_step_is_refused_with_a_clear_message(inspection, officer):
    with pytest.raises(TransitionError) as refused:
        inspection_transition(inspection=inspection, by=officer, to_status="submitted", on=date(2022, 2, 25))
    message = str(refused.value)
    assert "“Plan in draft”" in message and "cannot move to “Submitted”" in message
    assert "“Approved by partners”" in message
    inspection.refresh_from_db()
    assert inspection.status == "draft" and inspection.submitted_on is None
    assert not LifecycleEvent.objects.filter(inspection=inspection).exists()


def test_approval_before_july_2022_needs_the_council_and_the_ccg(inspection, officer, area):
    ccg, icb = CcgThenIcbFactory.create(area)
    with pytest.raises(TransitionError) as refused:
        inspection_transition(inspection=inspection, by=officer, to_status="approved", on=date(2022, 2, 20))
    assert "Barnsley Metropolitan Borough Council" in str(refused.value)
    assert ccg.name in str(refused.value) and icb.name not in str(refused.value)

    approval_record(inspection=inspection, by=officer, organisation=area.local_authority,
                    approved_by="Cabinet member for children's services", approved_on=date(2022, 2, 18))
    with pytest.raises(TransitionError, match=ccg.name):
        inspection_transition(inspection=inspection, by=officer, to_status="approved", on=date(2022, 2, 20))

    approval_record(inspection=inspection, by=officer, organisation=ccg.name, approved_by="CCG governing body",
                    approved_on=date(2022, 2, 19))
    approved = inspection_transition(inspection=inspection, by=officer, to_status="approved", on=date(2022, 2, 20))
    assert approved.status == "approved"


def test_approval_from_july_2022_needs_the_icb_instead_of_the_ccg(inspection, officer, area):
    ccg, icb = CcgThenIcbFactory.create(area)
    for organisation in (area.local_authority, ccg.name):
        approval_record(inspection=inspection, by=officer, organisation=organisation, approved_by="Board",
                        approved_on=date(2022, 6, 20))
    with pytest.raises(TransitionError) as refused:
        inspection_transition(inspection=inspection, by=officer, to_status="approved", on=date(2022, 7, 4))
    assert icb.name in str(refused.value)
    assert ccg.name not in str(refused.value) and area.local_authority not in str(refused.value)


def test_submitting_the_plan_meets_wsoa_due_and_expects_a_fitness_decision(inspection, officer, area,
                                                                          django_capture_on_commit_callbacks):
    recompute(inspection)
    approval_record(inspection=inspection, by=officer, organisation=area.local_authority, approved_by="Cabinet",
                    approved_on=date(2022, 2, 18))
    inspection_transition(inspection=inspection, by=officer, to_status="approved", on=date(2022, 2, 20))
    assert "fitness_decision_due" not in {key for key, _ in stored(inspection)}

    with django_capture_on_commit_callbacks(execute=True):
        inspection_transition(inspection=inspection, by=officer, to_status="submitted", on=date(2022, 2, 25))

    wsoa = wsoa_of(inspection)
    assert wsoa.status == Milestone.Status.MET and wsoa.met_on == date(2022, 2, 25)
    assert stored(inspection)[("fitness_decision_due", 1)].due == date(2022, 3, 11)
    event = LifecycleEvent.objects.get(inspection=inspection, to_status="submitted")
    assert (event.from_status, event.happened_on, event.by) == ("approved", date(2022, 2, 25), officer)


def test_not_fit_then_resubmitted_then_fit_moves_the_schedule_along(inspection, officer, area,
                                                                   django_capture_on_commit_callbacks):
    set_facts(inspection, status="submitted", submitted_on=date(2022, 2, 25))
    with django_capture_on_commit_callbacks(execute=True):
        inspection_transition(inspection=inspection, by=officer, to_status="not_fit", on=date(2022, 3, 10))
    assert stored(inspection)[("resubmission_due", 1)].due == date(2022, 4, 7)
    assert stored(inspection)[("fitness_decision_due", 1)].status == Milestone.Status.MET

    with django_capture_on_commit_callbacks(execute=True):
        inspection_transition(inspection=inspection, by=officer, to_status="resubmitted", on=date(2022, 4, 1))
    schedule = stored(inspection)
    assert schedule[("resubmission_due", 1)].status == Milestone.Status.MET
    assert schedule[("fitness_decision_due", 1)].due == date(2022, 4, 19)  # Easter 2022 not counted
    assert schedule[("fitness_decision_due", 1)].met_on is None

    with django_capture_on_commit_callbacks(execute=True):
        inspection_transition(inspection=inspection, by=officer, to_status="fit", on=date(2022, 4, 14),
                              decision="fit_with_minor")
        inspection_transition(inspection=inspection, by=officer, to_status="accepted", on=date(2022, 4, 14))
    schedule = stored(inspection)
    assert schedule[("fitness_decision_due", 1)].met_on == date(2022, 4, 14)
    assert ("review_meeting", 1) in schedule and ("revisit_due", 1) in schedule


def test_a_decision_that_does_not_match_the_step_is_refused(inspection, officer):
    set_facts(inspection, status="submitted", submitted_on=date(2022, 2, 25))
    with pytest.raises(TransitionError, match="does not match"):
        inspection_transition(inspection=inspection, by=officer, to_status="fit", on=date(2022, 3, 10),
                              decision="not_fit")


# --- milestone_statuses_refresh ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2022, 2, 11), Milestone.Status.UPCOMING),  # 11 working days before
        (TEN_BEFORE, Milestone.Status.DUE_SOON),
        (date(2022, 2, 26), Milestone.Status.DUE_SOON),  # a Saturday, one working day before
        (WSOA_DUE, Milestone.Status.DUE_SOON),
        (FIRST_DAY_OVERDUE, Milestone.Status.OVERDUE),
    ],
)
def test_statuses_move_as_the_days_pass(inspection, today, status):
    recompute(inspection)
    changed = milestone_statuses_refresh(today=today)
    assert wsoa_of(inspection).status == status
    assert changed == (0 if status == Milestone.Status.UPCOMING else 1)
    assert milestone_statuses_refresh(today=today) == 0


def test_a_met_milestone_stays_met_when_statuses_are_refreshed(inspection):
    set_facts(inspection, status="submitted", submitted_on=date(2022, 2, 25))
    recompute(inspection)
    assert milestone_statuses_refresh(today=date(2022, 6, 1)) == 1  # only the fitness decision is overdue
    assert wsoa_of(inspection).status == Milestone.Status.MET


# --- inspection_date_problems -------------------------------------------------------------------------------------

TODAY = date(2022, 1, 10)
GOOD_DATES = {
    "starts_on": date(2021, 9, 20),
    "ends_on": date(2021, 9, 24),
    "letter_dated": date(2021, 11, 15),
    "received_on": RECEIVED,
    "published_on": PUBLISHED,
    "official_deadline": WSOA_DUE,
}


def test_consistent_dates_have_no_problems():
    assert inspection_date_problems(today=TODAY, **GOOD_DATES) == {}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"ends_on": date(2021, 9, 17)}, "ends_on", "end on or after the day it started"),
        ({"received_on": date(2021, 9, 23)}, "received_on", "cannot be received before the inspection ended"),
        ({"published_on": date(2021, 11, 16)}, "published_on", "cannot be published before it was received"),
        ({"received_on": None, "published_on": date(2021, 9, 23)}, "published_on", "before the inspection ended"),
        ({"received_on": date(2022, 1, 11), "published_on": None}, "received_on", "cannot be in the future"),
        ({"published_on": date(2022, 2, 1)}, "published_on", "cannot be in the future"),
        ({"letter_dated": date(2022, 1, 11)}, "letter_dated", "Date on the letter cannot be in the future"),
        ({"official_deadline": date(2024, 2, 28)}, "official_deadline", "more than two years away"),
        ({"official_deadline": date(2021, 9, 24)}, "official_deadline", "after the inspection ended"),
    ],
)
def test_each_impossible_date_is_reported_beside_its_field(changes, field, words):
    problems = inspection_date_problems(today=TODAY, **{**GOOD_DATES, **changes})
    assert list(problems) == [field]
    assert words in problems[field]


def test_create_refuses_impossible_dates_and_saves_nothing(officer, area):
    dates = {**BARNSLEY_DATES, "received_on": date(2021, 9, 23), "published_on": date(2022, 1, 11)}
    with pytest.raises(InspectionError) as refused:
        inspection_create(by=officer, area=area, today=TODAY, **dates)
    assert set(refused.value.message_dict) == {"received_on", "published_on"}
    assert not Inspection.objects.exists()
