"""Reading a plan sheet's rows: continuation rows, start and due dates, refs, and ratings in the plan's legend."""

from datetime import date

from actions.ratings import legend_from_json
from tests.actions.plan_sheets import HEADER, action, messages, read_xlsx

# --- continuation rows -------------------------------------------------------------------------------


def test_continuation_rows_join_free_text_to_the_action_above():
    header = ["Ref", "Action", "Lead", "Organisation", "Due", "RAG", "Success criteria", "Evidence"]
    result = read_xlsx(
        [header, ["Strand 1: One"], ["1", "Do it", "Jo", "Council", "Mar 23", "G", "First", None],
         [None, None, "Sam", "CCG", None, None, "Second", "Minutes"], [None, None, None, None, None, None, "Third"]]
    )  # fmt: skip
    joined = result.actions[0]
    assert (joined.lead, joined.organisation, joined.success_criteria, joined.evidence) == (
        "Jo\nSam",
        "Council\nCCG",
        "First\nSecond\nThird",
        "Minutes",
    )
    assert result.errors == []
    assert [problem.row for problem in result.warnings] == [4, 5]


def test_continuation_row_with_its_own_rating_is_an_error():
    result = read_xlsx([HEADER, ["Strand 1: One"], action("1", "A", "Mar 23", "G"), [None, None, "Jo", None, None,
                        None, "Red"]])  # fmt: skip
    assert messages(result.errors) == [
        'Row 4: has text but no ref or action ("Jo"; "Red"), and it has a rating of its own'
    ]
    assert result.actions[0].lead == "Head of SEND"


def test_continuation_row_right_after_a_heading_has_nothing_to_join():
    result = read_xlsx([HEADER, ["Strand 1: One"], [None, None, None, None, None, None, None, "Orphan criteria"],
                        action("1", "A", "Mar 23", "G")])  # fmt: skip
    assert messages(result.errors) == [
        'Row 3: has text but no ref or action ("Orphan criteria"), and there is no action above it to add it to'
    ]


def test_text_only_in_columns_not_imported_is_ignored_with_a_warning():
    result = read_xlsx([[*HEADER, "Chased by"], ["Strand 1: One"], action("1", "A", "Mar 23", "G"),
                        [None, None, None, None, None, None, None, None, "Chased in May"]])  # fmt: skip
    assert result.errors == []
    assert messages(result.warnings) == [
        'Row 4: has text only in columns that are not imported ("Chased by"); it was ignored'
    ]
    assert result.not_imported == ["Chased by"]


def test_a_range_in_the_timescale_sets_the_start_when_there_is_no_start_date():
    result = read_xlsx([HEADER, action("1", "A", "Sept 2022 – March 2023", "G")])
    assert (result.actions[0].start, result.actions[0].due) == (date(2022, 9, 1), date(2023, 3, 31))


def test_start_written_as_a_month_means_its_first_day():
    result = read_xlsx([HEADER, action("1", "A", "March 2023", "G", start="Sept 2022")])
    assert result.actions[0].start == date(2022, 9, 1)


def test_bad_start_date_is_reported_as_a_start_date():
    result = read_xlsx([HEADER, action("1", "A", "March 2023", "G", start="whenever")])
    assert result.errors == []
    assert messages(result.warnings)[0] == (
        'Row 2: start date "whenever" is not a date, month, quarter or "Ongoing", so it is left blank'
    )
    assert result.actions[0].start is None


def test_refs_are_compared_ignoring_case_and_spaces():
    result = read_xlsx([HEADER, action("A 1", "A", "Mar 23", "G"), action("a1", "B", "Mar 23", "G")])
    assert result.errors == []
    assert messages(result.warnings)[0] == (
        'Row 2: ref "A 1" is on rows 2 and 3, so they are the sub-actions A 1a and A 1b'
    )
    assert [(a.ref, a.ref_as_written) for a in result.actions] == [("A 1a", "A 1"), ("A 1b", "a1")]


def test_a_ref_ending_in_a_letter_used_twice_is_refused():
    result = read_xlsx([HEADER, action("3.1a", "A", "Mar 23", "G"), action("3.1 (A)", "B", "Mar 23", "G")])
    assert messages(result.errors) == ['Row 3: ref "3.1 (A)" is also used on row 2']


def test_actions_without_refs_are_allowed():
    result = read_xlsx([HEADER, action(None, "A", "Mar 23", "G"), action(None, "B", "Mar 23", "G")])
    assert [a.ref for a in result.actions] == ["", ""]
    assert result.errors == []


def test_plan_legend_is_used_to_read_ratings():
    legend = legend_from_json(
        [
            {"key": "blue", "label": "Blue – suspended", "colour": "blue", "severity": None},
            {"key": "green", "label": "Green", "colour": "green"},
            {"key": "amber", "label": "Amber", "colour": "yellow"},
            {"key": "red", "label": "Red", "colour": "red"},
            {"key": "not_started", "label": "Not started", "colour": "grey"},
        ]
    )
    result = read_xlsx([HEADER, action("1", "A", "Mar 23", "Blue – suspended"), action("2", "B", "Mar 23", "Done")],
                       legend=legend)  # fmt: skip
    assert result.actions[0].rating == "blue"
    assert result.errors == []
    assert [(word.written, word.rows) for word in result.unknown_words] == [("Done", (3,))]
    assert result.actions[1].rating_word == "Done"
