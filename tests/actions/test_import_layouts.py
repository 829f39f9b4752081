"""Importing a council's own tracker: rating words mapped first, the rating history, sub-actions, two-row
headings, new columns, and strands linked to the weaknesses they answer."""

from datetime import date

import pytest

from actions.models import Action, Plan, ProgressUpdate, RatingEvent, Strand
from actions.plan_import import PlanImportError, plan_import, plan_import_preview
from actions.plan_sheet import read_plan_sheet
from actions.ratings import rating_word_key
from actions.services import plan_rating_words_map
from tests.actions.council_sheet import MAPPING, TODAY, council_sheet
from tests.actions.factories import PlanFactory, UserFactory
from tests.inspections.factories import WeaknessFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(first_name="Ada", last_name="Admin", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def plan():
    plan = PlanFactory()
    WeaknessFactory(inspection=plan.inspection, number=1, title="Oversight of the local offer")
    WeaknessFactory(inspection=plan.inspection, number=2, title="Speech and language therapy waiting times")
    WeaknessFactory(inspection=plan.inspection, number=3, title="Preparing for adulthood")
    return plan


def read(plan: Plan):
    plan.refresh_from_db()
    return read_plan_sheet(council_sheet(), filename="tracker.xlsx", legend=plan.legend, today=TODAY,
                           rating_words=plan.import_rating_words)  # fmt: skip


def map_the_words(plan: Plan, admin, *, into_legend=()):
    words = {rating_word_key(word): (word, rating) for word, rating in MAPPING.items()}
    return plan_rating_words_map(plan=plan, by=admin, words=words, into_legend=into_legend)


def test_the_sheet_is_refused_until_its_rating_words_are_mapped(plan, admin):
    result = read(plan)
    preview = plan_import_preview(plan=plan, result=result, today=TODAY)
    assert preview.errors == []
    assert [(word.written, len(word.rows)) for word in preview.unknown_words] == [
        ("Started but delayed", 3), ("Progressing and on track", 5), ("Embedded", 1),
    ]
    assert not preview.can_import
    with pytest.raises(PlanImportError, match='Choose what "Started but delayed", "Progressing and on track", '
                                              '"Embedded" mean'):  # fmt: skip
        plan_import(plan=plan, by=admin, result=result, today=TODAY)
    assert Action.objects.count() == 0


def test_the_mapping_is_kept_with_the_plan_with_its_history(plan, admin):
    map_the_words(plan, admin)
    plan.refresh_from_db()
    assert plan.import_rating_words == {
        "started but delayed": "amber", "progressing and on track": "green", "embedded": "blue",
    }
    record = plan.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        admin,
        'Rating words of a spreadsheet mapped: "Started but delayed" is Amber – some risk; "Progressing and on '
        'track" is Green – on track; "Embedded" is Blue – complete',
    )
    assert read(plan).unknown_words == []  # the next import reads them too


def test_a_word_added_to_the_legend_is_one_of_its_words_for_that_rating(plan, admin):
    map_the_words(plan, admin, into_legend={"embedded"})
    plan.refresh_from_db()
    blue = next(entry for entry in plan.legend if entry.key == "blue")
    assert "Embedded" in blue.synonyms
    assert "embedded" not in plan.import_rating_words


def test_the_whole_sheet_imports_in_one_go_after_mapping(plan, admin):
    map_the_words(plan, admin)
    result = read(plan)
    preview = plan_import_preview(plan=plan, result=result, today=TODAY)
    assert preview.can_import
    assert [[weakness.number for weakness in item.proposed] for item in preview.strands] == [[1], [2]]

    summary = plan_import(plan=plan, by=admin, result=result, today=TODAY,
                          weakness_links={0: [str(w.pk) for w in preview.strands[0].proposed]})  # fmt: skip

    assert (summary.strands_added, summary.actions_added) == (2, 6)
    strands = list(Strand.objects.filter(plan=plan).order_by("number"))
    assert [(s.number, s.title) for s in strands] == [
        (1, "Leaders' oversight of the local offer"), (2, "Waiting times for speech and language therapy"),
    ]
    # Only the confirmed link is made, with the import named in the strand's history.
    assert [w.number for w in strands[0].weaknesses.all()] == [1]
    assert list(strands[1].weaknesses.all()) == []
    assert strands[0].history.latest().history_change_reason == (
        "Imported from a spreadsheet: linked to the weaknesses it answers"
    )

    actions = {action.reference: action for action in Action.objects.filter(plan=plan)}
    assert sorted(actions) == ["1.1", "1.2 (A)", "1.2 (B)", "2.1a", "2.1b", "2.2"]
    assert {ref: action.rating for ref, action in actions.items()} == {
        "1.1": "blue", "1.2 (A)": "amber", "1.2 (B)": "not_started", "2.1a": "green", "2.1b": "green",
        "2.2": "blue",
    }
    first = actions["1.1"]
    assert (first.success_criteria, first.evidence_of_impact, first.notes, first.partners) == (
        "Visits to the local offer up by a fifth", "Visits up by a third", "Shown at the June board",
        "Parent carer forum",
    )
    assert actions["1.2 (A)"].due_date is None and actions["1.2 (B)"].ongoing


def test_each_dated_rating_column_is_that_months_update_by_the_importer(plan, admin):
    map_the_words(plan, admin)
    plan_import(plan=plan, by=admin, result=read(plan), today=TODAY)

    updates = ProgressUpdate.objects.filter(action__plan=plan, action__reference="1.1").order_by("month")
    assert [(u.month, u.previous_rating, u.rating, u.author) for u in updates] == [
        (date(2020, 5, 1), "not_started", "amber", admin),
        (date(2020, 11, 1), "amber", "green", admin),
        (date(2021, 5, 1), "green", "blue", admin),
        (date(2022, 8, 1), "blue", "blue", admin),
    ]
    assert updates[0].narrative == (
        'Rated "Started but delayed" in the spreadsheet\'s "RAG May 20" column (Amber – some risk).'
    )
    assert updates[0].history.get().history_change_reason == "Imported from a spreadsheet: a dated rating column"
    # A blank cell is no rating that month, not "not started".
    sparse = ProgressUpdate.objects.filter(action__plan=plan, action__reference="1.2 (A)").order_by("month")
    assert [(u.month, u.rating) for u in sparse] == [(date(2020, 11, 1), "green"), (date(2022, 8, 1), "amber")]
    assert ProgressUpdate.objects.filter(action__plan=plan).count() == 4 + 2 + 0 + 4 + 1 + 3


def test_the_rating_events_follow_the_months_and_end_at_the_current_rating(plan, admin):
    map_the_words(plan, admin)
    plan_import(plan=plan, by=admin, result=read(plan), today=TODAY)

    events = RatingEvent.objects.filter(action__reference="1.1", action__plan=plan).order_by("effective_on", "id")
    assert [(e.from_rating, e.to_rating, e.effective_on, e.source, e.by) for e in events] == [
        ("", "amber", date(2020, 5, 31), "import", admin),
        ("amber", "green", date(2020, 11, 30), "import", admin),
        ("green", "blue", date(2021, 5, 31), "import", admin),
    ]
    never_rated = RatingEvent.objects.filter(action__reference="1.2 (B)", action__plan=plan)
    assert [(e.from_rating, e.to_rating, e.effective_on) for e in never_rated] == [("", "not_started", TODAY)]


def test_importing_the_sheet_again_adds_no_second_update_or_event(plan, admin):
    map_the_words(plan, admin)
    plan_import(plan=plan, by=admin, result=read(plan), today=TODAY)
    updates, events = ProgressUpdate.objects.count(), RatingEvent.objects.count()

    summary = plan_import(plan=plan, by=admin, result=read(plan), today=date(2022, 10, 3))

    assert summary.actions_added == 0
    assert (ProgressUpdate.objects.count(), RatingEvent.objects.count()) == (updates, events)


def test_only_proposed_weaknesses_can_be_linked(plan, admin):
    map_the_words(plan, admin)
    third = plan.inspection.weaknesses.get(number=3)
    plan_import(plan=plan, by=admin, result=read(plan), today=TODAY, weakness_links={0: [str(third.pk)], 1: ["x"]})
    assert Strand.weaknesses.through.objects.filter(strand__plan=plan).count() == 0
