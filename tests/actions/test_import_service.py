"""Importing a read spreadsheet into a plan (one transaction, history by the importer) and exporting it back."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from actions.models import Action, RatingEvent, Strand
from actions.plan_export import plan_export
from actions.plan_import import PlanImportError, plan_import, plan_import_preview
from actions.plan_sheet import read_plan_sheet
from tests.actions.factories import (
    ActionFactory,
    CompletedActionFactory,
    OfficerFactory,
    OngoingActionFactory,
    PlanFactory,
    RedActionFactory,
    StrandFactory,
    UserFactory,
)
from wsoa.roles import Role

TODAY = date(2023, 6, 1)
FIXTURES = Path(__file__).with_name("fixtures")
HEADER = ["Ref", "Action", "Lead officer", "Organisation", "Start date", "Due date", "RAG", "Success criteria",
          "Evidence"]  # fmt: skip


def sheet_file(rows: dict[int, list] | list[list], *, header=HEADER) -> io.BytesIO:
    """An .xlsx file with a title block, then ``header`` on row 3 and ``rows`` under it (or at given rows)."""
    workbook = Workbook()
    book = workbook.active
    book.title = "Plan"
    book["A1"] = "Anytown SEND Written Statement of Action"
    numbered = rows if isinstance(rows, dict) else dict(enumerate(rows, start=4))
    for column, name in enumerate(header, start=1):
        book.cell(row=3, column=column, value=name)
    for row, values in numbered.items():
        for column, value in enumerate(values, start=1):
            if value is not None:
                book.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def read(rows, **options):
    return read_plan_sheet(sheet_file(rows, **options), filename="plan.xlsx", today=TODAY)


def clean_rows(*, rating_of_1_1="G", due_of_1_1="31/03/2023"):
    return [
        ["Strand 1: Leadership and governance"],
        ["1.1", "Set up a SEND Partnership Board", "Jo Smith", "Council", None, due_of_1_1, rating_of_1_1,
         "Board meets monthly", "https://example.org/board"],
        ["1.2", "Publish a SEND strategy", "PRIYA.SHAH@test.example.org", "Council", "01/04/2022", "Q3 2022/23",
         "Complete", "Strategy published", None],
        ["Strand 2: Preparing for adulthood"],
        ["2.1", "Increase supported internships", "Head of Employment", "Council", None, "Ongoing", "Amber",
         "20 internships a year", None],
        ["2.2", "Agree a housing pathway", "jo smith", "Housing", None, "Mar-24", "Not started",
         "Pathway published", None],
    ]  # fmt: skip


@pytest.fixture
def admin(db):
    return UserFactory(first_name="Ada", last_name="Admin", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def people(db):
    return {
        "jo": OfficerFactory(first_name="Jo", last_name="Smith", email="jo.smith@test.example.org"),
        "priya": OfficerFactory(first_name="Priya", last_name="Shah", email="priya.shah@test.example.org"),
    }


@pytest.fixture
def plan(db):
    return PlanFactory()


def actions_of(plan) -> dict[str, Action]:
    return {action.reference: action for action in Action.objects.filter(plan=plan).select_related("strand")}


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


# --- exporting ------------------------------------------------------------------------------------------


@pytest.fixture
def full_plan(db, people):
    """A plan with every kind of action: led by a person or a name, ongoing, complete, started, with evidence."""
    plan = PlanFactory()
    first = StrandFactory(plan=plan, number=1, title="Leadership, governance & accountability")
    second = StrandFactory(plan=plan, number=2, title="Preparing for adulthood")
    StrandFactory(plan=plan, number=3, title="A strand with no actions yet")
    ActionFactory(
        strand=first, reference="1.1", title="=Set up the Board", lead_officer=people["jo"],
        partners="NHS Anytown ICB\nAnytown schools", start_date=date(2022, 4, 1), due_date=date(2023, 3, 31),
        rating="green",
        success_criteria="Board meets monthly\nStrand leads report to it",
        evidence_links="https://example.org/minutes\nhttps://example.org/tor", description="",
    )
    CompletedActionFactory(
        strand=first, reference="1.10", title="Publish the strategy", lead_officer=None,
        lead_name="Director of Children's Services", lead_organisation="Anytown Council & ICB",
        start_date=None, due_date=date(2022, 12, 31), completed_on=date(2022, 12, 1), description="",
    )
    OngoingActionFactory(
        strand=second, reference="2.1", title="Hear from young people", lead_officer=people["priya"], rating="amber",
        start_date=None, description="Termly forums",
    )
    RedActionFactory(
        strand=second, reference="2.2", title="Supported internships", lead_officer=None, lead_name="",
        lead_organisation="", start_date=date(2023, 1, 1), due_date=date(2024, 3, 31), success_criteria="",
        description="",
    )
    ActionFactory(
        strand=second, reference="2.3", title="Not started yet", rating="not_started", lead_officer=None,
        start_date=None, due_date=None, description="", success_criteria="",
    )
    return plan


def snapshot(plan) -> list[tuple]:
    strands = list(Strand.objects.filter(plan=plan).order_by("number").values_list("number", "title"))
    actions = [
        (a.strand.number, a.reference, a.title, a.description, a.lead_display, a.lead_organisation, a.partners,
         a.start_date, a.due_date, a.ongoing, a.rating, a.rating_reason, a.success_criteria, a.evidence_links)
        for a in Action.objects.filter(plan=plan).select_related("strand", "lead_officer").order_by("sort_key")
    ]  # fmt: skip
    return [strands, actions]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_into_a_fresh_plan_gives_the_same_plan(full_plan, admin, fmt):
    data = plan_export(plan=full_plan, fmt=fmt)
    result = read_plan_sheet(io.BytesIO(data), filename=f"plan.{fmt}", legend=full_plan.legend, today=TODAY)
    assert result.errors == []
    fresh = PlanFactory()

    plan_import(plan=fresh, by=admin, result=result, today=TODAY)

    assert snapshot(fresh) == snapshot(full_plan)
    linked = {a.reference: a.lead_officer_id for a in Action.objects.filter(plan=fresh)}
    original = {a.reference: a.lead_officer_id for a in Action.objects.filter(plan=full_plan)}
    assert linked == original


def test_the_round_trip_keeps_partners_and_the_reason_a_rating_got_worse(full_plan, admin):
    result = read_plan_sheet(io.BytesIO(plan_export(plan=full_plan, fmt="csv")), filename="plan.csv", today=TODAY)
    fresh = PlanFactory()
    plan_import(plan=fresh, by=admin, result=result, today=TODAY)
    actions = actions_of(fresh)
    assert actions["1.1"].partners == "NHS Anytown ICB\nAnytown schools"
    assert actions["1.1"].lead_organisation == actions_of(full_plan)["1.1"].lead_organisation
    assert actions["2.2"].rating_reason == "The recruitment of two caseworkers has failed twice."


def test_an_exported_plan_imported_into_itself_changes_nothing(full_plan, admin):
    data = plan_export(plan=full_plan, fmt="xlsx")
    result = read_plan_sheet(io.BytesIO(data), filename="plan.xlsx", legend=full_plan.legend, today=TODAY)
    summary = plan_import(plan=full_plan, by=admin, result=result, today=TODAY)
    assert (summary.strands_added, summary.actions_added, summary.actions_updated) == (0, 0, 0)
    assert summary.actions_unchanged == 5


def test_export_writes_a_workbook_with_the_plan_title_and_every_action(full_plan):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(plan_export(plan=full_plan, fmt="xlsx"))).active
    assert sheet["A1"].value == str(full_plan)
    assert [sheet.cell(row=row, column=1).value for row in range(4, 9)] == ["1.1", "1.10", "2.1", "2.2", "2.3"]
    assert sheet["A2"].value == full_plan.inspection.area.local_authority
    assert isinstance(sheet["I4"].value, datetime)  # the due date


def test_export_refuses_an_unknown_format(full_plan):
    with pytest.raises(ValueError, match="pdf"):
        plan_export(plan=full_plan, fmt="pdf")


def test_a_blank_rating_cell_keeps_an_actions_rating_and_starts_a_new_one_as_not_started(plan, admin):
    strand = StrandFactory(plan=plan, number=1, title="Leadership")
    ActionFactory(strand=strand, reference="1.1", rating="green")
    rows = [["Strand 1: Leadership"], ["1.1", "Kept", *[None] * 7], ["1.2", "New", *[None] * 7]]
    summary = plan_import(plan=plan, by=admin, result=read(rows), today=TODAY)
    assert (summary.actions_added, summary.actions_updated) == (1, 1)
    ratings = dict(Action.objects.filter(plan=plan).values_list("reference", "rating"))
    assert ratings == {"1.1": "green", "1.2": "not_started"}  # nothing typed is not "worse than green"
