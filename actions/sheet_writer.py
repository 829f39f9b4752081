"""Writing strands and their actions as an .xlsx workbook or a CSV file that the plan reader reads back."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from actions.ratings import DEFAULT_LEGEND, Legend, legend_entry
from actions.sheet_columns import COLUMNS, DATE, FORMULA_STARTS, HEADINGS, RATING, STRAND, TIMESCALE, Column

_ILLEGAL_XLSX_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")


def write_plan_xlsx(
    strands: Iterable[Any], fileobj: IO[bytes], *, legend: Legend = DEFAULT_LEGEND, title: str = "Action plan"
) -> None:
    """Write strands and their actions as an .xlsx workbook that :func:`~actions.plan_sheet.read_plan_sheet` reads back.

    ``strands`` are ParsedStrand-shaped objects (number, title, actions) whose actions are
    ParsedAction-shaped (an attribute per column of ``sheet_columns.COLUMNS``, and ``ongoing``); missing
    attributes are written blank. Text that Excel would run as a formula is stored as plain text.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    sheet["A1"] = _xlsx_safe(title)
    sheet["A1"].font = Font(bold=True, size=14)
    header_row = 3
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=position, value=column.heading)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    wrap = Alignment(wrap_text=True, vertical="top")

    row = header_row
    for values in _export_rows(strands, legend):
        row += 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column)
            if isinstance(value, date):
                cell.value = value
                cell.number_format = "dd/mm/yyyy"
            elif value:
                cell.value = _xlsx_safe(value)
                if value.startswith(FORMULA_STARTS):
                    # Stored as a string cell so Excel shows the text instead of running it.
                    cell.data_type = "s"
                    cell.quotePrefix = True
            cell.alignment = wrap
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(COLUMNS))}{max(row, header_row)}"
    workbook.save(fileobj)


def write_plan_csv(strands: Iterable[Any], fileobj: IO[Any], *, legend: Legend = DEFAULT_LEGEND) -> None:
    """Write strands and their actions as CSV (UTF-8 with a byte-order mark, so Excel shows accents).

    Takes the same shapes as :func:`write_plan_xlsx`; dates are dd/mm/yyyy. Text starting with a formula
    character gets a leading apostrophe, which :func:`read_plan_sheet` removes again. ``fileobj`` may be a
    text or a binary stream.
    """
    binary = isinstance(fileobj, io.RawIOBase | io.BufferedIOBase)
    stream: Any = io.TextIOWrapper(fileobj, encoding="utf-8", newline="") if binary else fileobj
    try:
        stream.write("\ufeff")
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(HEADINGS)
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


def _xlsx_safe(text: str) -> str:
    return _ILLEGAL_XLSX_CHARACTERS.sub("", text)


def _csv_safe(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
