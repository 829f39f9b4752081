"""The deadline table as data: the default rules and their sources, administrators' edits, and what is refused."""

from dataclasses import replace
from datetime import date

import pytest

from inspections.deadline_table import DEFAULT_RULES, MILESTONE_KEYS, RuleError
from inspections.deadlines import InspectionFacts, milestones_for
from tests.inspections.milestone_facts import (
    BARNSLEY_DEADLINE,
    BARNSLEY_PUBLISHED,
    BARNSLEY_RECEIVED,
    default_rule,
    keys_of,
    only,
    rules_with,
    wsoa_inspection,
)

# Rules are data that administrators can change.


def test_default_rules_cover_every_milestone_key():
    assert {rule.milestone for rule in DEFAULT_RULES} == set(MILESTONE_KEYS)


def test_default_rule_keys_are_unique():
    keys = [rule.key for rule in DEFAULT_RULES]
    assert len(keys) == len(set(keys))


def test_every_default_rule_states_its_source():
    assert all(rule.source.strip() for rule in DEFAULT_RULES)


def test_default_rules_carry_the_numbers_from_the_deadline_table():
    assert (default_rule("wsoa_due_from_received").amount, default_rule("wsoa_due_from_received").unit) == (
        70,
        "working_days",
    )
    assert default_rule("fitness_decision_after_submission").amount == 10
    assert default_rule("resubmission_after_not_fit").amount == 20
    meetings = default_rule("review_meetings_after_acceptance")
    assert (meetings.repeat_every_months, meetings.repeat_within_months, meetings.repeat_at_least) == (
        3,
        18,
        4,
    )
    assert (
        default_rule("revisit_after_acceptance").amount,
        default_rule("revisit_after_acceptance").unit,
    ) == (
        18,
        "months",
    )
    assert default_rule("app_review_after_revisit").amount == 6
    assert default_rule("priority_action_plan_after_received").amount == 30
    assert default_rule("strategic_plan_after_received").amount == 30
    assert default_rule("monitoring_inspection_after_received").amount == 18
    assert (
        default_rule("next_inspection_outcome_1").amount,
        default_rule("next_inspection_outcome_1").unit,
    ) == (
        5,
        "years",
    )
    assert default_rule("next_inspection_outcomes_2_and_3").amount == 3


def test_an_administrator_changing_the_wsoa_period_changes_the_deadline():
    sixty_days = replace(default_rule("wsoa_due_from_received"), amount=60)
    milestones = milestones_for(
        wsoa_inspection(received=BARNSLEY_RECEIVED), rules=rules_with(wsoa_due_from_received=sixty_days)
    )
    assert only(milestones, "wsoa_due").due == date(2022, 2, 14)
    assert only(milestones, "wsoa_due").explanation.startswith("60 working days after")


def test_an_administrator_confirming_a_timescale_changes_its_confidence():
    confirmed = replace(default_rule("fitness_decision_after_submission"), amount=15, confidence="guidance")
    facts = wsoa_inspection(submitted=date(2022, 2, 25))
    decision = only(
        milestones_for(facts, rules=rules_with(fitness_decision_after_submission=confirmed)),
        "fitness_decision_due",
    )
    assert decision.due == date(2022, 3, 18)
    assert decision.confidence == "guidance"


def test_dropping_a_rule_drops_its_milestone():
    facts = wsoa_inspection(received=BARNSLEY_RECEIVED, accepted=date(2022, 5, 31))
    milestones = milestones_for(facts, rules=rules_with(revisit_after_acceptance=None))
    assert "revisit_due" not in keys_of(milestones)
    assert "wsoa_due" in keys_of(milestones)


def test_dropping_the_received_rule_falls_back_to_the_estimated_publication_rule():
    facts = wsoa_inspection(received=BARNSLEY_RECEIVED, published=BARNSLEY_PUBLISHED)
    wsoa = only(milestones_for(facts, rules=rules_with(wsoa_due_from_received=None)), "wsoa_due")
    assert wsoa.due == date(2022, 3, 2)
    assert wsoa.estimated


def test_an_administrator_can_stop_the_official_deadline_overriding_a_rule():
    ignore_official = replace(default_rule("wsoa_due_from_received"), official_deadline_overrides=False)
    facts = wsoa_inspection(received=BARNSLEY_RECEIVED, official_deadline=date(2022, 3, 4))
    wsoa = only(milestones_for(facts, rules=rules_with(wsoa_due_from_received=ignore_official)), "wsoa_due")
    assert wsoa.due == BARNSLEY_DEADLINE
    assert not wsoa.official


def test_a_rule_in_years_or_working_days_can_replace_a_rule_in_months():
    in_working_days = replace(default_rule("revisit_after_acceptance"), amount=5, unit="working_days")
    facts = wsoa_inspection(accepted=date(2022, 6, 1))
    revisit = only(
        milestones_for(facts, rules=rules_with(revisit_after_acceptance=in_working_days)), "revisit_due"
    )
    assert revisit.due == date(2022, 6, 10)  # skips the Jubilee days 2 and 3 June


def test_rules_can_be_any_iterable_such_as_a_list_loaded_from_the_database():
    milestones = milestones_for(wsoa_inspection(received=BARNSLEY_RECEIVED), rules=list(DEFAULT_RULES))
    assert only(milestones, "wsoa_due").due == BARNSLEY_DEADLINE


@pytest.mark.parametrize(
    "bad_field",
    [
        {"milestone": "wsoa_late"},
        {"framework": "2019"},
        {"anchor": "visited"},
        {"unit": "weeks"},
        {"confidence": "probably"},
        {"roll": "nearest"},
        {"amount": -1},
    ],
)
def test_a_rule_that_cannot_be_applied_is_refused_when_it_is_built(bad_field):
    with pytest.raises(RuleError):
        replace(default_rule("wsoa_due_from_received"), **bad_field)


def test_a_rule_built_from_database_lists_behaves_like_one_built_from_sets():
    from_json = replace(default_rule("priority_action_plan_after_received"), applies_to_outcomes=[3])
    assert from_json.applies_to_outcomes == frozenset({3})
    assert hash(from_json) == hash(default_rule("priority_action_plan_after_received"))


def test_a_repeating_rule_needs_a_window_or_a_minimum():
    with pytest.raises(RuleError):
        replace(
            default_rule("review_meetings_after_acceptance"), repeat_within_months=None, repeat_at_least=0
        )


@pytest.mark.parametrize(
    "bad_facts",
    [
        {"framework": "2019"},
        {"framework": "2023", "outcome": 4},
        {"framework": "2016", "decision": "fit-ish"},
        {"framework": "2016", "revisit_progress": "some"},
    ],
)
def test_facts_that_cannot_be_interpreted_are_refused(bad_facts):
    with pytest.raises(ValueError):
        InspectionFacts(**bad_facts)
