"""Plan sheets made in memory for the plan reader's tests, and the parts of a result the tests compare."""

import csv
import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from actions.plan_sheet import read_plan_sheet
from actions.sheet_result import result_as_dict

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
