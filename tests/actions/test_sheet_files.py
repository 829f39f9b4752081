"""Plan sheet files: what is refused before a row is read, the limits on size, and the CSV encodings and delimiters."""

import io
import zipfile
from datetime import date

import pytest

from actions.plan_sheet import PlanSheetError, read_plan_sheet
from actions.sheet_files import MAX_ROWS
from tests.actions.plan_sheets import HEADER, TODAY, action, messages, read_csv, read_xlsx, xlsx

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
    assert messages(result.warnings)[0] == (
        'Row 4: timescale "soon" is not a date, month, quarter or "Ongoing", so it is left blank'
    )


def test_import_removes_the_formula_guard_apostrophe_but_keeps_real_apostrophes():
    result = read_csv([HEADER, action("1", "'=SUM(A1)", "Mar 23", "G", success_criteria="'Local offer' page used")])
    assert result.actions[0].title == "=SUM(A1)"
    assert result.actions[0].success_criteria == "'Local offer' page used"
