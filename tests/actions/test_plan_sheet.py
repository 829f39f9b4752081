"""Importing an action plan from a council's own messy spreadsheet, and exporting one that reads back."""

import csv
import importlib.util
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import Workbook, load_workbook

from actions.plan_sheet import MAX_ROWS, ParsedAction, ParsedStrand, PlanSheetError, read_plan_sheet, result_as_dict
from actions.ratings import legend_from_json
from actions.sheet_columns import HEADINGS
from actions.sheet_writer import write_plan_csv, write_plan_xlsx

TODAY = date(2023, 6, 1)
FIXTURES = Path(__file__).with_name("fixtures")
HEADER = ["Ref", "Action", "Lead", "Organisation", "Start date", "Due date", "Rating", "Success criteria"]
LEGEND_LABELS = "(Blue – complete, Green – on track, Amber – some risk, Red – significant risk/off track, Not started)"


def xlsx(rows, *, title="Plan", merged_rows=(), merges=(), sheets=()):
    """An .xlsx file whose rows are given by Excel row number ({6: [...]}) or in order from row 1."""
    workbook = Workbook()
    first = workbook.active
    for name, sheet_rows in sheets:
        other = workbook.create_sheet(name)
        for values in sheet_rows:
            other.append(values)
    sheet = first if not sheets else workbook.create_sheet(title)
    if sheets:
        workbook.remove(first)
    sheet.title = title
    numbered = rows if isinstance(rows, dict) else dict(enumerate(rows, start=1))
    for row, values in numbered.items():
        for column, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=row, column=column, value=value)
    for row in merged_rows:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def read_xlsx(rows, **options):
    legend = options.pop("legend", None)
    extra = {"legend": legend} if legend else {}
    return read_plan_sheet(xlsx(rows, **options), filename="plan.xlsx", today=TODAY, **extra)


def csv_file(rows, *, delimiter=",", encoding="utf-8-sig"):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return io.BytesIO(text.getvalue().encode(encoding))


def read_csv(rows, **options):
    return read_plan_sheet(csv_file(rows, **options), filename="plan.csv", today=TODAY)


def messages(problems):
    return [problem.message for problem in problems]


def without_rows(result):
    """The result as data, without the row numbers that differ between a sheet and its export."""
    data = result_as_dict(result)
    for strand in data["strands"]:
        strand.pop("row")
        for action in strand["actions"]:
            action.pop("row")
    return data["strands"]


def action(ref, title, due, rating, *, start=None, success_criteria=None):
    """A row under HEADER."""
    return [ref, title, "Head of SEND", "Council", start, due, rating, success_criteria or f"{title} done"]


# --- a messy sheet with everything at once ---------------------------------------------------------------

MESSY = {
    1: ["Anytown Local Area SEND Partnership"],
    2: ["Written Statement of Action – progress tracker"],
    3: ["Last updated", datetime(2023, 5, 2)],
    6: ["Action no", "Action description", "Owner", "Agency", "Start date", "Target date", "Status",
        "Measure of impact"],
    7: ["Area of significant weakness 1: Identification of needs"],
    8: action("1.1", "Train early years staff to spot needs", datetime(2023, 3, 31), "G"),
    9: action("1.2", "Health visitors check development at 2", "31/03/2023", "A"),
    10: action("1.3", "Share the SEND register with health", "31.03.23", "R"),
    11: action("1.4", "Screen every reception child for speech delay", "March 2023", "B"),
    13: ["Strand 2 – Meeting needs"],
    14: action("2.1", "Write EHC plans within 20 weeks", "Mar-23", "Complete"),
    15: action("2.2", "Quality assure every EHC plan", "Mar 23", "Not started"),
    16: action("2.3", "Train SENCOs in outcomes writing", "Sept 2023", "On track"),
    17: action("2.4", "Set up a multi-agency panel", "Q3 2023/24", "At risk"),
    18: action("2.5", "Review health advice for EHC plans", "Q3 2023-24", "Off track"),
    19: action("2.6", "Audit annual reviews", "Q4 23/24", "Behind"),
    20: ["Priority 3: Improving outcomes"],
    21: action("3.1", "Report outcomes to the Board", "Ongoing", "Done"),
    22: action("3.2", "Hear from young people every term", "On-going", None),
    23: action("3.3", "Track attendance of children with EHC plans", "Continuous", "Red"),
    24: action("3.4", "Publish a preparation for adulthood offer", "End of March 2023", "Amber"),
    25: action("3.5", "Agree the SEND strategy", "By September 2022", "Green"),
    26: action("3.6", "Commission an independent review", 45016, "blue"),
    27: ["Workstream 4 Co-production"],
    28: action("4.1", "Parent carer forum at every Board", "Spring 2023", "R/A"),
    29: action("4.2", "Newsletter to families", "soon", "Purple"),
    30: ["4.3"],
    31: action("4.1", "Co-produce the Local Offer", "June 2023", "G"),
    32: [None, None, None, None, None, None, None, "Also fewer complaints"],
    33: [None, None, None, None, None, "July 2023"],
    34: action("4.5", "Start late", "31/07/2023", "G", start="01/09/2023"),
}  # fmt: skip


@pytest.fixture(scope="module")
def messy():
    return read_xlsx(MESSY, merged_rows=(1, 7, 13, 20, 27))


def test_messy_sheet_finds_the_header_under_the_title_block(messy):
    assert messy.header_row == 6
    assert messy.columns == {
        "ref": "Action no",
        "title": "Action description",
        "lead": "Owner",
        "organisation": "Agency",
        "start": "Start date",
        "due": "Target date",
        "rating": "Status",
        "success_criteria": "Measure of impact",
    }


def test_messy_sheet_heading_rows_start_numbered_strands(messy):
    assert [(strand.number, strand.title, strand.row) for strand in messy.strands] == [
        (1, "Identification of needs", 7),
        (2, "Meeting needs", 13),
        (3, "Improving outcomes", 20),
        (4, "Co-production", 27),
    ]
    assert [len(strand.actions) for strand in messy.strands] == [4, 6, 6, 4]


def test_messy_sheet_reads_every_timescale_variant(messy):
    dues = {(action.row, action.ref): (action.due, action.ongoing) for action in messy.actions}
    assert dues == {
        (8, "1.1"): (date(2023, 3, 31), False),
        (9, "1.2"): (date(2023, 3, 31), False),
        (10, "1.3"): (date(2023, 3, 31), False),
        (11, "1.4"): (date(2023, 3, 31), False),
        (14, "2.1"): (date(2023, 3, 31), False),
        (15, "2.2"): (date(2023, 3, 31), False),
        (16, "2.3"): (date(2023, 9, 30), False),
        (17, "2.4"): (date(2023, 12, 31), False),
        (18, "2.5"): (date(2023, 12, 31), False),
        (19, "2.6"): (date(2024, 3, 31), False),
        (21, "3.1"): (None, True),
        (22, "3.2"): (None, True),
        (23, "3.3"): (None, True),
        (24, "3.4"): (date(2023, 3, 31), False),
        (25, "3.5"): (date(2022, 9, 30), False),
        (26, "3.6"): (date(2023, 3, 31), False),
        (28, "4.1"): (None, False),
        (29, "4.2"): (None, False),
        (31, "4.1"): (date(2023, 6, 30), False),
        (34, "4.5"): (date(2023, 7, 31), False),
    }


def test_messy_sheet_reads_ratings_written_as_letters_and_words(messy):
    ratings = [action.rating for action in messy.actions]
    assert ratings == [
        "green", "amber", "red", "blue",
        "blue", "not_started", "green", "amber", "red", "red",
        "blue", "not_started", "red", "amber", "green", "blue",
        "not_started", "not_started", "green", "green",
    ]  # fmt: skip


def test_messy_sheet_reports_each_bad_row_by_its_excel_row_number(messy):
    assert messages(messy.errors) == [
        'Row 28: timescale "Spring 2023" is ambiguous: a season or term has no agreed end date; give a month',
        'Row 28: rating "R/A" gives more than one rating (Red, Amber): choose one',
        'Row 29: timescale "soon" is not a date, month, quarter or "Ongoing"',
        f'Row 29: rating "Purple" is not a rating in this plan\'s legend {LEGEND_LABELS}',
        'Row 30: ref "4.3" has no action',
        'Row 31: ref "4.1" is also used on row 28',
        'Row 33: has text but no ref or action ("July 2023"), and it has a timescale of its own',
        "Row 34: start date 01/09/2023 is after the due date 31/07/2023",
    ]
    assert [problem.row for problem in messy.errors] == [28, 28, 29, 29, 30, 31, 33, 34]


def test_messy_sheet_joins_a_free_text_continuation_row_and_says_so(messy):
    assert messages(messy.warnings) == [
        "Row 32: has no ref or action, so its text was added to the action on row 31",
    ]
    joined = next(action for action in messy.actions if action.row == 31)
    assert joined.success_criteria == "Co-produce the Local Offer done\nAlso fewer complaints"


def test_messy_sheet_as_dict(messy):
    data = result_as_dict(messy)
    json.dumps(data)  # JSON-ready
    first = data["strands"][0]
    assert first["title"] == "Identification of needs"
    assert first["actions"][0] == {
        "row": 8,
        "ref": "1.1",
        "title": "Train early years staff to spot needs",
        "description": "",
        "lead": "Head of SEND",
        "organisation": "Council",
        "partners": "",
        "start": None,
        "due": "2023-03-31",
        "ongoing": False,
        "rating": "green",
        "rating_reason": "",
        "success_criteria": "Train early years staff to spot needs done",
        "evidence": "",
    }
    assert data["errors"][0] == {"row": 28, "message": messy.errors[0].message}
    assert set(data) == {"strands", "errors", "warnings"}


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
    ("evidence", ["Evidence", "Evidence of impact"]),
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
    result = read_xlsx([[*HEADER, "Notes"], ["Strand 1: One"], action("1", "A", "Mar 23", "G"),
                        [None, None, None, None, None, None, None, None, "Chased in May"]])  # fmt: skip
    assert result.errors == []
    assert messages(result.warnings) == [
        'Row 4: has text only in columns that are not imported ("Notes"); it was ignored'
    ]


def test_a_range_in_the_timescale_sets_the_start_when_there_is_no_start_date():
    result = read_xlsx([HEADER, action("1", "A", "Sept 2022 – March 2023", "G")])
    assert (result.actions[0].start, result.actions[0].due) == (date(2022, 9, 1), date(2023, 3, 31))


def test_start_written_as_a_month_means_its_first_day():
    result = read_xlsx([HEADER, action("1", "A", "March 2023", "G", start="Sept 2022")])
    assert result.actions[0].start == date(2022, 9, 1)


def test_bad_start_date_is_reported_as_a_start_date():
    result = read_xlsx([HEADER, action("1", "A", "March 2023", "G", start="whenever")])
    assert messages(result.errors) == ['Row 2: start date "whenever" is not a date, month, quarter or "Ongoing"']


def test_refs_are_compared_ignoring_case_and_spaces():
    result = read_xlsx([HEADER, action("A 1", "A", "Mar 23", "G"), action("a1", "B", "Mar 23", "G")])
    assert messages(result.errors) == ['Row 3: ref "a1" is also used on row 2']


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
    assert messages(result.errors) == [
        'Row 3: rating "Done" is not a rating in this plan\'s legend (Blue – suspended, Green, Amber, Red, Not started)'
    ]


# --- whole-file problems -----------------------------------------------------------------------------


def test_empty_file_is_refused():
    with pytest.raises(PlanSheetError, match=r"^plan\.csv is empty\.$"):
        read_plan_sheet(io.BytesIO(b""), filename="plan.csv")


def test_empty_sheet_is_refused():
    with pytest.raises(PlanSheetError, match="has no text in it"):
        read_plan_sheet(xlsx([]), filename="plan.xlsx")


def test_header_with_no_actions_under_it_is_refused():
    with pytest.raises(
        PlanSheetError, match=r'^Found the header row \(row 2 of sheet "Plan"\) but no actions under it'
    ):
        read_xlsx([["My plan"], HEADER, ["Strand 1: One"]])


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    with pytest.raises(PlanSheetError, match=r"^letter\.pdf is not a spreadsheet"):
        read_plan_sheet(io.BytesIO(b"%PDF-1.7\n..."), filename="letter.pdf")


def test_binary_data_named_csv_is_refused():
    with pytest.raises(PlanSheetError, match="is not a spreadsheet"):
        read_plan_sheet(io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), filename="plan.csv")


def test_text_named_xlsx_is_refused():
    with pytest.raises(PlanSheetError, match="is not a real Excel workbook"):
        read_plan_sheet(io.BytesIO(b"Ref,Action\n1,Do it\n"), filename="plan.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(PlanSheetError, match="could not be opened as an Excel workbook"):
        read_plan_sheet(io.BytesIO(buffer.getvalue()), filename="plan.xlsx")


def test_password_protected_workbook_is_refused_with_how_to_fix():
    # Excel wraps an encrypted workbook in a compound file with an "EncryptedPackage" stream.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(PlanSheetError, match=r"^plan\.xlsx is password-protected\. Remove the password"):
        read_plan_sheet(io.BytesIO(data), filename="plan.xlsx")


def test_old_xls_workbook_is_refused_with_how_to_fix():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le")
    with pytest.raises(PlanSheetError, match=r"older Excel 97–2003 workbook\. .*save it as an Excel Workbook"):
        read_plan_sheet(io.BytesIO(data), filename="plan.xls")


def test_opendocument_spreadsheet_is_refused_with_how_to_fix():
    with pytest.raises(PlanSheetError, match="OpenDocument spreadsheet"):
        read_plan_sheet(io.BytesIO(b"PK\x03\x04rest"), filename="plan.ods")


def test_huge_csv_is_refused():
    rows = [HEADER] + [action(str(n), f"Action {n}", "Mar 23", "G") for n in range(MAX_ROWS)]
    with pytest.raises(PlanSheetError, match=r"^plan\.csv has more than 5,000 rows"):
        read_csv(rows)


def test_csv_of_exactly_the_limit_is_read():
    rows = [HEADER] + [action(str(n), f"Action {n}", "Mar 23", "G") for n in range(MAX_ROWS - 1)]
    assert len(read_csv(rows).actions) == MAX_ROWS - 1


def test_huge_workbook_is_refused():
    with pytest.raises(PlanSheetError, match="has more than 5,000 rows"):
        read_xlsx([HEADER] + [["x", f"Action {n}"] for n in range(MAX_ROWS)])


def test_big_data_tab_next_to_the_plan_does_not_stop_the_plan_being_read():
    data_tab = [["Pupil", "Need"]] + [[n, "SLCN"] for n in range(MAX_ROWS + 1)]
    result = read_xlsx([HEADER, action("1", "A", "Mar 23", "G")], title="Plan", sheets=[("Data", data_tab)])
    assert result.sheet_name == "Plan"
    assert [action.title for action in result.actions] == ["A"]


def test_blank_rows_at_the_sheet_end_do_not_count_towards_the_limit():
    rows = {1: HEADER, 2: action("1", "A", "Mar 23", "G"), MAX_ROWS + 10: [], MAX_ROWS + 20: [None]}
    assert len(read_xlsx(rows).actions) == 1


def test_path_on_disk_can_be_read(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx([HEADER, action("1", "A", "Mar 23", "G")]).getvalue())
    assert len(read_plan_sheet(path, filename="plan.xlsx", today=TODAY).actions) == 1


# --- CSV encodings and delimiters ---------------------------------------------------------------------


def test_csv_in_windows_code_page_is_read():
    result = read_csv([HEADER, action("1", "Review – with £5k budget", "Mar 23", "G")], encoding="cp1252")
    assert result.actions[0].title == "Review – with £5k budget"


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_csv_delimiter_is_sniffed(delimiter):
    result = read_csv([["Our plan, v2"], HEADER, action("1", "Do it, then review", "Mar 23", "G")], delimiter=delimiter)
    assert result.actions[0].title == "Do it, then review"
    assert result.actions[0].due == date(2023, 3, 31)


def test_utf16_unicode_text_export_is_read():
    result = read_csv([HEADER, action("1", "Café review", "Mar 23", "G")], delimiter="\t", encoding="utf-16")
    assert result.actions[0].title == "Café review"


def test_csv_row_numbers_are_record_numbers():
    result = read_csv([["Plan"], [], HEADER, action("1", "A", "soon", "G")])
    assert messages(result.errors) == ['Row 4: timescale "soon" is not a date, month, quarter or "Ongoing"']


def test_import_removes_the_formula_guard_apostrophe_but_keeps_real_apostrophes():
    result = read_csv([HEADER, action("1", "'=SUM(A1)", "Mar 23", "G", success_criteria="'Local offer' page used")])
    assert result.actions[0].title == "=SUM(A1)"
    assert result.actions[0].success_criteria == "'Local offer' page used"


# --- export and round trip ---------------------------------------------------------------------------


def plan_to_export():
    return [
        ParsedStrand(
            number=1,
            title="Leadership and management",
            actions=[
                ParsedAction(
                    row=0,
                    ref="1.10",
                    title="Publish a SEND Strategy 2022–2025",
                    description="Co-produced with young people\nand parents",
                    lead="Assistant Director – Education, SEND and Early Years",
                    organisation="Blackpool Council",
                    partners="NHS Blackpool ICB; schools",
                    start=date(2022, 6, 1),
                    due=date(2022, 12, 31),
                    rating="green",
                    success_criteria="Strategy published",
                    evidence="https://example.org/strategy",
                ),
                ParsedAction(row=0, ref="1.2", title="Partnership Board", ongoing=True, rating="blue"),
            ],
        ),
        ParsedStrand(number=None, title="Preparation for adulthood", actions=[]),
        ParsedStrand(
            number=3,
            title="Co-production, communication and engagement",
            actions=[
                ParsedAction(
                    row=0,
                    ref="3.1",
                    title='=HYPERLINK("http://evil.example","Click")',
                    lead="+44 1253 000000",
                    organisation="@council",
                    due=date(2023, 3, 31),
                    rating="red",
                    rating_reason="Two posts unfilled",
                    success_criteria="- fewer complaints\n- more co-production",
                    evidence="-",
                ),
                ParsedAction(row=0, ref="3.2", title="No date yet", rating="amber"),
                ParsedAction(row=0, ref="", title="Not started yet", due=date(2024, 3, 31)),
            ],
        ),
    ]


def test_xlsx_export_reads_back_to_the_same_plan():
    buffer = io.BytesIO()
    write_plan_xlsx(plan_to_export(), buffer)
    buffer.seek(0)
    result = read_plan_sheet(buffer, filename="export.xlsx", today=TODAY)
    assert without_rows(result) == without_rows(SimpleNamespace(strands=plan_to_export(), errors=[], warnings=[]))
    assert result.errors == []


def test_csv_export_reads_back_to_the_same_plan():
    text = io.StringIO()
    write_plan_csv(plan_to_export(), text)
    result = read_plan_sheet(io.BytesIO(text.getvalue().encode("utf-8")), filename="export.csv", today=TODAY)
    assert without_rows(result) == without_rows(SimpleNamespace(strands=plan_to_export(), errors=[], warnings=[]))
    assert result.errors == []


def test_export_round_trip_keeps_only_the_expected_warnings():
    buffer = io.BytesIO()
    write_plan_xlsx(plan_to_export(), buffer)
    buffer.seek(0)
    result = read_plan_sheet(buffer, filename="export.xlsx", today=TODAY)
    assert messages(result.warnings) == [
        'Row 6: strand "Preparation for adulthood" has no actions under it',
        "Row 8: no timescale given",
    ]


def test_xlsx_export_layout():
    buffer = io.BytesIO()
    write_plan_xlsx(plan_to_export(), buffer, title="Blackpool WSoA")
    buffer.seek(0)
    sheet = load_workbook(buffer).active
    assert sheet["A1"].value == "Blackpool WSoA"
    assert [cell.value for cell in sheet[3]] == list(HEADINGS)
    assert sheet["A4"].value == "1.10"  # stays text, not the number 1.1
    assert sheet["B4"].value == "Strand 1: Leadership and management"
    assert sheet["G4"].value == "NHS Blackpool ICB; schools"
    assert sheet["I4"].value == datetime(2022, 12, 31)
    assert sheet["I4"].number_format == "dd/mm/yyyy"
    assert sheet["I5"].value == "Ongoing"
    assert sheet["J4"].value == "Green – on track"
    assert sheet["K7"].value == "Two posts unfilled"
    assert sheet["B6"].value == "Preparation for adulthood"
    assert sheet["A3"].font.b and sheet["A1"].font.b
    assert sheet["D4"].alignment.wrap_text  # text on two lines shows both
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A4", "A3:M9")


def test_xlsx_export_stores_formula_like_text_as_text():
    buffer = io.BytesIO()
    write_plan_xlsx(plan_to_export(), buffer)
    buffer.seek(0)
    sheet = load_workbook(buffer).active
    for cell in ("C7", "E7", "F7", "L7", "M7"):
        assert sheet[cell].data_type == "s", cell
        assert sheet[cell].quotePrefix, cell
    assert sheet["C7"].value == '=HYPERLINK("http://evil.example","Click")'


def test_csv_export_neutralises_formulas_and_writes_uk_dates():
    text = io.StringIO()
    write_plan_csv(plan_to_export(), text)
    rows = list(csv.reader(io.StringIO(text.getvalue().lstrip("\ufeff"))))
    assert rows[0] == list(HEADINGS)
    assert rows[1][7:9] == ["01/06/2022", "31/12/2022"]
    assert rows[2][8] == "Ongoing"
    assert rows[4][2] == '\'=HYPERLINK("http://evil.example","Click")'
    assert rows[4][4:6] == ["'+44 1253 000000", "'@council"]
    assert rows[4][11:13] == ["'- fewer complaints\n- more co-production", "'-"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_csv_export_to_a_binary_stream_has_a_byte_order_mark_for_excel():
    buffer = io.BytesIO()
    write_plan_csv(plan_to_export(), buffer)
    assert buffer.getvalue().startswith(b"\xef\xbb\xbfRef,Strand,Action")
    assert not buffer.closed


def test_export_accepts_any_objects_with_the_same_attributes():
    strands = [SimpleNamespace(number=2, title="Meeting needs", actions=[SimpleNamespace(ref="2.1", title="Do it")])]
    text = io.StringIO()
    write_plan_csv(strands, text)
    result = read_plan_sheet(io.BytesIO(text.getvalue().encode()), filename="x.csv", today=TODAY)
    assert [(a.ref, a.title, a.rating, a.due) for a in result.actions] == [("2.1", "Do it", "not_started", None)]


# --- the committed realistic fixture -------------------------------------------------------------------


def fixture_script():
    spec = importlib.util.spec_from_file_location("make_messy_wsoa", FIXTURES / "make_messy_wsoa.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def blackpool():
    return read_plan_sheet(FIXTURES / "messy_wsoa.xlsx", filename="messy_wsoa.xlsx", today=TODAY)


def test_committed_fixture_matches_its_script():
    built = fixture_script().messy_wsoa_workbook()
    committed = load_workbook(FIXTURES / "messy_wsoa.xlsx")
    assert committed.sheetnames == built.sheetnames
    for name in built.sheetnames:
        assert [list(row) for row in committed[name].values] == [list(row) for row in built[name].values], name


def test_blackpool_fixture_skips_the_cover_sheet_and_title_block(blackpool):
    assert (blackpool.sheet_name, blackpool.header_row) == ("WSOA plan", 6)


def test_blackpool_fixture_has_the_four_strands(blackpool):
    assert [(strand.number, strand.title, strand.row, len(strand.actions)) for strand in blackpool.strands] == [
        (1, "Leadership and management", 8, 4),
        (2, "The duties around preparing children and young people for adulthood, not being fulfilled", 15, 4),
        (3, "Co-production, communication and engagement", 22, 4),
        (4, "Inclusive access to services", 28, 3),
    ]


def test_blackpool_fixture_actions(blackpool):
    summary = [(a.row, a.ref, a.start, a.due, a.ongoing, a.rating) for a in blackpool.actions]
    assert summary == [
        (9, "1.1", date(2022, 6, 1), date(2022, 12, 31), False, "green"),
        (10, "1.2", None, date(2022, 9, 30), False, "blue"),
        (11, "1.3", None, date(2022, 12, 31), False, "amber"),
        (13, "1.4", None, None, True, "green"),
        (16, "2.1", date(2022, 9, 1), date(2023, 3, 31), False, "amber"),
        (17, "2.2", None, date(2023, 3, 31), False, "red"),
        (18, "2.3", None, None, False, "not_started"),
        (19, "2.4", None, date(2023, 6, 30), False, "green"),
        (23, "3.1", None, date(2023, 3, 31), False, "green"),
        (24, "3.2", None, date(2023, 12, 31), False, "not_started"),
        (25, "3.2", None, None, False, "not_started"),
        (26, "3.4", None, date(2022, 9, 30), False, "blue"),
        (29, "4.1", date(2022, 7, 1), date(2023, 3, 31), False, "red"),
        (30, "4.2", None, date(2023, 3, 31), False, "amber"),
        (32, "4.3", None, None, True, "not_started"),
    ]
    first = blackpool.actions[0]
    assert first.lead == "Assistant Director – Education, SEND and Early Years"
    assert first.description.startswith("Consultation through an online survey")
    assert first.evidence == "Executive decision notice"
    assert blackpool.actions[2].success_criteria == (
        "Dashboard reviewed at every Board meeting\nData quality issues resolved within a month"
    )


def test_blackpool_fixture_problems_are_on_the_right_rows(blackpool):
    assert messages(blackpool.errors) == [
        'Row 18: timescale "Spring 2023" is ambiguous: a season or term has no agreed end date; give a month',
        'Row 24: rating "R/A" gives more than one rating (Red, Amber): choose one',
        'Row 25: ref "3.2" is also used on row 24',
        'Row 25: timescale "TBC" is not a date, month, quarter or "Ongoing"',
        'Row 31: has text but no ref or action ("Mar 23"; "Posts advertised"), and it has a timescale of its own',
    ]
    assert messages(blackpool.warnings) == [
        "Row 12: has no ref or action, so its text was added to the action on row 11",
        "Row 34: stopped reading at the rating key; 1 row below it not read",
    ]
