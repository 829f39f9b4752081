"""Two messy plan sheets read end to end: one made here with every problem at once, and the committed workbook."""

import importlib.util
import json
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from actions.plan_sheet import read_plan_sheet
from actions.sheet_result import result_as_dict
from tests.actions.plan_sheets import FIXTURES, TODAY, action, messages, read_xlsx

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
        (28, "4.1a"): (None, False),
        (29, "4.2"): (None, False),
        (31, "4.1b"): (date(2023, 6, 30), False),
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
        'Row 28: rating "R/A" gives more than one rating (Red, Amber): choose one',
        'Row 30: ref "4.3" has no action',
        'Row 33: has text but no ref or action ("July 2023"), and it has a timescale of its own',
        "Row 34: start date 01/09/2023 is after the due date 31/07/2023",
    ]
    assert [problem.row for problem in messy.errors] == [28, 30, 33, 34]


def test_messy_sheet_warns_about_unreadable_dates_and_lists_unknown_rating_words(messy):
    assert messages(messy.warnings) == [
        'Row 28: timescale "Spring 2023" is ambiguous: a season or term has no agreed end date; give a month, '
        "so it is left blank",
        'Row 28: ref "4.1" is on rows 28 and 31, so they are the sub-actions 4.1a and 4.1b',
        'Row 29: timescale "soon" is not a date, month, quarter or "Ongoing", so it is left blank',
        "Row 32: has no ref or action, so its text was added to the action on row 31",
    ]
    assert [(word.written, word.rows) for word in messy.unknown_words] == [("Purple", (29,))]


def test_messy_sheet_joins_a_free_text_continuation_row_and_says_so(messy):
    assert "Row 32: has no ref or action, so its text was added to the action on row 31" in messages(messy.warnings)
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
        "evidence_of_impact": "",
        "notes": "",
        "written_ref": "",
        "rating_word": "",
        "rating_blank": False,
        "history": [],
    }
    assert data["errors"][0] == {"row": 28, "message": messy.errors[0].message}
    assert set(data) == {"strands", "errors", "warnings"}


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
        (24, "3.2a", None, date(2023, 12, 31), False, "not_started"),
        (25, "3.2b", None, None, False, "not_started"),
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
        'Row 24: rating "R/A" gives more than one rating (Red, Amber): choose one',
        'Row 31: has text but no ref or action ("Mar 23"; "Posts advertised"), and it has a timescale of its own',
    ]
    assert messages(blackpool.warnings) == [
        "Row 12: has no ref or action, so its text was added to the action on row 11",
        'Row 18: timescale "Spring 2023" is ambiguous: a season or term has no agreed end date; give a month, '
        "so it is left blank",
        'Row 24: ref "3.2" is on rows 24 and 25, so they are the sub-actions 3.2a and 3.2b',
        'Row 25: timescale "TBC" is not a date, month, quarter or "Ongoing", so it is left blank',
        "Row 34: stopped reading at the rating key; 1 row below it not read",
    ]
