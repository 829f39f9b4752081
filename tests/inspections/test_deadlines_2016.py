"""Deadlines after a joint area SEND inspection (2016 framework): the Written Statement of Action and what follows.

Expected dates were counted by hand on a printed calendar, not taken from the code.
"""

from dataclasses import replace
from datetime import date

import pytest

from inspections.calendar import WorkingDayCalendar
from inspections.dates import long_date
from inspections.deadlines import InspectionFacts, milestones_for
from tests.inspections.milestone_facts import (
    BARNSLEY_DEADLINE,
    BARNSLEY_PUBLISHED,
    BARNSLEY_RECEIVED,
    area_send_inspection,
    default_rule,
    due_dates,
    keys_of,
    only,
    rules_with,
    wsoa_inspection,
)

# The real case: Barnsley.


def test_wsoa_due_70_working_days_after_barnsley_received_its_letter():
    wsoa = only(milestones_for(wsoa_inspection(received=BARNSLEY_RECEIVED)), "wsoa_due")
    assert wsoa.due == BARNSLEY_DEADLINE
    assert not wsoa.estimated
    assert not wsoa.official
    assert wsoa.confidence == "statutory"
    assert wsoa.rule_key == "wsoa_due_from_received"
    assert wsoa.anchor == "received"
    assert wsoa.anchor_date == BARNSLEY_RECEIVED
    assert wsoa.sequence == 1


def test_wsoa_explanation_says_what_was_counted_from_and_which_bank_holidays_were_skipped():
    wsoa = only(milestones_for(wsoa_inspection(received=BARNSLEY_RECEIVED)), "wsoa_due")
    assert wsoa.explanation.startswith("70 working days after the letter was received on 17 November 2021")
    assert "27 December 2021" in wsoa.explanation
    assert "28 December 2021" in wsoa.explanation
    assert "3 January 2022" in wsoa.explanation


def test_long_dates_are_written_out_without_a_leading_zero():
    assert long_date(date(2022, 1, 3)) == "3 January 2022"


def test_wsoa_due_counted_from_barnsley_publication_is_estimated_and_two_days_late():
    wsoa = only(milestones_for(wsoa_inspection(published=BARNSLEY_PUBLISHED)), "wsoa_due")
    assert wsoa.due == date(2022, 3, 2)
    assert wsoa.estimated
    assert wsoa.rule_key == "wsoa_due_from_published"
    assert "after the letter was published on 19 November 2021" in wsoa.explanation
    assert "Estimated" in wsoa.explanation


def test_wsoa_due_prefers_the_date_received_over_the_date_published():
    facts = wsoa_inspection(received=BARNSLEY_RECEIVED, published=BARNSLEY_PUBLISHED)
    wsoa = only(milestones_for(facts), "wsoa_due")
    assert wsoa.due == BARNSLEY_DEADLINE
    assert not wsoa.estimated


def test_wsoa_due_respects_local_non_working_days_from_the_calendar():
    calendar = WorkingDayCalendar([date(2021, 12, 1)])
    milestones = milestones_for(wsoa_inspection(received=BARNSLEY_RECEIVED), calendar=calendar)
    assert only(milestones, "wsoa_due").due == date(2022, 3, 1)


# The official deadline from Ofsted's covering letter.


def test_official_deadline_overrides_the_computed_wsoa_date():
    facts = wsoa_inspection(received=BARNSLEY_RECEIVED, official_deadline=date(2022, 3, 4))
    wsoa = only(milestones_for(facts), "wsoa_due")
    assert wsoa.due == date(2022, 3, 4)
    assert wsoa.official
    assert not wsoa.estimated
    assert wsoa.explanation.startswith("Official deadline from Ofsted's covering letter: 4 March 2022.")
    assert "would give 28 February 2022" in wsoa.explanation


def test_official_deadline_that_agrees_with_the_count_does_not_mention_a_difference():
    facts = wsoa_inspection(received=BARNSLEY_RECEIVED, official_deadline=BARNSLEY_DEADLINE)
    wsoa = only(milestones_for(facts), "wsoa_due")
    assert wsoa.official
    assert "would give" not in wsoa.explanation


def test_official_deadline_makes_a_publication_based_date_no_longer_estimated():
    facts = wsoa_inspection(published=BARNSLEY_PUBLISHED, official_deadline=BARNSLEY_DEADLINE)
    wsoa = only(milestones_for(facts), "wsoa_due")
    assert wsoa.due == BARNSLEY_DEADLINE
    assert not wsoa.estimated


def test_official_deadline_alone_produces_the_wsoa_milestone_without_an_anchor_date():
    wsoa = only(milestones_for(wsoa_inspection(official_deadline=BARNSLEY_DEADLINE)), "wsoa_due")
    assert wsoa.due == BARNSLEY_DEADLINE
    assert wsoa.official
    assert wsoa.anchor_date is None


def test_official_deadline_does_not_move_milestones_it_is_not_about():
    facts = wsoa_inspection(
        received=BARNSLEY_RECEIVED, official_deadline=date(2022, 3, 4), submitted=date(2022, 2, 25)
    )
    assert only(milestones_for(facts), "fitness_decision_due").due == date(2022, 3, 11)


# When a Written Statement of Action is not required, none of its milestones exist.


@pytest.mark.parametrize("wsoa_required", [False, None])
def test_no_wsoa_milestones_without_a_decision_that_a_wsoa_is_required(wsoa_required):
    facts = InspectionFacts(
        framework="2016",
        wsoa_required=wsoa_required,
        received=BARNSLEY_RECEIVED,
        published=BARNSLEY_PUBLISHED,
        official_deadline=BARNSLEY_DEADLINE,
        submitted=date(2022, 2, 25),
        decision="not_fit",
        decided=date(2022, 3, 10),
        accepted=date(2022, 5, 31),
        revisit_published=date(2023, 11, 30),
    )
    assert milestones_for(facts) == []


def test_no_milestones_at_all_when_no_dates_are_known():
    assert milestones_for(wsoa_inspection()) == []
    assert milestones_for(area_send_inspection(outcome=3)) == []


# Fitness decision and resubmission.


def test_fitness_decision_expected_10_working_days_after_submission():
    decision = only(milestones_for(wsoa_inspection(submitted=date(2022, 2, 25))), "fitness_decision_due")
    assert decision.due == date(2022, 3, 11)
    assert decision.confidence == "not confirmed"
    assert decision.explanation.startswith("10 working days after the plan was submitted on 25 February 2022")


def test_no_fitness_decision_milestone_before_the_plan_is_submitted():
    assert "fitness_decision_due" not in keys_of(milestones_for(wsoa_inspection(received=BARNSLEY_RECEIVED)))


def test_fitness_decision_after_a_resubmission_is_counted_from_the_resubmission_across_easter():
    facts = wsoa_inspection(
        submitted=date(2022, 2, 25),
        decision="not_fit",
        decided=date(2022, 3, 10),
        resubmitted=date(2022, 4, 7),
    )
    decision = only(milestones_for(facts), "fitness_decision_due")
    assert decision.due == date(2022, 4, 25)
    assert decision.rule_key == "fitness_decision_after_resubmission"


def test_resubmission_due_20_working_days_after_a_not_fit_decision():
    facts = wsoa_inspection(submitted=date(2022, 2, 25), decision="not_fit", decided=date(2022, 3, 10))
    resubmission = only(milestones_for(facts), "resubmission_due")
    assert resubmission.due == date(2022, 4, 7)
    assert resubmission.explanation.startswith("20 working days after the fitness decision on 10 March 2022")


@pytest.mark.parametrize("decision", ["fit", "fit_with_minor", None])
def test_no_resubmission_unless_the_plan_was_judged_not_fit(decision):
    facts = wsoa_inspection(submitted=date(2022, 2, 25), decision=decision, decided=date(2022, 3, 10))
    assert "resubmission_due" not in keys_of(milestones_for(facts))


def test_no_resubmission_while_the_date_of_a_not_fit_decision_is_unknown():
    facts = wsoa_inspection(submitted=date(2022, 2, 25), decision="not_fit")
    assert "resubmission_due" not in keys_of(milestones_for(facts))


# Review meetings, the revisit and the Accelerated Progress Plan.


def test_review_meetings_every_3_months_for_18_months_after_acceptance():
    meetings = [
        m for m in milestones_for(wsoa_inspection(accepted=date(2022, 5, 31))) if m.key == "review_meeting"
    ]
    assert [meeting.sequence for meeting in meetings] == [1, 2, 3, 4, 5, 6]
    # Each is counted from the acceptance date, so a short month does not drag later meetings earlier.
    assert [meeting.due for meeting in meetings] == [
        date(2022, 8, 31),
        date(2022, 11, 30),
        date(2023, 2, 28),
        date(2023, 5, 31),
        date(2023, 8, 31),
        date(2023, 11, 30),
    ]
    assert [meeting.label for meeting in meetings][:2] == [
        "DfE/NHS England review meeting 1",
        "DfE/NHS England review meeting 2",
    ]


def test_review_meeting_on_a_bank_holiday_or_weekend_moves_to_the_working_day_before():
    milestones = milestones_for(wsoa_inspection(accepted=date(2022, 3, 2)))
    assert due_dates(milestones, "review_meeting") == [
        date(2022, 6, 1),  # 2 June 2022 was the moved spring bank holiday
        date(2022, 9, 2),
        date(2022, 12, 2),
        date(2023, 3, 2),
        date(2023, 6, 2),
        date(2023, 9, 1),  # 2 September 2023 was a Saturday
    ]
    first = only([m for m in milestones if m.sequence == 1], "review_meeting")
    assert "2 June 2022 is not a working day" in first.explanation


def test_review_meetings_never_fewer_than_the_minimum_when_the_cadence_is_slower():
    six_monthly = replace(default_rule("review_meetings_after_acceptance"), repeat_every_months=6)
    milestones = milestones_for(
        wsoa_inspection(accepted=date(2022, 3, 2)),
        rules=rules_with(review_meetings_after_acceptance=six_monthly),
    )
    assert due_dates(milestones, "review_meeting") == [
        date(2022, 9, 2),
        date(2023, 3, 2),
        date(2023, 9, 1),
        date(2024, 3, 1),  # 2 March 2024 was a Saturday
    ]


def test_review_meeting_cadence_and_window_are_rule_fields():
    bimonthly_for_a_year = replace(
        default_rule("review_meetings_after_acceptance"), repeat_every_months=2, repeat_within_months=12
    )
    milestones = milestones_for(
        wsoa_inspection(accepted=date(2022, 5, 31)),
        rules=rules_with(review_meetings_after_acceptance=bimonthly_for_a_year),
    )
    assert len(due_dates(milestones, "review_meeting")) == 6
    assert due_dates(milestones, "review_meeting")[0] == date(2022, 7, 29)  # 31 July 2022 was a Sunday


def test_revisit_expected_within_18_months_of_acceptance():
    revisit = only(milestones_for(wsoa_inspection(accepted=date(2022, 5, 31))), "revisit_due")
    assert revisit.due == date(2023, 11, 30)
    assert revisit.confidence == "guidance"
    assert revisit.explanation == "18 months after the plan was accepted on 31 May 2022."


def test_revisit_date_on_a_weekend_moves_back_because_it_is_a_latest_date():
    revisit = only(milestones_for(wsoa_inspection(accepted=date(2022, 3, 2))), "revisit_due")
    assert revisit.due == date(2023, 9, 1)
    assert "2 September 2023 is not a working day, so the working day before" in revisit.explanation


def test_no_review_meetings_or_revisit_before_the_plan_is_accepted():
    facts = wsoa_inspection(received=BARNSLEY_RECEIVED, submitted=date(2022, 2, 25))
    assert keys_of(milestones_for(facts)).isdisjoint({"review_meeting", "revisit_due"})


def test_accelerated_progress_plan_review_within_6_months_of_an_insufficient_progress_revisit():
    facts = wsoa_inspection(revisit_published=date(2023, 11, 30), revisit_progress="not_sufficient")
    review = only(milestones_for(facts), "app_review_due")
    assert review.due == date(2024, 5, 30)
    assert "not recorded yet" not in review.explanation


def test_accelerated_progress_plan_review_shows_with_a_caveat_until_the_revisit_judgement_is_recorded():
    review = only(milestones_for(wsoa_inspection(revisit_published=date(2023, 11, 30))), "app_review_due")
    assert review.due == date(2024, 5, 30)
    assert "not recorded yet" in review.explanation


def test_no_accelerated_progress_plan_review_when_the_revisit_found_sufficient_progress():
    facts = wsoa_inspection(revisit_published=date(2023, 11, 30), revisit_progress="sufficient")
    assert "app_review_due" not in keys_of(milestones_for(facts))


def test_accelerated_progress_plan_review_on_a_saturday_moves_back_to_friday():
    facts = wsoa_inspection(revisit_published=date(2023, 12, 1), revisit_progress="not_sufficient")
    assert only(milestones_for(facts), "app_review_due").due == date(2024, 5, 31)


def test_a_rule_can_roll_a_month_based_date_forward_instead():
    roll_forward = replace(default_rule("app_review_after_revisit"), roll="next_working_day")
    facts = wsoa_inspection(revisit_published=date(2023, 12, 1), revisit_progress="not_sufficient")
    review = only(
        milestones_for(facts, rules=rules_with(app_review_after_revisit=roll_forward)), "app_review_due"
    )
    assert review.due == date(2024, 6, 3)
    assert "so the next working day" in review.explanation


# A whole inspection, start to finish.


def test_every_2016_milestone_for_a_full_history_in_due_date_order():
    facts = wsoa_inspection(
        received=BARNSLEY_RECEIVED,
        published=BARNSLEY_PUBLISHED,
        submitted=date(2022, 2, 25),
        decision="not_fit",
        decided=date(2022, 3, 10),
        accepted=date(2022, 5, 31),
        revisit_published=date(2023, 11, 30),
        revisit_progress="not_sufficient",
    )
    milestones = milestones_for(facts)
    assert [(m.key, m.sequence, m.due) for m in milestones] == [
        ("wsoa_due", 1, date(2022, 2, 28)),
        ("fitness_decision_due", 1, date(2022, 3, 11)),
        ("resubmission_due", 1, date(2022, 4, 7)),
        ("review_meeting", 1, date(2022, 8, 31)),
        ("review_meeting", 2, date(2022, 11, 30)),
        ("review_meeting", 3, date(2023, 2, 28)),
        ("review_meeting", 4, date(2023, 5, 31)),
        ("review_meeting", 5, date(2023, 8, 31)),
        ("review_meeting", 6, date(2023, 11, 30)),
        ("revisit_due", 1, date(2023, 11, 30)),
        ("app_review_due", 1, date(2024, 5, 30)),
    ]
