"""The parts of a past day's plan that its pages read in SQL (the overview's counts, a strand's actions, a page of
the action list) agree with the whole plan of that day built in Python by ``plan_as_of``, on every day of a plan
written through the services: an action added later, one removed (its rating events gone with it), a late update,
a reason reworded after the change."""
import dataclasses
from datetime import date

import pytest
import time_machine

from actions import services
from actions.past_counts import actions_counted_as_of
from actions.past_filters import updated_for_month_by
from actions.plan_as_of import actions_matching, leads_then, plan_as_of
from actions.plan_parts_as_of import (
    leads_as_of,
    plan_overview_as_of,
    rating_counts_as_of,
    records_matching,
    rows_then,
    strand_choices_as_of,
    strand_page_as_of,
)
from actions.selectors import NARROWING, ActionFilters
from tests.actions.factories import StrandFactory
from tests.actions.plan_story import SET_UP, TODAY, Story, at, story_written

pytestmark = pytest.mark.django_db

# Every day of the story, the days between its steps, the late update's month end, the day before and after the
# removal, and a day before the plan existed.
DAYS = [
    date(2025, 1, 5), SET_UP, date(2025, 1, 31), date(2025, 2, 13), date(2025, 2, 14), date(2025, 2, 27),
    date(2025, 2, 28), date(2025, 3, 3), date(2025, 3, 13), date(2025, 3, 14), date(2025, 3, 31), date(2025, 4, 1),
    date(2025, 4, 14), date(2025, 4, 15), date(2025, 5, 1), date(2025, 5, 2), TODAY,
]  # fmt: skip
FILTERS = [
    ActionFilters(), ActionFilters(rating="amber"), ActionFilters(rating="green"), ActionFilters(overdue=True),
    ActionFilters(due_this_quarter=True), ActionFilters(search="train"), ActionFilters(search="JOINT panel"),
]  # fmt: skip


@pytest.fixture
def story() -> Story:
    return story_written()


def _fields(action) -> tuple:
    return (action.pk, action.strand_id, action.reference, action.title, action.lead_display, action.due_date,
            action.ongoing, action.completed_on, action.rating, action.rating_reason, action.removed_since)


def _shown(overview) -> tuple:
    return (
        [(item.entry.key, item.count) for item in overview.totals], overview.total, overview.overdue,
        [(getattr(group.weakness, "pk", None),
          [(summary.strand.pk, str(summary.strand), [(item.entry.key, item.count) for item in summary.counts],
            summary.total, summary.overdue) for summary in group.strands])
         for group in overview.groups],
    )


def test_the_counts_in_sql_are_the_counts_of_the_plan_built_in_python(story: Story):
    for day in DAYS:
        whole = plan_as_of(story.plan, day)
        counts = rating_counts_as_of(story.plan, day)
        if whole.existed:
            assert counts.per_strand == whole.counts_by_strand, day
        assert _shown(plan_overview_as_of(story.plan, day)) == _shown(whole.overview), day


def test_the_counted_rows_are_the_actions_of_the_plan_built_in_python_in_action_order(story: Story):
    for day in DAYS:
        updated = updated_for_month_by(story.plan.pk, day)
        whole = sorted((action.pk, action.strand_id, action.rating, action.due_date, action.completed_on,
                        action.pk in updated) for action in plan_as_of(story.plan, day).actions)
        assert actions_counted_as_of(story.plan, day) == whole, day
    # the story has days with the month's update posted, for the rows to find
    assert any(row[-1] for day in DAYS for row in actions_counted_as_of(story.plan, day))


def test_the_removed_action_counts_with_its_history_rating_until_it_was_removed(story: Story):
    strand_two = story.strands[2]
    assert rating_counts_as_of(story.plan, date(2025, 4, 14)).per_strand[strand_two] == {"amber": 1}
    assert strand_two not in rating_counts_as_of(story.plan, date(2025, 4, 15)).per_strand


def test_a_strand_then_has_the_actions_in_it_then_as_the_whole_plan_has_them(story: Story):
    for day in DAYS:
        whole = plan_as_of(story.plan, day)
        for number, pk in story.strands.items():
            page = strand_page_as_of(story.plan, pk, day)
            if whole.strand(pk) is None:
                assert page is None, (day, number)
                continue
            assert page.strand == whole.strand(pk), (day, number)
            assert [_fields(action) for action in page.actions] == [
                _fields(action) for action in whole.actions_in(pk)
            ], (day, number)
            assert {item.entry.key: item.count for item in page.counts if item.count} == whole.counts_by_strand.get(
                pk, {}), (day, number)


def test_the_action_list_filtered_in_sql_is_the_list_filtered_in_python(story: Story):
    for day in DAYS:
        whole = plan_as_of(story.plan, day)
        for filters in [*FILTERS, ActionFilters(strand=story.strands[2]), ActionFilters(lead=story.people["jo"].pk),
                        ActionFilters(strand=story.strands[1], search="train"),
                        ActionFilters(rating="amber", overdue=True, lead=story.people["jo"].pk)]:
            matching = records_matching(story.plan, day, filters)
            expected = [_fields(action) for action in actions_matching(whole, filters)]
            assert matching.count == len(matching.history_ids) == len(expected), (day, filters)
            assert [_fields(action) for action in rows_then(matching.history_ids, story.plan, day)] == expected, (
                day, filters)
        assert leads_as_of(story.plan, day) == leads_then(whole), day
        assert strand_choices_as_of(story.plan, day) == [(strand.pk, str(strand)) for strand in whole.strands], day


def test_every_filter_of_the_list_reads_only_columns_that_the_past_pick_has(story: Story):
    """The past list applies ``actions_filtered``'s own conditions to its pick of the records: a filter added to
    today's list that reads a column the pick lacks fails here, not on the page. (The narrower filters of a
    board's links are applied to the whole past plan in Python, ``past_filters``.)"""
    samples = {type(None): story.strands[1], str: "train", bool: True}  # by the type of each filter's default
    for field in dataclasses.fields(ActionFilters):
        if field.name in NARROWING:
            continue
        filters = ActionFilters(**{field.name: samples[type(field.default)]})
        matching = records_matching(story.plan, TODAY, filters)
        assert matching.count == len(actions_matching(plan_as_of(story.plan, TODAY), filters)), field.name


def test_a_slice_of_the_matching_records_is_that_slice_of_them_all_with_the_count_of_them_all(story: Story):
    for day in DAYS:
        everything = records_matching(story.plan, day, ActionFilters())
        for offset, limit in [(0, 1), (1, 2), (2, 25), (len(everything.history_ids), 25), (0, 0)]:
            part = records_matching(story.plan, day, ActionFilters(), offset=offset, limit=limit)
            assert part.history_ids == everything.history_ids[offset:offset + limit], (day, offset, limit)
            assert part.count == everything.count, (day, offset, limit)


def test_the_last_update_of_each_action_is_the_month_posted_by_then(story: Story):
    def months(day: date) -> dict[str, date | None]:
        page = strand_page_as_of(story.plan, story.strands[1], day)
        return {action.reference: action.last_update for action in page.actions}

    assert months(date(2025, 2, 13)) == {"1.1": None, "1.2": None}
    assert months(date(2025, 2, 28)) == {"1.1": date(2025, 2, 1), "1.2": None}  # 1.2's was posted on 3 March
    assert months(date(2025, 3, 3)) == {"1.1": date(2025, 2, 1), "1.2": date(2025, 2, 1)}


def test_a_reason_reworded_after_the_change_is_the_reason_then(db):
    with time_machine.travel(at(date(2025, 3, 3)), tick=False):
        strand = StrandFactory()
        admin = strand.subgroup.lead
        action = services.action_create(strand=strand, by=admin, reference="1.1", title="A", rating="green")
    with time_machine.travel(at(date(2025, 3, 10)), tick=False):
        action.refresh_from_db()
        services.action_update(action=action, by=admin, expected_version=action.version, rating="red",
                               rating_reason="Slipped")
    with time_machine.travel(at(date(2025, 3, 12)), tick=False):
        action.refresh_from_db()
        services.action_update(action=action, by=admin, expected_version=action.version,
                               rating_reason="Two officers left")
    for day, expected in [(date(2025, 3, 9), ("green", "")), (date(2025, 3, 10), ("red", "Slipped")),
                          (date(2025, 3, 12), ("red", "Two officers left"))]:
        [row] = rows_then(records_matching(strand.plan, day, ActionFilters()).history_ids, strand.plan, day)
        [whole] = plan_as_of(strand.plan, day).actions
        assert (row.rating, row.rating_reason) == (whole.rating, whole.rating_reason) == expected, day
        assert rating_counts_as_of(strand.plan, day).per_strand == {strand.pk: {expected[0]: 1}}, day


def test_the_overview_counts_are_one_query(story: Story, django_assert_num_queries):
    with django_assert_num_queries(1):
        rating_counts_as_of(story.plan, date(2025, 3, 14))
    with django_assert_num_queries(0):
        plan_overview_as_of(story.plan, date(2025, 1, 5))


def test_a_page_of_the_list_and_its_count_are_the_paginators(postgres_db, django_assert_num_queries):
    from django.core.paginator import Paginator

    from actions.plan_parts_as_of import page_then

    with time_machine.travel(at(date(2025, 3, 3)), tick=False):
        strand = StrandFactory()
        for n in range(30):
            services.action_create(strand=strand, by=strand.subgroup.lead, reference=f"1.{n + 10}", title=f"A {n}")
    day = date(2025, 3, 4)
    whole = [action.reference for action in plan_as_of(strand.plan, day).actions]
    for number, queries in [(None, 2), ("2", 2), ("9", 3), ("-1", 3), ("x", 2), ("", 2)]:
        expected = Paginator(whole, 25).get_page(number)
        with django_assert_num_queries(queries):
            page = page_then(strand.plan, day, ActionFilters(), number=number, per_page=25)
        assert (page.number, page.paginator.count, page.paginator.num_pages) == (
            expected.number, 30, 2), number
        assert [action.reference for action in page.object_list] == list(expected.object_list), number
