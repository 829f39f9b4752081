"""Writing a plan as .xlsx or CSV: the layout, no cell that runs as a formula, an export that reads back as it was."""

import csv
import io
from datetime import date, datetime
from types import SimpleNamespace

from openpyxl import load_workbook

from actions.plan_sheet import read_plan_sheet
from actions.sheet_columns import HEADINGS
from actions.sheet_result import ParsedAction, ParsedStrand
from actions.sheet_writer import write_plan_csv, write_plan_xlsx
from tests.actions.plan_sheets import TODAY, messages, without_rows

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
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A4", "A3:O9")


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
