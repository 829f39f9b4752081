"""Deadlines after an area SEND inspection (2023 framework): the plans each outcome needs and the next inspection.

Expected dates were counted by hand on a printed calendar, not taken from the code.
"""

from datetime import date

import pytest

from inspections.deadlines import milestones_for
from tests.inspections.milestone_facts import (
    BARNSLEY_PUBLISHED,
    BARNSLEY_RECEIVED,
    area_send_inspection,
    keys_of,
    only,
    wsoa_inspection,
)

# Area SEND inspections (2023 framework).


def test_priority_action_plan_due_30_working_days_after_received_across_easter_and_the_coronation():
    plan = only(
        milestones_for(area_send_inspection(outcome=3, received=date(2023, 3, 22))),
        "priority_action_plan_due",
    )
    assert plan.due == date(2023, 5, 9)
    assert plan.confidence == "not confirmed"
    for skipped in ("7 April 2023", "10 April 2023", "1 May 2023", "8 May 2023"):
        assert skipped in plan.explanation


@pytest.mark.parametrize("outcome", [1, 2, None])
def test_no_priority_action_plan_unless_outcome_3(outcome):
    milestones = milestones_for(area_send_inspection(outcome=outcome, received=date(2023, 3, 22)))
    assert "priority_action_plan_due" not in keys_of(milestones)


@pytest.mark.parametrize("outcome", [1, 2, 3, None])
def test_strategic_plan_due_30_working_days_after_received_for_every_outcome(outcome):
    milestones = milestones_for(area_send_inspection(outcome=outcome, received=date(2023, 3, 22)))
    strategic_plan = only(milestones, "strategic_plan_due")
    assert strategic_plan.due == date(2023, 5, 9)
    assert strategic_plan.confidence == "secondary source"


def test_monitoring_inspection_about_18_months_after_an_outcome_3_letter_is_approximate():
    monitoring = only(
        milestones_for(area_send_inspection(outcome=3, received=date(2023, 3, 22))),
        "monitoring_inspection_due",
    )
    assert monitoring.due == date(2024, 9, 20)  # 22 September 2024 was a Sunday
    assert monitoring.approximate and not monitoring.estimated
    assert monitoring.confidence == "framework"
    assert "about 18 months" in monitoring.source


@pytest.mark.parametrize("outcome", [1, 2])
def test_no_monitoring_inspection_after_outcome_1_or_2(outcome):
    milestones = milestones_for(area_send_inspection(outcome=outcome, received=date(2023, 3, 22)))
    assert "monitoring_inspection_due" not in keys_of(milestones)


def test_next_full_inspection_within_5_years_after_outcome_1():
    facts = area_send_inspection(outcome=1, published=date(2023, 3, 29))
    assert only(milestones_for(facts), "next_inspection_due").due == date(2028, 3, 29)


@pytest.mark.parametrize("outcome", [2, 3])
def test_next_full_inspection_within_3_years_after_outcome_2_or_3(outcome):
    facts = area_send_inspection(outcome=outcome, published=date(2023, 3, 29))
    # 29 March 2026 is a Sunday, and a latest date moves back to the Friday.
    assert only(milestones_for(facts), "next_inspection_due").due == date(2026, 3, 27)


def test_next_full_inspection_from_a_leap_day_publication_falls_at_the_end_of_february():
    facts = area_send_inspection(outcome=2, published=date(2024, 2, 29))
    # 29 February 2027 does not exist; 28 February 2027 is a Sunday.
    assert only(milestones_for(facts), "next_inspection_due").due == date(2027, 2, 26)


def test_no_next_inspection_date_until_the_outcome_is_known():
    milestones = milestones_for(area_send_inspection(received=date(2023, 3, 22), published=date(2023, 3, 29)))
    assert keys_of(milestones) == {"strategic_plan_due"}


def test_priority_action_plan_fitness_decision_and_resubmission_follow_the_2016_practice():
    facts = area_send_inspection(
        outcome=3, submitted=date(2023, 5, 9), decision="not_fit", decided=date(2023, 5, 24)
    )
    milestones = milestones_for(facts)
    assert only(milestones, "fitness_decision_due").due == date(2023, 5, 23)
    assert only(milestones, "resubmission_due").due == date(2023, 6, 22)  # skips the spring bank holiday


def test_frameworks_do_not_borrow_each_others_milestones():
    area_send = milestones_for(
        area_send_inspection(outcome=3, received=BARNSLEY_RECEIVED, accepted=date(2022, 5, 31))
    )
    assert keys_of(area_send).isdisjoint({"wsoa_due", "review_meeting", "revisit_due"})
    joint_2016 = milestones_for(wsoa_inspection(received=BARNSLEY_RECEIVED, published=BARNSLEY_PUBLISHED))
    assert keys_of(joint_2016) == {"wsoa_due"}


def test_official_deadline_overrides_the_priority_action_plan_date():
    facts = area_send_inspection(outcome=3, received=date(2023, 3, 22), official_deadline=date(2023, 5, 12))
    plan = only(milestones_for(facts), "priority_action_plan_due")
    assert plan.due == date(2023, 5, 12)
    assert plan.official
    # The strategic plan has no official deadline of its own.
    assert only(milestones_for(facts), "strategic_plan_due").due == date(2023, 5, 9)


# A whole inspection, start to finish.


def test_every_2023_outcome_3_milestone_in_due_date_order():
    facts = area_send_inspection(outcome=3, received=date(2023, 3, 22), published=date(2023, 3, 29))
    assert [(m.key, m.due) for m in milestones_for(facts)] == [
        ("priority_action_plan_due", date(2023, 5, 9)),
        ("strategic_plan_due", date(2023, 5, 9)),
        ("monitoring_inspection_due", date(2024, 9, 20)),
        ("next_inspection_due", date(2026, 3, 27)),
    ]


# Only the publication date known: the outcome 3 milestones are estimated from it, as the 2016 deadline is.


def test_with_only_a_publication_date_outcome_3_still_gets_its_plans_and_monitoring_inspection_estimated():
    milestones = milestones_for(area_send_inspection(outcome=3, published=date(2023, 3, 29)))
    plan = only(milestones, "priority_action_plan_due")
    # 30 working days after Wednesday 29 March 2023, not counting Good Friday, Easter Monday, the May bank
    # holidays and the coronation.
    assert plan.due == date(2023, 5, 16)
    assert plan.estimated and not plan.approximate
    assert "estimated from publication" in plan.label
    assert "counted from publication" in plan.source
    strategic = only(milestones, "strategic_plan_due")
    assert (strategic.due, strategic.estimated) == (date(2023, 5, 16), True)
    monitoring = only(milestones, "monitoring_inspection_due")
    assert monitoring.due == date(2024, 9, 27)  # 29 September 2024 is a Sunday
    assert monitoring.estimated and monitoring.approximate
    assert only(milestones, "next_inspection_due").approximate


def test_a_known_date_of_receipt_wins_over_the_estimate_from_publication():
    facts = area_send_inspection(outcome=3, received=date(2023, 3, 22), published=date(2023, 3, 29))
    plan = only(milestones_for(facts), "priority_action_plan_due")
    assert (plan.due, plan.estimated, plan.rule_key) == (date(2023, 5, 9), False, "priority_action_plan_after_received")


@pytest.mark.parametrize("outcome", [1, 2])
def test_with_only_a_publication_date_outcomes_1_and_2_get_no_priority_action_plan(outcome):
    milestones = milestones_for(area_send_inspection(outcome=outcome, published=date(2023, 3, 29)))
    assert "priority_action_plan_due" not in keys_of(milestones)
    assert "monitoring_inspection_due" not in keys_of(milestones)
    assert only(milestones, "strategic_plan_due").estimated
