"""Reading councils' own tracker layouts, one at a time and then all in one sheet (no database)."""

from datetime import date

import pytest

from actions.plan_sheet import read_plan_sheet
from actions.sheet_columns import dated_rating_month
from tests.actions.council_sheet import MAPPING, TODAY, council_sheet
from tests.actions.plan_sheets import HEADER, action, messages, read_xlsx, xlsx

WORDS = {word.lower(): rating for word, rating in MAPPING.items()}


# --- section headings -------------------------------------------------------------------------------------


def test_a_heading_above_the_header_row_is_the_first_strand():
    result = read_xlsx([["Anytown WSoA"], ["Area for improvement 1: Co-production"], HEADER,
                        action("1.1", "Hold a parent forum", "Mar 23", "G")])  # fmt: skip
    assert [(s.number, s.title, s.row) for s in result.strands] == [(1, "Co-production", 2)]
    assert result.warnings == []


def test_a_title_block_above_the_header_row_is_not_a_strand():
    result = read_xlsx([["Anytown Written Statement of Action"], ["Updated May 2023"], HEADER,
                        ["Strand 1: Leadership"], action("1.1", "Hold a parent forum", "Mar 23", "G")])  # fmt: skip
    assert [s.title for s in result.strands] == ["Leadership"]


def test_a_heading_on_two_rows_above_the_header_is_one_strand_with_its_title():
    result = read_xlsx([["Area for Improvement 1"], ["Identifying needs early"], HEADER,
                        action("1.1", "Train health visitors", "Mar 23", "G")])  # fmt: skip
    strand = result.strands[0]
    assert (strand.number, strand.title, strand.label) == (1, "Identifying needs early", "Area for Improvement 1")


def test_a_heading_on_two_rows_in_the_table_is_one_strand_with_its_title():
    result = read_xlsx([HEADER, ["Area for Improvement 1"], ["Identifying needs early"],
                        action("1.1", "Train health visitors", "Mar 23", "G"), ["Area for Improvement 2"],
                        ["Meeting needs"], action("2.1", "Audit EHC plans", "Mar 23", "A")])  # fmt: skip
    assert [(s.number, s.title, len(s.actions)) for s in result.strands] == [
        (1, "Identifying needs early", 1), (2, "Meeting needs", 1),
    ]
    assert result.warnings == []


def test_repeated_tables_with_their_header_rows_and_merged_headings_continue_one_strand_each():
    rows = {1: ["Area for Improvement 1"], 2: ["Identifying needs early"], 3: HEADER,
            4: action("1.1", "Train health visitors", "Mar 23", "G"),
            6: ["Area for Improvement 1"], 7: ["Identifying needs early"], 8: HEADER,
            9: action("1.2", "Screen at two", "Mar 23", "G")}  # fmt: skip
    result = read_xlsx(rows, merged_rows=(1, 2, 6, 7))
    assert [(s.number, s.title, [a.ref for a in s.actions]) for s in result.strands] == [
        (1, "Identifying needs early", ["1.1", "1.2"]),
    ]


def test_a_heading_merged_across_the_action_column_is_read():
    rows = {1: HEADER, 2: [None, "Strand 2 – Preparing for adulthood"], 3: action("2.1", "Map pathways", "Mar 23", "G")}
    result = read_xlsx(rows, merges=["B2:H2"])
    assert [(s.number, s.title) for s in result.strands] == [(2, "Preparing for adulthood")]


# --- sub-actions ------------------------------------------------------------------------------------------


def test_sub_actions_written_with_a_letter_are_distinct_and_kept_as_written():
    result = read_xlsx([HEADER, ["Strand 3: Outcomes"], action("3.1 (A)", "Agree targets", "Mar 23", "G"),
                        action("3.1 (B)", "Report targets", "Mar 23", "G")])  # fmt: skip
    assert result.errors == []
    assert [a.ref for a in result.actions] == ["3.1 (A)", "3.1 (B)"]


def test_two_rows_numbered_alike_become_lettered_sub_actions():
    result = read_xlsx([HEADER, ["Strand 3: Outcomes"], action("3.1", "Agree targets", "Mar 23", "G"),
                        action("3.1", "Report targets", "Mar 23", "G")])  # fmt: skip
    assert result.errors == []
    assert [(a.ref, a.ref_as_written) for a in result.actions] == [("3.1a", "3.1"), ("3.1b", "3.1")]
    assert 'Row 3: ref "3.1" is on rows 3 and 4, so they are the sub-actions 3.1a and 3.1b' in messages(
        result.warnings
    )


def test_lettered_refs_the_sheet_already_uses_cannot_be_made_up():
    result = read_xlsx([HEADER, ["Strand 3: Outcomes"], action("3.1", "A", "Mar 23", "G"),
                        action("3.1", "B", "Mar 23", "G"), action("3.1a", "C", "Mar 23", "G")])  # fmt: skip
    assert messages(result.errors) == ['Row 4: ref "3.1" is also used on row 3']


# --- dated rating columns ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("heading", "month"), [
    ("RAG May 20", date(2020, 5, 1)),
    ("RAG August 22", date(2022, 8, 1)),
    ("Status Q3 2023/24", date(2023, 12, 1)),
    ("Rating – Aug 2022", date(2022, 8, 1)),
    ("BRAG rating (31/03/2023)", date(2023, 3, 1)),
    ("May 2021 RAG", date(2021, 5, 1)),
    ("Progress: Jan-23", date(2023, 1, 1)),
])  # fmt: skip
def test_a_rating_word_with_a_month_or_date_is_a_dated_rating_column(heading, month):
    assert dated_rating_month(heading) == month


@pytest.mark.parametrize("heading", ["RAG", "Status update", "RAG comment", "Action 2023", "Rating reason"])
def test_other_headings_are_not_dated_rating_columns(heading):
    assert dated_rating_month(heading) is None


def test_dated_rating_columns_are_the_history_and_the_newest_rating_is_current():
    header = ["Ref", "Action", "Due date", "RAG Nov 20", "RAG May 20", "RAG May 21"]
    result = read_xlsx([header, ["1.1", "Train staff", "Mar 23", "Green", "Red", None],
                        ["1.2", "Audit plans", "Mar 23", None, None, None]])  # fmt: skip
    first, second = result.actions
    assert [(rated.month, rated.rating) for rated in first.history] == [
        (date(2020, 5, 1), "red"), (date(2020, 11, 1), "green"),
    ]
    assert first.rating == "green"  # a blank May 21 is no rating that month, not "not started"
    assert (second.history, second.rating) == ([], "not_started")
    assert [column.heading for column in result.history_columns] == ["RAG May 20", "RAG Nov 20", "RAG May 21"]
    assert not any("no rating column" in message for message in messages(result.warnings))


def test_a_current_rating_column_beside_dated_ones_is_the_current_rating():
    header = ["Ref", "Action", "Due date", "RAG May 20", "Current RAG"]
    result = read_xlsx([header, ["1.1", "Train staff", "Mar 23", "Red", "Amber"]])
    assert (result.actions[0].rating, [r.rating for r in result.actions[0].history]) == ("amber", ["red"])


# --- status words -----------------------------------------------------------------------------------------


def test_words_the_legend_does_not_know_are_listed_with_their_rows_not_refused():
    header = ["Ref", "Action", "Due date", "RAG May 20", "RAG Aug 20"]
    result = read_xlsx([header, ["1.1", "Train staff", "Mar 23", "Started but delayed", "Embedded"],
                        ["1.2", "Audit plans", "Mar 23", "Started  but delayed", None]])  # fmt: skip
    assert result.errors == []
    assert [(word.written, word.rows) for word in result.unknown_words] == [
        ("Started but delayed", (2, 3)), ("Embedded", (2,)),
    ]
    assert result.actions[0].rating_word == "Embedded"


def test_the_plans_own_words_are_read_as_its_ratings():
    header = ["Ref", "Action", "Due date", "Status"]
    sheet = xlsx([header, ["1.1", "Train staff", "Mar 23", "Progressing and on track"]])
    words = {"progressing and on track": "green"}
    result = read_plan_sheet(sheet, filename="plan.xlsx", today=TODAY, rating_words=words)
    assert (result.unknown_words, result.actions[0].rating) == ([], "green")


def test_two_ratings_in_one_cell_are_still_a_problem():
    result = read_xlsx([HEADER, action("1.1", "Train staff", "Mar 23", "R/A")])
    assert messages(result.errors) == ['Row 2: rating "R/A" gives more than one rating (Red, Amber): choose one']
    assert result.unknown_words == []


# --- dates and columns ------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["TBC", "tbc", "Spring term", "whenever"])
def test_an_unreadable_timescale_is_a_warning_and_left_blank(written):
    result = read_xlsx([HEADER, ["Strand 1: One"], action("1.1", "Train staff", written, "G")])
    assert result.errors == []
    assert any(message.startswith(f'Row 3: timescale "{written}"') and message.endswith("so it is left blank")
               for message in messages(result.warnings))  # fmt: skip
    assert result.actions[0].due is None


def test_ongoing_and_blank_timescales_are_not_problems():
    result = read_xlsx([HEADER, ["Strand 1: One"], action("1.1", "A", "Ongoing", "G"), action("1.2", "B", None, "G")])
    assert result.errors == []
    assert (result.actions[0].ongoing, result.actions[1].due) == (True, None)
    assert messages(result.warnings) == ["Row 4: no timescale given"]


def test_every_column_is_imported_or_listed_as_not_imported():
    header = ["Ref", "Action", "Success criteria", "Measures of success", "Evidence and impact", "Partners",
              "Notes", "Budget code", "Cabinet date"]  # fmt: skip
    result = read_xlsx([header, ["1.1", "Train staff", "Staff trained", "90% confident", "Audit shows it",
                                 "ICB", "See board paper", "X1", "May"]])  # fmt: skip
    first = result.actions[0]
    assert first.success_criteria == "Staff trained\n90% confident"
    assert (first.evidence_of_impact, first.partners, first.notes) == ("Audit shows it", "ICB", "See board paper")
    assert result.not_imported == ["Budget code", "Cabinet date"]
    assert result.columns["success_criteria"] == "Success criteria; Measures of success"


# --- every layout at once ---------------------------------------------------------------------------------


def test_the_council_tracker_reads_with_two_row_headings_as_the_right_strands():
    result = read_plan_sheet(council_sheet(), filename="tracker.xlsx", today=TODAY, rating_words=WORDS)
    assert result.errors == [] and result.unknown_words == []
    assert [(s.number, s.title, s.label, [a.ref for a in s.actions]) for s in result.strands] == [
        (1, "Leaders' oversight of the local offer", "Area for Improvement 1", ["1.1", "1.2 (A)", "1.2 (B)"]),
        (2, "Waiting times for speech and language therapy", "Area for Improvement 2", ["2.1a", "2.1b", "2.2"]),
    ]
    assert [a.rating for a in result.actions] == ["blue", "amber", "not_started", "green", "green", "blue"]
    assert [len(a.history) for a in result.actions] == [4, 2, 0, 4, 1, 3]
    assert result.not_imported == ["Budget code"]
    assert messages(result.warnings) == [
        'Row 7: timescale "TBC" is not a date, month, quarter or "Ongoing", so it is left blank',
        'Row 13: ref "2.1" is on rows 13 and 14, so they are the sub-actions 2.1a and 2.1b',
        "Row 14: no timescale given",
    ]
