"""Opening an uploaded spreadsheet (.xlsx or .csv) as rows of cells; a message for every file that is not one."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import IO, Any

from actions.sheet_columns import HEADER_SEARCH_ROWS, Row, cell_text, find_header

# An action plan has tens or a few hundred rows; thousands means the wrong file (or a data dump) and
# reading it would only produce a wall of problems.
MAX_ROWS = 5_000
# Columns beyond this are never part of a plan and only cost time (a stray cell in column XFD).
MAX_COLUMNS = 60
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


class PlanSheetError(Exception):
    """A file that cannot be read as an action plan at all; the message is written for the person uploading."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def file_bytes(path_or_fileobj: str | Path | IO[bytes]) -> bytes:
    if isinstance(path_or_fileobj, str | Path):
        return Path(path_or_fileobj).read_bytes()
    data = path_or_fileobj.read()
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _extension(filename: str) -> str:
    return Path(filename).suffix.lower()


def _looks_like_workbook(data: bytes, filename: str) -> bool:
    if data.startswith(_OLE_SIGNATURE):
        # Excel saves a password-protected .xlsx inside an old-style compound file, as it does .xls.
        if _ENCRYPTED_PACKAGE in data:
            raise PlanSheetError(
                f"{filename} is password-protected. Remove the password in Excel (File, Info, Protect "
                "Workbook, Encrypt with Password) and upload it again."
            )
        raise PlanSheetError(
            f"{filename} is an older Excel 97–2003 workbook. Open it in Excel, save it as an Excel "
            "Workbook (.xlsx) and upload that."
        )
    if data.startswith(b"PK\x03\x04"):
        if _extension(filename) == ".ods":
            raise PlanSheetError(
                f"{filename} is an OpenDocument spreadsheet. Save it as an Excel Workbook (.xlsx) and upload that."
            )
        return True
    extension = _extension(filename)
    if extension in {".xlsx", ".xlsm", ".xls"}:
        raise PlanSheetError(f"{filename} is not a real Excel workbook: it may be damaged or renamed.")
    if extension not in {".csv", ".txt", ".tsv", ""}:
        raise PlanSheetError(f"{filename} is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file.")
    return False


def _xlsx_sheets(data: bytes, filename: str) -> Generator[tuple[str, list[Row] | PlanSheetError], None, None]:
    import openpyxl  # imported only when a workbook is uploaded: it is slow to import

    from actions.sheet_bounds import part_extent, workbook_extents

    extents = workbook_extents(data, filename)  # refuses a workbook too big to read, before openpyxl opens it
    try:
        with warnings.catch_warnings():
            # openpyxl warns about every Excel feature it does not keep (data validation, slicers…); none
            # of them matter for reading values.
            warnings.simplefilter("ignore")
            # Read-only streams rows with little memory. It loses merged-cell ranges, which reading does not
            # need: a merged cell's value sits in its top-left cell, where headings are looked for, and a
            # vertically merged strand cell is carried down like any blank strand cell.
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged or non-Excel zips
        raise PlanSheetError(
            f"{filename} could not be opened as an Excel workbook: it may be damaged, or another kind of file."
        ) from error
    try:
        for worksheet in workbook.worksheets:
            # A read-only sheet trusts the size the file declares, which some tools write wrongly.
            worksheet.reset_dimensions()
            path = worksheet._worksheet_path
            extent = extents.get(path) or part_extent(data, filename, path)
            # Only as far as the last row with a value: rows formatted below it are many and empty.
            last_row = max(extent.last_filled_row, 1)
            cells = worksheet.iter_rows(min_row=1, max_row=last_row, max_col=MAX_COLUMNS, values_only=True)
            try:
                rows: list[Row] | PlanSheetError = _rows_with_text(cells, filename)
            except PlanSheetError as error:
                rows = error
            yield worksheet.title, rows
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise PlanSheetError(f"{filename} is damaged: part of the workbook could not be read.") from error
    finally:
        workbook.close()


def _csv_sheets(data: bytes, filename: str) -> Generator[tuple[str, list[Row] | PlanSheetError], None, None]:
    text = _decoded(data, filename)
    try:
        rows = _rows_with_text(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)), filename)
    except csv.Error as error:
        raise PlanSheetError(f"{filename} is not a readable CSV file ({error}).") from error
    yield "", rows  # a CSV file has no sheet title to name a strand after


def _delimiter(text: str) -> str:
    """The delimiter under which the sample has the best header row.

    The csv sniffer alone is fooled by a title block ("Our plan, v2" above a semicolon-separated table),
    so each likely delimiter is tried and the one that finds the most known column names wins.
    """
    sample = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS * 2])
    try:
        guess = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        guess = ","
    candidates = [guess] + [delimiter for delimiter in ",;\t|" if delimiter != guess]

    def header_score(delimiter: str) -> int:
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        except csv.Error:
            return -1
        header = find_header([(number, row) for number, row in enumerate(rows, start=1) if any(row)])
        return header.score if "title" in header.columns else 0

    return max(candidates, key=header_score)  # max keeps the first of equals: the sniffer's guess


def _decoded(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")  # Excel's "Unicode Text" export
    if b"\x00" in data:
        raise PlanSheetError(f"{filename} is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV (Comma delimited)" in the Windows code page, not UTF-8.
        return data.decode("cp1252", errors="replace")


def _rows_with_text(rows: Iterable[Iterable[Any]], filename: str) -> list[Row]:
    kept: list[Row] = []
    for number, row in enumerate(rows, start=1):
        values = list(row)[:MAX_COLUMNS]
        if any(cell_text(value) for value in values):
            if len(kept) == MAX_ROWS:
                raise PlanSheetError(
                    f"{filename} has more than {MAX_ROWS:,} rows. An action plan is much smaller: check that "
                    "this is the right file, or remove rows that are not actions."
                )
            kept.append((number, values))
    return kept


def sheets_of(data: bytes, filename: str) -> Generator[tuple[str, list[Row] | PlanSheetError], None, None]:
    """Each sheet's title and its rows with text; a sheet too big to be a plan gives its error instead of rows."""
    return _xlsx_sheets(data, filename) if _looks_like_workbook(data, filename) else _csv_sheets(data, filename)
