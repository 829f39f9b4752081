"""The plan as it stood at the end of a day, read from the history and the rating events of a plan written through
the services with pinned clocks, agrees with what the live pages showed on each of those days."""
from datetime import date

import pytest
import time_machine
from django.conf import settings

from actions import services
from actions.action_as_of import action_page_as_of
from actions.models import Action
from actions.past_day import LONDON
from actions.plan_as_of import actions_matching, leads_then, plan_as_of
from actions.selectors import ActionFilters
from tests.actions.factories import ActionFactory, StrandFactory
from tests.actions.plan_story import SET_UP, TODAY, Story, at, story_written
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

# The late update: posted on 3 March for February, so the pages showed it from 3 March; its rating counts
# from 28 February (the month it is for), as the rating events say.
LATE_UPDATE_DAY = date(2025, 2, 28)


@pytest.fixture
def story() -> Story:
    return story_written()


def _rows(past) -> dict[str, tuple]:
    strands = {strand.pk: strand.number for strand in past.strands}
    return {
        action.reference: (strands[action.strand_id], action.title, action.lead_display, action.due_date,
                           action.ongoing, action.completed_on, action.rating, action.rating_reason)
        for action in past.actions
    }


def test_the_service_time_zone_is_the_one_days_end_in():
    assert str(LONDON) == settings.TIME_ZONE


def test_each_day_of_the_story_reads_as_the_live_pages_showed_it(story: Story):
    for day, seen in story.seen.items():
        past = plan_as_of(story.plan, day)
        assert _rows(past) == seen, day
        assert story.counts_seen[day] == {
            item.entry.key: item.count for item in past.overview.totals
        }, day


def test_days_between_the_steps_read_as_the_step_before(story: Story):
    assert _rows(plan_as_of(story.plan, date(2025, 1, 31))) == story.seen[SET_UP]
    assert _rows(plan_as_of(story.plan, date(2025, 3, 31))) == story.seen[date(2025, 3, 14)]
    assert _rows(plan_as_of(story.plan, TODAY)) == story.seen[date(2025, 5, 2)]


def test_a_late_update_counts_from_the_last_day_of_its_month(story: Story):
    on_the_28th = _rows(plan_as_of(story.plan, LATE_UPDATE_DAY))
    assert story.seen[date(2025, 2, 14)]["1.2"][6] == "not_started"  # the page did not have it yet
    assert on_the_28th["1.2"][6] == "green"
    assert _rows(plan_as_of(story.plan, date(2025, 2, 27)))["1.2"][6] == "not_started"


def test_ratings_and_reasons_come_from_updates_and_edits(story: Story):
    before, after = (_rows(plan_as_of(story.plan, day))["1.1"] for day in (date(2025, 2, 13), date(2025, 2, 14)))
    assert before[6:] == ("green", "")
    assert after[6:] == ("amber", "Two auditors left")
    done = _rows(plan_as_of(story.plan, date(2025, 5, 2)))["1.1"]
    assert done[5:7] == (date(2025, 5, 2), "blue")


def test_a_moved_due_date_and_a_changed_lead_show_from_the_day_they_changed(story: Story):
    day_before, day_of = (plan_as_of(story.plan, day) for day in (date(2025, 3, 13), date(2025, 3, 14)))
    assert _rows(day_before)["1.1"][3] == date(2025, 3, 31)
    assert _rows(day_of)["1.1"][3] == date(2025, 6, 30)
    assert (_rows(day_before)["2.1"][2], _rows(day_of)["2.1"][2]) == ("Jo Smith", "Sam Okafor")


def test_an_action_added_later_and_one_removed_later(story: Story):
    assert set(_rows(plan_as_of(story.plan, date(2025, 3, 31)))) == {"1.1", "1.2", "2.1"}
    april = plan_as_of(story.plan, date(2025, 4, 14))
    assert set(_rows(april)) == {"1.1", "1.2", "1.3", "2.1"}
    removed = next(action for action in april.actions if action.reference == "2.1")
    assert removed.removed_since and (removed.rating, removed.lead_display) == ("amber", "Sam Okafor")
    assert set(_rows(plan_as_of(story.plan, date(2025, 4, 15)))) == {"1.1", "1.2", "1.3"}


def test_before_the_plan_existed_there_is_nothing(story: Story, django_assert_num_queries):
    with django_assert_num_queries(0):
        past = plan_as_of(story.plan, SET_UP.replace(day=5))
    assert not past.existed and past.actions == [] and past.overview.total == 0


def test_a_renamed_strand_keeps_its_old_title_on_earlier_days_and_its_weaknesses(story: Story):
    april, may = (plan_as_of(story.plan, day) for day in (date(2025, 4, 30), date(2025, 5, 2)))
    assert [str(strand) for strand in april.strands] == ["1. EHC plans", "2. Commissioning"]
    assert str(may.strands[0]) == "1. EHC plans and reviews"
    weakness = april.weaknesses[0]
    assert april.strands[0].weakness_ids == (weakness.pk,) and april.strands[1].weakness_ids == ()
    assert april.counts_by_weakness == {weakness.pk: {"amber": 1, "green": 1, "red": 1}}
    assert april.strands[0].subgroup.lead.first_name == "Sam"
    [first, second, unlinked] = april.overview.groups
    assert first.weakness == weakness and [summary.strand.number for summary in first.strands] == [1]
    assert second.strands == [] and [summary.strand.number for summary in unlinked.strands] == [2]


def test_the_action_list_filters_read_the_past_day(story: Story):
    march = plan_as_of(story.plan, date(2025, 3, 13))

    def references(**chosen) -> list[str]:
        return [action.reference for action in actions_matching(march, ActionFilters(**chosen))]

    assert references() == ["1.1", "1.2", "2.1"]
    assert references(rating="amber") == ["1.1", "2.1"]
    assert references(search="TRAIN") == ["1.2"]
    assert references(due_this_quarter=True) == ["1.1"]  # Q4 of 2024/25 ends 31 March
    assert references(strand=story.strands[2]) == ["2.1"]
    assert leads_then(march) == [(story.people["jo"].pk, "Jo Smith")]
    april = plan_as_of(story.plan, date(2025, 4, 1))
    assert [action.reference for action in actions_matching(april, ActionFilters(overdue=True))] == []
    late = plan_as_of(story.plan, date(2025, 5, 1))
    assert [action.reference for action in actions_matching(late, ActionFilters(overdue=True))] == ["1.3"]


def test_the_action_page_then_has_the_updates_posted_by_then_and_the_history_up_to_then(story: Story):
    admin = story.people["admin"]
    early = action_page_as_of(story.actions["1.1"], date(2025, 2, 13), user=admin)
    assert early.updates == [] and early.action.rating == "green"
    assert [line.text.split(",")[0] for line in early.history] == ["Action added"]
    later = action_page_as_of(story.actions["1.1"], date(2025, 3, 14), user=admin)
    assert [update.narrative for update in later.updates] == ["Half the audits done."]
    assert later.action.due_date == date(2025, 6, 30) and str(later.action.strand) == "1. EHC plans"
    assert any("Due date" in line.text for line in later.history)
    assert not any("Due date" in line.text for line in action_page_as_of(
        story.actions["1.1"], date(2025, 3, 13), user=admin).history)


def test_the_action_page_of_a_removed_action_or_one_not_added_yet_says_when(story: Story):
    admin = story.people["admin"]
    gone = action_page_as_of(story.actions["2.1"], date(2025, 5, 1), user=admin)
    assert gone.action is None and gone.removed_on == date(2025, 4, 15)
    there = action_page_as_of(story.actions["2.1"], date(2025, 4, 14), user=admin)
    assert there.action.lead_display == "Sam Okafor" and there.action.removed_since is False
    not_yet = action_page_as_of(story.actions["1.3"], date(2025, 3, 31), user=admin)
    assert not_yet.action is None and not_yet.added_on == date(2025, 4, 1)


def test_another_areas_action_is_not_found_on_any_day(story: Story, make_user):
    from actions.models import Plan
    from tests.inspections.factories import LocalAreaFactory

    stranger = make_user(Role.ADMINISTRATOR, "stranger@test.example.org", areas=[LocalAreaFactory(name="Elsewhere")])
    with pytest.raises(Plan.DoesNotExist):
        action_page_as_of(story.actions["1.1"], date(2025, 3, 14), user=stranger)


def test_a_change_just_before_midnight_counts_for_that_day_and_just_after_for_the_next(db):
    with time_machine.travel(at(date(2025, 3, 1)), tick=False):
        strand = StrandFactory()
        admin = strand.subgroup.lead
        action = services.action_create(strand=strand, by=admin, reference="1.1", title="A", rating="green",
                                        due_date=date(2025, 12, 31))
    # 23:59 on Sunday 30 March 2025, the first day of British Summer Time (22:59 UTC).
    with time_machine.travel(at(date(2025, 3, 30), 23, 59), tick=False):
        services.action_update(action=action, by=admin, expected_version=1, title="B")
    with time_machine.travel(at(date(2025, 3, 31), 0, 1), tick=False):
        action.refresh_from_db()
        services.action_update(action=action, by=admin, expected_version=action.version, title="C")
    titles = [plan_as_of(strand.plan, day).actions[0].title for day in (date(2025, 3, 29), date(2025, 3, 30),
                                                                        date(2025, 3, 31))]
    assert titles == ["A", "B", "C"]


def test_the_plan_on_a_day_is_a_fixed_number_of_queries_whatever_its_size(postgres_db, django_assert_num_queries):
    with time_machine.travel(at(date(2025, 3, 1)), tick=False):
        strand = StrandFactory()
        plan = strand.plan
        for n in range(10):
            ActionFactory(strand=strand, reference=f"1.{n}")
    with time_machine.travel(at(date(2025, 6, 1)), tick=False):
        with django_assert_num_queries(5):
            assert len(plan_as_of(plan, date(2025, 4, 1)).actions) == 10
        for n in range(10, 200):
            ActionFactory(strand=StrandFactory(plan=plan) if n % 50 == 0 else strand, reference=f"2.{n}")
        with django_assert_num_queries(5):
            assert len(plan_as_of(plan, date(2025, 6, 1)).actions) == 200


def test_an_action_without_events_takes_its_rating_from_its_history(db):
    # Written around the services (a factory): no rating events, as for an action removed with its events.
    with time_machine.travel(at(date(2025, 3, 1)), tick=False):
        action = ActionFactory(rating="amber", rating_reason="Slipped")
    assert not action.rating_events.exists()
    [past] = plan_as_of(action.plan, date(2025, 3, 2)).actions
    assert (past.rating, past.rating_reason) == ("amber", "Slipped")
    assert Action.objects.count() == 1
