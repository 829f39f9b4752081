"""A workbook's real size, found before it is read: bombs refused in a moment, a sheet formatted to the end read
fast."""

import io
import time
import zipfile

import pytest

from actions import sheet_bounds
from actions.plan_sheet import PlanSheetError, read_plan_sheet
from actions.sheet_bounds import workbook_extents
from bench._upload_bombs import empty_rows_workbook, formatted_to_the_last_row_workbook
from tests.actions.plan_sheets import xlsx

SHEET = "xl/worksheets/sheet1.xml"


def with_sheet_xml(xml: bytes) -> bytes:
    """A real workbook from openpyxl with its first sheet's XML replaced."""
    source = zipfile.ZipFile(xlsx([["Ref", "Action"], ["1.1", "Do it"]]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, xml if info.filename == SHEET else source.read(info.filename))
    return out.getvalue()


def sheet_xml(rows: bytes, *, dimension: str = "A1:B2", prefix: str = "") -> bytes:
    colon = f"{prefix}:" if prefix else ""
    namespace = f' xmlns{":" + prefix if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return (
        f'<{colon}worksheet{namespace}><{colon}dimension ref="{dimension}"/><{colon}sheetData>'.encode()
        + rows
        + f"</{colon}sheetData></{colon}worksheet>".encode()
    )


def value_row(number: int | None, text: str, prefix: str = "") -> bytes:
    colon = f"{prefix}:" if prefix else ""
    r = f' r="{number}"' if number else ""
    cell = f'<{colon}c t="inlineStr"><{colon}is><{colon}t>{text}</{colon}t></{colon}is></{colon}c>'
    return f"<{colon}row{r}>{cell}</{colon}row>".encode()


# Processor time, not the wall clock: the test machines are shared, and a busy one makes everything slower.
seconds = time.process_time


def test_a_180_kb_workbook_of_twenty_million_empty_rows_is_refused_in_under_two_seconds():
    data = empty_rows_workbook()
    assert len(data) < 200_000
    started = seconds()
    with pytest.raises(PlanSheetError) as refused:
        read_plan_sheet(io.BytesIO(data), filename="plan.xlsx")
    assert seconds() - started < 2
    assert refused.value.message.startswith(
        "plan.xlsx is too big to read: it has more than 1,048,576 rows, more than Excel allows."
    )


def test_a_plan_formatted_down_to_excels_last_row_is_read_only_as_far_as_its_data_in_under_two_seconds():
    data = formatted_to_the_last_row_workbook()
    started = seconds()
    result = read_plan_sheet(io.BytesIO(data), filename="plan.xlsx")
    assert seconds() - started < 2
    assert [action.ref for action in result.actions] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    (extent,) = workbook_extents(data, "plan.xlsx").values()
    assert (extent.rows, extent.last_filled_row) == (1_048_576, 6)


def test_a_dimension_larger_than_excel_allows_is_refused_before_any_row_is_counted():
    data = with_sheet_xml(sheet_xml(value_row(1, "Ref"), dimension="A1:B2000000"))
    with pytest.raises(PlanSheetError, match="says it has 2,000,000 rows, more than Excel allows"):
        read_plan_sheet(io.BytesIO(data), filename="plan.xlsx")


def test_a_value_far_below_any_plan_is_refused():
    rows = value_row(1, "Ref") + value_row(sheet_bounds.MAX_FILLED_ROW + 1, "stray")
    with pytest.raises(PlanSheetError, match="has values below row 20,000"):
        read_plan_sheet(io.BytesIO(with_sheet_xml(sheet_xml(rows))), filename="plan.xlsx")


def test_a_part_that_unpacks_to_more_than_its_limit_is_refused_from_the_zip_directory(monkeypatch):
    monkeypatch.setattr(sheet_bounds, "MAX_SHEET_BYTES", 1000)
    data = with_sheet_xml(sheet_xml(value_row(1, "Ref") + b"<row/>" * 1000))
    with pytest.raises(PlanSheetError, match="unpacks to more than"):
        workbook_extents(data, "plan.xlsx")


def test_the_last_filled_row_is_found_across_reads_and_without_row_numbers(monkeypatch):
    monkeypatch.setattr(sheet_bounds, "_CHUNK", 64)  # many reads, markers cut between them
    rows = value_row(None, "Ref") + b"<row/>" * 40 + value_row(None, "last") + b"<row/>" * 40
    (extent,) = workbook_extents(with_sheet_xml(sheet_xml(rows)), "plan.xlsx").values()
    assert (extent.rows, extent.values, extent.last_filled_row) == (82, 2, 42)


def test_a_sheet_written_with_a_namespace_prefix_is_counted_the_same():
    rows = value_row(1, "Ref", "x") + value_row(7, "Do it", "x") + b'<x:row r="900"/>'
    (extent,) = workbook_extents(with_sheet_xml(sheet_xml(rows, prefix="x")), "plan.xlsx").values()
    assert (extent.rows, extent.last_filled_row) == (3, 7)


def test_an_ordinary_plan_is_read_as_before():
    result = read_plan_sheet(
        xlsx([["Ref", "Action", "Lead"], ["1.1", "Set up a board", "Jo"], ["1.2", "Publish a strategy", "Sam"]]),
        filename="plan.xlsx",
    )
    assert [action.title for action in result.actions] == ["Set up a board", "Publish a strategy"]


def test_a_sheet_with_a_mass_of_empty_cells_above_its_last_value_is_refused(monkeypatch):
    monkeypatch.setattr(sheet_bounds, "MAX_XML_TO_READ", 10_000)
    styled = b"".join(b'<c r="B%d" s="1"/>' % number for number in range(2, 1000))
    rows = value_row(1, "Ref") + b'<row r="2">' + styled + b"</row>" + value_row(3, "Do it")
    with pytest.raises(PlanSheetError, match="has far more cells than an action plan"):
        workbook_extents(with_sheet_xml(sheet_xml(rows)), "plan.xlsx")


def test_a_sheet_kept_outside_the_usual_folder_is_measured_when_it_is_opened(monkeypatch):
    monkeypatch.setattr(sheet_bounds, "workbook_extents", lambda data, filename: {})  # as if it were elsewhere
    rows = value_row(1, "Ref") + value_row(sheet_bounds.MAX_FILLED_ROW + 1, "stray")
    with pytest.raises(PlanSheetError, match="has values below row 20,000"):
        read_plan_sheet(io.BytesIO(with_sheet_xml(sheet_xml(rows))), filename="plan.xlsx")
