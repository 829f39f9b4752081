"""Importing a read spreadsheet into an empty plan (one transaction, history by the importer), and what it refuses."""

from datetime import date

import pytest

from actions.models import Action, RatingEvent, Strand
from actions.plan_import import PlanImportError, plan_import, plan_import_preview
from actions.plan_sheet import read_plan_sheet
from tests.actions.factories import (
    ActionFactory,
    OfficerFactory,
    RedActionFactory,
    StrandFactory,
)
from tests.actions.import_sheets import (
    FIXTURES,
    HEADER,
    TODAY,
    actions_of,
    clean_rows,
    read,
)

# --- adding -------------------------------------------------------------------------------------------


def test_import_adds_every_strand_and_action(plan, admin, people):
    summary = plan_import(plan=plan, by=admin, result=read(clean_rows()), today=TODAY)

    assert (summary.strands_added, summary.actions_added, summary.actions_updated) == (2, 4, 0)
    assert summary.describe("Strand") == "Added 2 strands and 4 actions."
    assert list(Strand.objects.filter(plan=plan).values_list("number", "title")) == [
        (1, "Leadership and governance"), (2, "Preparing for adulthood"),
    ]
    actions = actions_of(plan)
    assert sorted(actions) == ["1.1", "1.2", "2.1", "2.2"]
    board = actions["1.1"]
    assert (board.strand.number, board.title, board.due_date, board.rating) == (
        1, "Set up a SEND Partnership Board", date(2023, 3, 31), "green",
    )
    assert board.success_criteria == "Board meets monthly"
    assert board.evidence_links == "https://example.org/board"
    assert board.sort_key and board.version == 1
    strategy = actions["1.2"]
    assert (strategy.start_date, strategy.due_date, strategy.rating) == (date(2022, 4, 1), date(2022, 12, 31), "blue")
    assert strategy.completed_on == TODAY  # a complete rating dates the completion, as an edit would
    internships = actions["2.1"]
    assert (internships.ongoing, internships.due_date, internships.rating) == (True, None, "amber")


def test_leads_are_matched_by_full_name_or_email_ignoring_case(plan, admin, people):
    plan_import(plan=plan, by=admin, result=read(clean_rows()), today=TODAY)
    actions = actions_of(plan)
    assert actions["1.1"].lead_officer == people["jo"] and actions["1.1"].lead_name == ""
    assert actions["2.2"].lead_officer == people["jo"]
    assert actions["1.2"].lead_officer == people["priya"]
    assert (actions["2.1"].lead_officer, actions["2.1"].lead_name) == (None, "Head of Employment")


def test_a_lead_without_an_account_is_kept_as_written_with_a_warning(plan, admin, people):
    preview = plan_import_preview(plan=plan, result=read(clean_rows()), today=TODAY)
    assert [problem.message for problem in preview.warnings] == [
        'Row 8: no one with an account is called "Head of Employment", so the lead is kept as written',
    ]
    assert preview.errors == []


def test_two_people_with_the_same_name_are_not_guessed_between(plan, admin, people):
    OfficerFactory(first_name="Jo", last_name="Smith", email="jo.smith2@test.example.org")
    preview = plan_import_preview(plan=plan, result=read(clean_rows()), today=TODAY)
    assert 'Row 5: more than one person is called "Jo Smith" (also row 9), so the lead is kept as written: ' \
           "choose the person on the action's page" in [problem.message for problem in preview.warnings]
    plan_import(plan=plan, by=admin, result=read(clean_rows()), today=TODAY)
    assert (actions_of(plan)["1.1"].lead_officer, actions_of(plan)["1.1"].lead_name) == (None, "Jo Smith")


def test_every_added_strand_and_action_has_history_by_the_importer(plan, admin, people):
    plan_import(plan=plan, by=admin, result=read(clean_rows()), today=TODAY)

    strand_history = Strand.history.filter(plan_id=plan.pk)
    action_history = Action.history.filter(plan_id=plan.pk)
    assert strand_history.count() == 2 and action_history.count() == 4
    for record in [*strand_history, *action_history]:
        assert record.history_user == admin
        assert record.history_type == "+"
        assert record.history_change_reason.startswith("Imported from a spreadsheet")


def test_the_preview_saves_nothing_and_says_what_would_happen(plan, admin, people):
    preview = plan_import_preview(plan=plan, result=read(clean_rows()), today=TODAY)
    assert [(item.number, item.title, item.outcome) for item in preview.strands] == [
        (1, "Leadership and governance", "add"), (2, "Preparing for adulthood", "add"),
    ]
    assert [(row.parsed.row, row.reference, row.outcome, row.lead_text) for row in preview.rows] == [
        (5, "1.1", "add", "Jo Smith"), (6, "1.2", "add", "Priya Shah"),
        (8, "2.1", "add", "Head of Employment"), (9, "2.2", "add", "Jo Smith"),
    ]
    assert (preview.strands_added, preview.actions_added, preview.actions_updated, preview.kept) == (2, 4, 0, 0)
    assert Strand.objects.count() == 0 and Action.objects.count() == 0


# --- refusing ---------------------------------------------------------------------------------------------


def test_a_sheet_with_problems_is_refused_and_nothing_is_saved(plan, admin, people):
    rows = clean_rows()
    rows[2][6] = "R/A"
    rows[4][5] = "TBC"
    result = read(rows)
    assert [problem.row for problem in result.errors] == [6]
    assert 'Row 8: timescale "TBC" is not a date, month, quarter or "Ongoing", so it is left blank' in [
        problem.message for problem in result.warnings
    ]

    with pytest.raises(PlanImportError) as refused:
        plan_import(plan=plan, by=admin, result=result, today=TODAY)

    assert refused.value.message == (
        "The file has 1 problem. Fix it in the spreadsheet and upload it again: nothing was imported."
    )
    assert [problem.row for problem in refused.value.problems] == [6]
    assert Strand.objects.count() == 0 and Action.objects.count() == 0
    assert Strand.history.count() == 0 and Action.history.count() == 0


def test_an_import_that_fails_while_writing_its_actions_leaves_no_strand_behind(plan, admin, people, monkeypatch):
    """Strands and actions are written in one transaction: a clash on an action ref undoes the new strands too."""
    from django.db import IntegrityError

    import actions.plan_import as plan_import_module

    write_actions = plan_import_module._import_actions

    def clash_after_writing(*args, **kwargs):
        write_actions(*args, **kwargs)
        raise IntegrityError("duplicate key value violates unique constraint on the action's reference")

    monkeypatch.setattr(plan_import_module, "_import_actions", clash_after_writing)
    with pytest.raises(PlanImportError, match="nothing was imported"):
        plan_import(plan=plan, by=admin, result=read(clean_rows()), today=TODAY)

    assert Strand.objects.filter(plan=plan).count() == 0 and Action.objects.filter(plan=plan).count() == 0
    assert Strand.history.count() == 0 and Action.history.count() == 0


def test_text_too_long_for_the_plan_is_a_problem_by_row(plan, admin):
    rows = [["Strand 1: Leadership"], ["1.1" * 10, "x" * 501, "y" * 201]]
    preview = plan_import_preview(plan=plan, result=read(rows), today=TODAY)
    assert [problem.message for problem in preview.errors] == [
        "Row 5: the ref is 30 characters long; the most is 20",
        "Row 5: the action is 501 characters long; the most is 500",
        "Row 5: the lead is 201 characters long; the most is 200",
    ]
    assert preview.rows[0].problems == preview.errors
    with pytest.raises(PlanImportError):
        plan_import(plan=plan, by=admin, result=read(rows), today=TODAY)
    assert Action.objects.count() == 0 and Strand.objects.count() == 0


def test_two_strands_with_one_number_are_a_problem(plan, admin):
    rows = [["Strand 1: Leadership"], ["1.1", "Do one thing"], ["Priority 1: Outcomes"], ["1.2", "Do another"]]
    preview = plan_import_preview(plan=plan, result=read(rows), today=TODAY)
    assert [problem.message for problem in preview.errors] == [
        'Row 6: strand 1 "Outcomes" has the same number as strand 1 "Leadership" on row 4: give each strand its '
        "own number",
    ]


def test_the_messy_blackpool_plan_is_refused_until_its_two_bad_rows_are_fixed(plan, admin):
    result = read_plan_sheet(FIXTURES / "messy_wsoa.xlsx", filename="messy_wsoa.xlsx", today=TODAY)
    with pytest.raises(PlanImportError) as refused:
        plan_import(plan=plan, by=admin, result=result, today=TODAY)
    assert [problem.row for problem in refused.value.problems] == [24, 31]
    assert Action.objects.count() == 0


# --- partners and the reason a rating got worse ------------------------------------------------------------

WITH_PARTNERS = [*HEADER, "Partners"]
WITH_REASON = ["Ref", "Action", "RAG", "Why the rating got worse"]


def test_partners_are_read_into_partners_and_not_into_the_lead_organisation(plan, admin, people):
    rows = [["Strand 1: Leadership"],
            ["1.1", "Set up a Board", "Jo Smith", "Council", None, "31/03/2024", "G", None, None, "ICB; schools"]]
    plan_import(plan=plan, by=admin, result=read(rows, header=WITH_PARTNERS), today=TODAY)
    action = Action.objects.get(plan=plan)
    assert (action.lead_organisation, action.partners) == ("Council", "ICB; schools")

    rows[1][9] = "ICB; schools; college"
    preview = plan_import_preview(plan=plan, result=read(rows, header=WITH_PARTNERS), today=TODAY)
    assert preview.rows[0].changes == ["Partners"]


def test_a_files_reason_for_a_worse_rating_is_kept_with_the_rating_and_its_event(plan, admin):
    strand = StrandFactory(plan=plan, number=1, title="Leadership")
    ActionFactory(strand=strand, reference="1.1", title="Set up a Board", rating="green", rating_reason="")
    rows = [["Strand 1: Leadership"],
            ["1.1", "Set up a Board", "R", "The chair left"]]
    preview = plan_import_preview(plan=plan, result=read(rows, header=WITH_REASON), today=TODAY)
    assert preview.rows[0].changes == ["Rating", "Why the rating got worse"]
    assert preview.errors == []

    plan_import(plan=plan, by=admin, result=read(rows, header=WITH_REASON), today=TODAY)
    action = Action.objects.get(plan=plan)
    assert action.rating_reason == "The chair left"
    event = RatingEvent.objects.get(action=action)
    assert (event.from_rating, event.to_rating, event.reason, event.source, event.by, event.effective_on) == (
        "green", "red", "The chair left", "import", admin, TODAY
    )


def test_a_rating_made_better_clears_the_reason_even_when_the_file_still_has_one(plan, admin):
    strand = StrandFactory(plan=plan, number=1, title="Leadership")
    RedActionFactory(strand=strand, reference="1.1", title="Set up a Board")
    rows = [["Strand 1: Leadership"],
            ["1.1", "Set up a Board", "G", "The chair left"]]
    plan_import(plan=plan, by=admin, result=read(rows, header=WITH_REASON), today=TODAY)
    assert (Action.objects.get(plan=plan).rating, Action.objects.get(plan=plan).rating_reason) == ("green", "")


def test_a_new_action_keeps_the_files_reason_for_its_rating(plan, admin):
    rows = [["Strand 1: Leadership"],
            ["1.1", "Set up a Board", "R", "The chair left"]]
    plan_import(plan=plan, by=admin, result=read(rows, header=WITH_REASON), today=TODAY)
    assert Action.objects.get(plan=plan).rating_reason == "The chair left"
