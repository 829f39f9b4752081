"""Writing strands and their actions as an .xlsx workbook or a CSV file that the plan reader reads back."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from actions.ratings import DEFAULT_LEGEND, Legend, legend_entry
from actions.sheet_columns import (
    COLUMNS,
    DATE,
    FORMULA_STARTS,
    HEADINGS,
    RATING,
    STRAND,
    TIMESCALE,
    Column,
    looks_like_formula,
)

# Control characters an .xlsx file cannot hold (tab, line feed and carriage return it can).
_XLSX_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_plan_xlsx(
    strands: Iterable[Any], fileobj: IO[bytes], *, legend: Legend = DEFAULT_LEGEND, title: str = "Action plan",
    subtitle: str = "", sheet_name: str = "Action plan",
) -> None:
    """Write strands and their actions as an .xlsx workbook that :func:`~actions.plan_sheet.read_plan_sheet` reads
    back: the title (and ``subtitle``) on rows 1 and 2, the headings on row 3, an action per row under them.

    ``strands`` are ParsedStrand-shaped objects (number, title, actions) whose actions are
    ParsedAction-shaped (an attribute per column of ``sheet_columns.COLUMNS``, and ``ongoing``); missing
    attributes are written blank. No cell is ever a formula, whatever the text (see :func:`looks_like_formula`).

    Written in openpyxl's write-only mode, row by row, with a style only where a cell needs one (the title and
    headings, dates, text that looks like a formula, text on several lines): a style on every cell doubled the time.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(sheet_name))
    for position, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    header_row = 3
    sheet.freeze_panes = f"A{header_row + 1}"
    cells = _XlsxCells(sheet)
    sheet.append([cells.cell(title, font=cells.title_font)])
    sheet.append([cells.cell(subtitle)])
    sheet.append([cells.cell(heading, font=cells.heading_font) for heading in HEADINGS])
    last_row = header_row
    for values in _export_rows(strands, legend):
        sheet.append([cells.cell(value) for value in values])
        last_row += 1
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(COLUMNS))}{last_row}"
    workbook.save(fileobj)


class _XlsxCells:
    """Cells for a write-only sheet: plain values where that is safe, a cell with its own style where not."""

    def __init__(self, sheet):
        from openpyxl.styles import Alignment, Font

        self.sheet = sheet
        self.title_font = Font(bold=True, size=14)
        self.heading_font = Font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def cell(self, value: Any, *, font=None) -> Any:
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, date):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = "dd/mm/yyyy"
            return cell
        text = _XLSX_ILLEGAL_CHARACTERS.sub("", value or "")
        if not text:
            return None
        formula_like = looks_like_formula(text)
        if not (font or formula_like or "\n" in text):
            return text
        cell = WriteOnlyCell(self.sheet, value=text)
        if font is not None:
            cell.font = font
        if formula_like:
            # A text cell, with Excel's "typed with a leading apostrophe" mark so that editing it keeps it text.
            cell.data_type = "s"
            cell.quotePrefix = True
        if "\n" in text:
            cell.alignment = self.wrap
        return cell


def sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: none of []:*?/\\, at most 31 characters, not starting like a formula."""
    name = _SHEET_NAME_FORBIDDEN.sub(" ", _XLSX_ILLEGAL_CHARACTERS.sub("", name))
    name = " ".join(name.split()).lstrip("".join(FORMULA_STARTS) + "' ")[:31].strip(" '")
    return name if name and name.casefold() != "history" else "Action plan"


def write_plan_csv(strands: Iterable[Any], fileobj: IO[Any], *, legend: Legend = DEFAULT_LEGEND) -> None:
    """Write strands and their actions as CSV (UTF-8 with a byte-order mark, so Excel shows accents).

    Takes the same shapes as :func:`write_plan_xlsx`; dates are dd/mm/yyyy. Every cell that a spreadsheet
    would run as a formula gets a leading apostrophe, which :func:`~actions.plan_sheet.read_plan_sheet`
    removes again. ``fileobj`` may be a text or a binary stream.
    """
    binary = isinstance(fileobj, io.RawIOBase | io.BufferedIOBase)
    stream: Any = io.TextIOWrapper(fileobj, encoding="utf-8", newline="") if binary else fileobj
    try:
        stream.write("\ufeff")
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([_csv_safe(heading) for heading in HEADINGS])
        for values in _export_rows(strands, legend):
            writer.writerow(
                [value.strftime("%d/%m/%Y") if isinstance(value, date) else _csv_safe(value) for value in values]
            )
        stream.flush()
    finally:
        if binary:
            stream.detach()


def _export_rows(strands: Iterable[Any], legend: Legend) -> Iterator[list[Any]]:
    """One row per action; a strand with no actions gets a row with only its name, read back as a heading."""
    for strand in strands:
        number = getattr(strand, "number", None)
        heading = f"Strand {number}: {strand.title}" if number is not None else strand.title
        actions = list(getattr(strand, "actions", []) or [])
        if not actions:
            yield [heading if column.kind == STRAND else "" for column in COLUMNS]
        for action in actions:
            yield [heading if column.kind == STRAND else _value(column, action, legend) for column in COLUMNS]


def _value(column: Column, action: Any, legend: Legend) -> Any:
    """The cell for one action: text, a date, "Ongoing", or the rating's label."""
    value = getattr(action, column.name, None)
    if column.kind == TIMESCALE and getattr(action, "ongoing", False):
        return "Ongoing"
    if column.kind in (DATE, TIMESCALE):
        return value or ""
    if column.kind == RATING:
        return _rating_label(value or "not_started", legend)
    return "" if value is None else str(value)


def _rating_label(key: str, legend: Legend) -> str:
    try:
        return legend_entry(key, legend).label
    except KeyError:
        return key


def _csv_safe(text: str) -> str:
    return f"'{text}" if looks_like_formula(text) else text
