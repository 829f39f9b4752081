"""Exporting a plan: no cell of any export runs as a formula."""

import csv
import io

import pytest
from openpyxl import load_workbook

from actions.plan_export import plan_export
from actions.sheet_writer import sheet_title
from tests.actions.factories import ActionFactory, OfficerFactory, PlanFactory, StrandFactory

pytestmark = pytest.mark.django_db

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    '=HYPERLINK("http://x.example","y")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "   =1+1",
]


def runs_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_CHARACTERS) or text.lstrip().startswith(FORMULA_CHARACTERS)


@pytest.fixture
def hostile_plan():
    """A plan with text that a spreadsheet would run as a formula in every place an export writes text."""
    plan = PlanFactory()
    area = plan.inspection.area
    area.name, area.local_authority = HOSTILE[0], "=cmd|' /C calc'!A0"
    area.save()
    lead = OfficerFactory(first_name="=Jo", last_name="+Smith")
    for number, text in enumerate(HOSTILE, start=1):
        strand = StrandFactory(plan=plan, number=number, title=text)
        ActionFactory(
            strand=strand, reference=f"{number}.1", title=text, description=text, lead_organisation=text,
            partners=text, success_criteria=text, rating_reason=text, evidence_links=text,
            lead_officer=lead if number % 2 else None, lead_name="" if number % 2 else text,
        )
    StrandFactory(plan=plan, number=99, title="@a strand with no actions")
    return plan


def test_no_cell_of_the_xlsx_export_is_a_formula(hostile_plan):
    workbook = load_workbook(io.BytesIO(plan_export(plan=hostile_plan, fmt="xlsx")))
    guarded = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str) and runs_as_formula(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
                    guarded += 1
    assert guarded >= 8 * len(HOSTILE) + 2  # eight fields on every row, the title and the local authority
    sheet = workbook.active
    assert sheet["A1"].value.startswith('=HYPERLINK("http://x.example","y")')
    assert sheet["A2"].value == "=cmd|' /C calc'!A0"


def test_no_cell_of_the_csv_export_runs_as_a_formula(hostile_plan):
    text = plan_export(plan=hostile_plan, fmt="csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if runs_as_formula(cell)]
    assert sum(1 for cell in cells if cell.startswith("'") and runs_as_formula(cell[1:])) >= 8 * len(HOSTILE)


def test_the_sheet_is_named_after_the_area_as_excel_allows():
    assert sheet_title('=HYPERLINK("http://x.example","y")') == 'HYPERLINK("http x.example","y")'
    assert sheet_title("Bath & North East Somerset: [SEND]*?") == "Bath & North East Somerset SEND"
    assert len(sheet_title("Blackburn with Darwen, Lancashire and South Cumbria")) == 31
    assert sheet_title("'quoted'") == "quoted"
    assert sheet_title("+-=@") == sheet_title("History") == sheet_title("") == "Action plan"


def test_the_hostile_sheet_name_is_safe_in_the_workbook(hostile_plan):
    title = load_workbook(io.BytesIO(plan_export(plan=hostile_plan, fmt="xlsx"))).active.title
    assert len(title) <= 31 and not runs_as_formula(title)
    assert not set(title) & set("[]:*?/\\")
