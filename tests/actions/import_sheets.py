"""Plan spreadsheets for the import service's tests: a sheet under a title block, and its clean rows."""

import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from actions.models import Action
from actions.plan_sheet import read_plan_sheet

TODAY = date(2023, 6, 1)
FIXTURES = Path(__file__).with_name("fixtures")
HEADER = ["Ref", "Action", "Lead officer", "Organisation", "Start date", "Due date", "RAG", "Success criteria",
          "Evidence"]  # fmt: skip


def sheet_file(rows: dict[int, list] | list[list], *, header=HEADER) -> io.BytesIO:
    """An .xlsx file with a title block, then ``header`` on row 3 and ``rows`` under it (or at given rows)."""
    workbook = Workbook()
    book = workbook.active
    book.title = "Plan"
    book["A1"] = "Anytown SEND Written Statement of Action"
    numbered = rows if isinstance(rows, dict) else dict(enumerate(rows, start=4))
    for column, name in enumerate(header, start=1):
        book.cell(row=3, column=column, value=name)
    for row, values in numbered.items():
        for column, value in enumerate(values, start=1):
            if value is not None:
                book.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def read(rows, **options):
    return read_plan_sheet(sheet_file(rows, **options), filename="plan.xlsx", today=TODAY)


def clean_rows(*, rating_of_1_1="G", due_of_1_1="31/03/2023"):
    return [
        ["Strand 1: Leadership and governance"],
        ["1.1", "Set up a SEND Partnership Board", "Jo Smith", "Council", None, due_of_1_1, rating_of_1_1,
         "Board meets monthly", "https://example.org/board"],
        ["1.2", "Publish a SEND strategy", "PRIYA.SHAH@test.example.org", "Council", "01/04/2022", "Q3 2022/23",
         "Complete", "Strategy published", None],
        ["Strand 2: Preparing for adulthood"],
        ["2.1", "Increase supported internships", "Head of Employment", "Council", None, "Ongoing", "Amber",
         "20 internships a year", None],
        ["2.2", "Agree a housing pathway", "jo smith", "Housing", None, "Mar-24", "Not started",
         "Pathway published", None],
    ]  # fmt: skip


def actions_of(plan) -> dict[str, Action]:
    return {action.reference: action for action in Action.objects.filter(plan=plan).select_related("strand")}
