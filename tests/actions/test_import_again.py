"""Importing into a plan that already has actions: matched by ref, updated, never duplicated."""

from datetime import date

import pytest

from actions.models import Action, Strand
from actions.plan_import import PlanImportError, plan_import, plan_import_preview
from tests.actions.factories import (
    ActionFactory,
    RedActionFactory,
    StrandFactory,
    UserFactory,
)
from tests.actions.import_sheets import (
    TODAY,
    actions_of,
    clean_rows,
    read,
)
from wsoa.roles import Role

# --- importing again, or into a plan that has actions ----------------------------------------------------


def test_importing_again_updates_actions_by_ref_and_never_duplicates_them(plan, admin, people):
    plan_import(plan=plan, by=admin, result=read(clean_rows()), today=TODAY)
    other_admin = UserFactory(roles=[Role.ADMINISTRATOR])

    changed = read(clean_rows(rating_of_1_1="Complete", due_of_1_1="30/06/2023"))
    preview = plan_import_preview(plan=plan, result=changed, today=TODAY)
    assert [(row.reference, row.outcome, row.changes) for row in preview.rows] == [
        ("1.1", "update", ["Due date", "Rating"]),
        ("1.2", "unchanged", []),
        ("2.1", "unchanged", []),
        ("2.2", "unchanged", []),
    ]
    summary = plan_import(plan=plan, by=other_admin, result=changed, today=TODAY)

    assert (summary.strands_added, summary.actions_added, summary.actions_updated, summary.actions_unchanged) == (
        0, 0, 1, 3,
    )
    assert summary.describe("Strand") == (
        "Added 0 strands and 0 actions; updated 0 strands and 1 action; 3 actions were already up to date."
    )
    assert Strand.objects.filter(plan=plan).count() == 2
    assert Action.objects.filter(plan=plan).count() == 4
    board = actions_of(plan)["1.1"]
    assert (board.rating, board.due_date, board.version, board.completed_on) == ("blue", date(2023, 6, 30), 2, TODAY)
    assert board.rating_reason == ""
    latest = board.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user, latest.rating) == ("~", other_admin, "blue")
    assert latest.history_change_reason == (
        "Imported from a spreadsheet. Rating changed from Green – on track to Blue – complete"
    )
    # Actions the file did not change get no history record and keep their version.
    assert actions_of(plan)["2.1"].history.count() == 1 and actions_of(plan)["2.1"].version == 1


def test_importing_the_same_file_twice_changes_nothing(plan, admin, people):
    plan_import(plan=plan, by=admin, result=read(clean_rows()), today=TODAY)
    summary = plan_import(plan=plan, by=admin, result=read(clean_rows()), today=TODAY)
    assert (summary.actions_added, summary.actions_updated, summary.actions_unchanged) == (0, 0, 4)
    assert Action.history.filter(plan_id=plan.pk).count() == 4


def test_a_rating_made_worse_by_an_import_without_a_reason_is_refused_in_the_rules_words(plan, admin, people):
    plan_import(plan=plan, by=admin, result=read(clean_rows()), today=TODAY)
    preview = plan_import_preview(plan=plan, result=read(clean_rows(rating_of_1_1="R")), today=TODAY)
    assert [problem.message for problem in preview.errors] == [
        'Row 5: Explain why the rating is worse than before (it was Green – on track) '
        '(in the "Why the rating got worse" column)'
    ]
    with pytest.raises(PlanImportError):
        plan_import(plan=plan, by=admin, result=read(clean_rows(rating_of_1_1="R")), today=TODAY)
    assert Action.objects.get(plan=plan, reference="1.1").rating == "green"


def test_an_existing_plan_keeps_actions_the_file_does_not_list_and_updates_those_it_does(plan, admin, people):
    strand = StrandFactory(plan=plan, number=1, title="Leadership")
    ActionFactory(strand=strand, reference="1.1", title="Old title", lead_officer=people["priya"], rating="green")
    kept = RedActionFactory(strand=strand, reference="1.9", title="Not in the file")

    preview = plan_import_preview(plan=plan, result=read(clean_rows()), today=TODAY)
    first = preview.strands[0]
    assert (first.strand, first.outcome, first.title) == (strand, "update", "Leadership and governance")
    assert preview.rows[0].changes[:3] == ["Action", "Lead", "Lead organisation"]
    assert preview.kept == 1

    summary = plan_import(plan=plan, by=admin, result=read(clean_rows()), today=TODAY)
    assert (summary.strands_added, summary.strands_updated, summary.actions_added, summary.actions_updated) == (
        1, 1, 3, 1,
    )
    actions = actions_of(plan)
    assert sorted(actions) == ["1.1", "1.2", "1.9", "2.1", "2.2"]
    assert (actions["1.1"].title, actions["1.1"].lead_officer) == ("Set up a SEND Partnership Board", people["jo"])
    kept.refresh_from_db()
    assert (kept.title, kept.rating, kept.version) == ("Not in the file", "red", 1)
    strand.refresh_from_db()
    assert strand.title == "Leadership and governance"
    assert strand.history.order_by("-history_id").first().history_user == admin


def test_refs_match_ignoring_case_spaces_and_a_final_full_stop(plan, admin):
    strand = StrandFactory(plan=plan, number=1, title="Leadership")
    ActionFactory(strand=strand, reference="A1.1")
    result = read([["Strand 1: Leadership"], ["a1.1.", "Retitled", None, None, None, None, None, None, None]])
    summary = plan_import(plan=plan, by=admin, result=result, today=TODAY)
    assert (summary.actions_added, summary.actions_updated) == (0, 1)
    assert list(Action.objects.filter(plan=plan).values_list("reference", "title")) == [("A1.1", "Retitled")]


def test_a_strand_without_a_number_is_matched_by_title_or_numbered_after_the_others(plan, admin):
    StrandFactory(plan=plan, number=3, title="Co-production")
    header = ["Theme", "Ref", "Action"]
    result = read([["Co-production", "3.1", "Hold a parent forum"], ["Transitions", "9.1", "Map transitions"]],
                  header=header)
    preview = plan_import_preview(plan=plan, result=result, today=TODAY)
    assert [(item.number, item.title, item.outcome) for item in preview.strands] == [
        (3, "Co-production", "unchanged"), (4, "Transitions", "add"),
    ]


def test_columns_the_file_does_not_have_are_left_as_they_are(plan, admin):
    strand = StrandFactory(plan=plan, number=1, title="Leadership")
    action = ActionFactory(
        strand=strand, reference="1.1", rating="amber", start_date=date(2024, 1, 1), due_date=date(2024, 3, 31)
    )
    result = read([["Strand 1: Leadership"], ["1.1", "New title"]], header=["Ref", "Action"])
    plan_import(plan=plan, by=admin, result=result, today=TODAY)
    action.refresh_from_db()
    assert (action.title, action.rating, action.due_date) == ("New title", "amber", date(2024, 3, 31))
    assert action.lead_officer is not None


def test_an_action_without_a_ref_is_given_one_and_importing_again_finds_it(plan, admin):
    rows = [["Strand 2: Meeting needs"], [None, "Write plans on time"], ["2.1", "Audit plans"],
            [None, "Train SENCOs"]]  # fmt: skip
    preview = plan_import_preview(plan=plan, result=read(rows), today=TODAY)
    assert [(row.parsed.row, row.reference) for row in preview.rows] == [(5, "2.2"), (6, "2.1"), (7, "2.3")]
    assert "Row 5: has no ref, so the action is given ref 2.2" in [problem.message for problem in preview.warnings]
    plan_import(plan=plan, by=admin, result=read(rows), today=TODAY)
    summary = plan_import(plan=plan, by=admin, result=read(rows), today=TODAY)
    assert (summary.actions_added, summary.actions_unchanged) == (0, 3)


def test_evidence_that_is_not_a_web_address_is_kept_in_the_description(plan, admin):
    rows = [["Strand 1: Leadership"],
            ["1.1", "Agree terms of reference", None, None, None, None, None, None,
             "Minutes of the Board\nhttps://example.org/tor"]]  # fmt: skip
    preview = plan_import_preview(plan=plan, result=read(rows), today=TODAY)
    assert 'Row 5: evidence "Minutes of the Board" is not a web address, so it is kept in the description' in [
        problem.message for problem in preview.warnings
    ]
    plan_import(plan=plan, by=admin, result=read(rows), today=TODAY)
    action = Action.objects.get(plan=plan)
    assert (action.description, action.evidence_links) == ("Evidence: Minutes of the Board", "https://example.org/tor")
    summary = plan_import(plan=plan, by=admin, result=read(rows), today=TODAY)
    assert summary.actions_unchanged == 1


def test_a_blank_rating_cell_keeps_an_actions_rating_and_starts_a_new_one_as_not_started(plan, admin):
    strand = StrandFactory(plan=plan, number=1, title="Leadership")
    ActionFactory(strand=strand, reference="1.1", rating="green")
    rows = [["Strand 1: Leadership"], ["1.1", "Kept", *[None] * 7], ["1.2", "New", *[None] * 7]]
    summary = plan_import(plan=plan, by=admin, result=read(rows), today=TODAY)
    assert (summary.actions_added, summary.actions_updated) == (1, 1)
    ratings = dict(Action.objects.filter(plan=plan).values_list("reference", "rating"))
    assert ratings == {"1.1": "green", "1.2": "not_started"}  # nothing typed is not "worse than green"
