"""Reading a plan sheet's layout: the header row under a title block, the many names of its columns, and strands."""

from datetime import date

import pytest

from actions.plan_sheet import PlanSheetError
from tests.actions.plan_sheets import HEADER, action, messages, read_csv, read_xlsx

# --- header names ------------------------------------------------------------------------------------

CANONICAL = {
    "ref": "Ref",
    "title": "Action",
    "description": "Description",
    "lead": "Lead officer",
    "organisation": "Lead organisation",
    "partners": "Partners",
    "start": "Start date",
    "due": "Due date",
    "rating": "Rating",
    "rating_reason": "Why the rating got worse",
    "success_criteria": "Success criteria",
    "evidence": "Evidence",
    "evidence_of_impact": "Evidence and impact",
    "notes": "Notes",
    "strand": "Strand",
}
VALUES = {
    "ref": "1.1",
    "title": "Publish the SEND strategy",
    "description": "Co-produced with families",
    "lead": "Head of SEND",
    "organisation": "Blackpool Council",
    "partners": "NHS Lancashire and South Cumbria ICB",
    "start": "April 2022",
    "due": "31/12/2022",
    "rating": "Amber",
    "rating_reason": "The consultation closed late",
    "success_criteria": "Strategy published",
    "evidence": "Cabinet minutes",
    "evidence_of_impact": "Waiting times down by a third",
    "notes": "Agreed at the March board",
    "strand": "Strand 1: Leadership and management",
}
EXPECTED = {
    "ref": "1.1",
    "title": "Publish the SEND strategy",
    "description": "Co-produced with families",
    "lead": "Head of SEND",
    "organisation": "Blackpool Council",
    "partners": "NHS Lancashire and South Cumbria ICB",
    "start": date(2022, 4, 1),
    "due": date(2022, 12, 31),
    "rating": "amber",
    "rating_reason": "The consultation closed late",
    "success_criteria": "Strategy published",
    "evidence": "Cabinet minutes",
    "evidence_of_impact": "Waiting times down by a third",
    "notes": "Agreed at the March board",
}
HEADER_VARIANTS = [
    ("ref", ["Ref", "Ref.", "REF", "Action no", "Action No.", "Action number", "No.", "Reference"]),
    ("title", ["Action", "Action description", "Actions", "Action(s)", "ACTIONS", "Key actions"]),
    ("lead", ["Lead", "Lead officer", "Lead Officer(s)", "Lead officer/s", "Owner", "Responsible officer"]),
    ("organisation", ["Partner", "Organisation", "Lead organisation", "Agency", "Lead agency"]),
    ("partners", ["Partners", "Partner organisations", "Key partners", "Partners involved"]),
    ("rating_reason", ["Why the rating got worse", "Reason for rating", "Rating reason", "Reason for RAG rating"]),
    ("due", ["Timescale", "Timescale(s)", "By when", "By when?", "Due", "Target date", "Deadline",
             "Completion date", "Timescale (by when)"]),
    ("rating", ["RAG", "Status", "Rating", "RAG rating", "Progress", "BRAG", "R.A.G. status"]),
    ("success_criteria", ["Success criteria", "Measure of success", "Impact", "Outcome", "Measure of impact",
                          "What will success look like?", "Measures  of  Success", "Success criteria / impact"]),
    ("start", ["Start", "Start date"]),
    ("description", ["Description", "Detail", "Details"]),
    ("evidence", ["Evidence", "Supporting evidence"]),
    ("evidence_of_impact", ["Evidence and impact", "Evidence of impact", "Evidence & Impact", "Impact to date"]),
    ("notes", ["Notes", "Comments", "Additional comments"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("field_name", "header_text"),
    [(field_name, text) for field_name, texts in HEADER_VARIANTS for text in texts],
)
def test_header_variants_are_recognised(field_name, header_text):
    names = [name for name in CANONICAL if name != "strand"]
    header = [header_text if name == field_name else CANONICAL[name] for name in names]
    result = read_xlsx([["Our plan"], [], header, [VALUES[name] for name in names]])
    assert result.columns[field_name] == " ".join(header_text.split())
    assert getattr(result.actions[0], field_name) == EXPECTED[field_name]
    assert result.errors == []


@pytest.mark.parametrize("header_text", ["Strand", "Workstream", "Theme", "Priority", "Area of significant weakness"])
def test_strand_column_variants_set_the_strand(header_text):
    header = [header_text, "Ref", "Action", "Due date", "Rating"]
    result = read_xlsx([header, [VALUES["strand"], "1.1", "Publish the SEND strategy", "Dec 2022", "G"]])
    assert [(strand.number, strand.title) for strand in result.strands] == [(1, "Leadership and management")]


def test_missing_action_column_names_the_columns_found():
    with pytest.raises(PlanSheetError) as raised:
        read_xlsx([["Our WSoA"], ["Ref", "Lead", "Due", "Notes"], ["1.1", "Jo", "March 2023", "x"]])
    assert raised.value.message == (
        'Could not find the header row of the action plan: no column is headed "Action" (or "Actions", '
        '"Action description"). The closest was row 2 of sheet "Plan", with "Ref", "Lead", "Due", "Notes".'
    )


def test_a_lone_actions_title_in_the_title_block_is_not_the_header():
    result = read_xlsx([["Actions"], [], ["Ref", "Action", "Due"], ["1", "Do it", "March 2023"]])
    assert result.header_row == 3


def test_two_columns_for_the_same_field_use_the_first_and_warn():
    result = read_xlsx([["Ref", "Action", "Status", "RAG rating", "Due"], ["1", "Do it", "Green", "Red", "Mar 23"]])
    assert result.actions[0].rating == "green"
    assert 'Row 1: columns "Status" and "RAG rating" both look like the rating; used "Status"' in messages(
        result.warnings
    )


def test_no_rating_column_means_not_started_with_a_warning():
    result = read_xlsx([["Ref", "Action", "Due"], ["Strand 1: One"], ["1", "Do it", "March 2023"]])
    assert result.actions[0].rating == "not_started"
    assert messages(result.warnings) == ['Row 1: no rating column was found, so every action is "Not started"']


def test_blank_timescale_is_a_warning_not_an_error():
    result = read_xlsx([["Ref", "Action", "Due", "RAG"], ["Strand 1: One"], ["1", "Do it", None, "G"]])
    assert result.errors == []
    assert messages(result.warnings) == ["Row 3: no timescale given"]


# --- strands -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        (
            "Area of significant weakness 2: The duties around preparing children and young people for "
            "adulthood, not being fulfilled",
            2,
            "The duties around preparing children and young people for adulthood, not being fulfilled",
        ),
        ("Strand 1 – Identification", 1, "Identification"),
        ("Strand 1 - Identification", 1, "Identification"),
        ("STRAND 3: Co-production, communication and engagement", 3, "Co-production, communication and engagement"),
        ("Priority 3: Inclusive access to services", 3, "Inclusive access to services"),
        ("Workstream 4 Inclusive access to services", 4, "Inclusive access to services"),
        ("Work stream 4: Inclusive access", 4, "Inclusive access"),
        ("ASW 2 – The poor communication with parents and carers", 2, "The poor communication with parents and carers"),
        ("Area for priority action 1: Waiting times", 1, "Waiting times"),
        ("Theme: Leadership", None, "Leadership"),
        ("1. Leadership and management", 1, "Leadership and management"),
        ("2 – Preparation for adulthood", 2, "Preparation for adulthood"),
        ("Leadership and management", None, "Leadership and management"),
        ("Priority actions for 2023", None, "Priority actions for 2023"),
        ("Strand 2", 2, "Strand 2"),
    ],
)
def test_heading_rows_give_strand_number_and_title(heading, number, title):
    result = read_xlsx([HEADER, [heading], action("1", "Do it", "March 2023", "G")], merged_rows=(2,))
    assert [(strand.number, strand.title, strand.row) for strand in result.strands] == [(number, title, 2)]
    assert result.errors == []


def test_explicit_heading_typed_into_the_action_column_is_still_a_heading():
    result = read_xlsx([HEADER, [None, "Strand 2: Meeting needs"], action("1", "Do it", "March 2023", "G")])
    assert [(strand.number, strand.title) for strand in result.strands] == [(2, "Meeting needs")]


def test_lone_text_in_the_action_column_is_an_action_not_a_heading():
    result = read_xlsx([HEADER, ["Strand 1: One"], [None, "Review the Local Offer"]])
    assert [action.title for action in result.actions] == ["Review the Local Offer"]


def test_heading_like_text_right_of_the_action_column_is_a_continuation():
    result = read_xlsx([HEADER, ["Strand 1: One"], action("1", "A", "Mar 23", "G"),
                        [None, None, None, None, None, None, None, "Priority 1: fewer waits"]])  # fmt: skip
    assert len(result.strands) == 1
    assert result.actions[0].success_criteria == "A done\nPriority 1: fewer waits"


def test_heading_with_other_text_keeps_the_heading_and_says_what_was_ignored():
    result = read_xlsx([HEADER, ["Strand 1: Leadership", None, "Lead: Director"], action("1", "Do it", "Mar 23", "G")])
    assert result.strands[0].title == "Leadership"
    assert messages(result.warnings) == ['Row 2: read as the strand heading "Leadership"; ignored "Lead: Director"']


def test_actions_before_any_heading_go_to_a_strand_named_after_the_sheet():
    result = read_xlsx(
        [HEADER, action("1", "Early", "Mar 23", "G"), action("2", "Also early", "Mar 23", "G"), ["Strand 1: Later"],
         action("3", "Later", "Mar 23", "G")],
        title="SEND WSoA",
    )  # fmt: skip
    assert [(strand.title, len(strand.actions)) for strand in result.strands] == [("SEND WSoA", 2), ("Later", 1)]
    assert messages(result.warnings) == [
        'Row 2: 2 actions before the first strand heading went into a strand called "SEND WSoA"'
    ]


def test_actions_before_any_heading_on_an_unnamed_sheet_are_unassigned():
    result = read_xlsx([HEADER, action("1", "Early", "Mar 23", "G")], title="Sheet1")
    assert result.strands[0].title == "Unassigned"
    assert messages(result.warnings) == [
        'Row 2: 1 action before the first strand heading went into a strand called "Unassigned"'
    ]


def test_csv_actions_before_any_heading_are_unassigned():
    result = read_csv([HEADER, action("1", "Early", "Mar 23", "G")])
    assert result.strands[0].title == "Unassigned"


def test_strand_column_carries_down_blank_and_vertically_merged_cells():
    rows = {
        1: ["Strand", *HEADER],
        2: ["1. Leadership", *action("1.1", "One", "Mar 23", "G")],
        3: [None, *action("1.2", "Two", "Mar 23", "G")],
        4: ["2. Co-production", *action("2.1", "Three", "Mar 23", "G")],
        5: [None, *action("2.2", "Four", "Mar 23", "G")],
        6: ["1. Leadership", *action("1.3", "Five", "Mar 23", "G")],
    }
    result = read_xlsx(rows, merges=("A4:A5",))
    assert [(strand.number, strand.title, [a.ref for a in strand.actions]) for strand in result.strands] == [
        (1, "Leadership", ["1.1", "1.2", "1.3"]),
        (2, "Co-production", ["2.1", "2.2"]),
    ]


def test_a_heading_with_no_actions_is_kept_with_a_warning():
    result = read_xlsx([HEADER, ["Strand 1: Empty"], ["Strand 2: Full"], action("1", "Do it", "Mar 23", "G")])
    assert [(strand.title, len(strand.actions)) for strand in result.strands] == [("Empty", 0), ("Full", 1)]
    assert messages(result.warnings) == ['Row 2: strand "Empty" has no actions under it']


def test_a_heading_repeated_later_continues_the_same_strand():
    result = read_xlsx(
        [HEADER, ["Strand 1: One"], action("1", "A", "Mar 23", "G"), ["Strand 1: One"], action("2", "B", "Mar 23", "G")]
    )
    assert [(strand.title, len(strand.actions)) for strand in result.strands] == [("One", 2)]


def test_a_repeated_header_row_is_skipped():
    result = read_xlsx([HEADER, ["Strand 1: One"], action("1", "A", "Mar 23", "G"), HEADER, ["Strand 2: Two"],
                        action("2", "B", "Mar 23", "G")])  # fmt: skip
    assert [action.title for action in result.actions] == ["A", "B"]
    assert result.errors == []


def test_lone_ref_is_an_action_missing_its_text_not_a_heading():
    result = read_xlsx([HEADER, ["Strand 1: One"], ["1.2"], action("1.3", "A", "Mar 23", "G")])
    assert messages(result.errors) == ['Row 3: ref "1.2" has no action']
    assert len(result.strands) == 1


def test_reading_stops_at_the_rating_key():
    result = read_xlsx(
        [HEADER, ["Strand 1: One"], action("1", "A", "Mar 23", "G"), [], ["Key"], ["B"], ["G"], ["A"], ["R"]]
    )
    assert [action.title for action in result.actions] == ["A"]
    assert len(result.strands) == 1
    assert messages(result.warnings) == ["Row 5: stopped reading at the rating key; 4 rows below it not read"]
