"""Reads an action plan from a council's own spreadsheet (.xlsx or .csv): the tab and header row holding it.

The rows under the header are walked by :mod:`actions.sheet_rows`.

Pure: no database. The import service turns a :class:`SheetResult` into plans, strands and actions, and
refuses to import while ``errors`` is not empty; ``warnings`` are shown but do not block.

How messy sheets are read (each rule has a test):

- The header row is the row, among the first ``HEADER_SEARCH_ROWS`` non-blank rows, that names the most
  known columns (``sheet_columns.COLUMNS``); it must include the action column. Anything above it
  (titles, dates) is ignored, and a repeat of the header further down (one table per weakness) is skipped.
- A section heading starts a new strand. It is a row with no action whose only text is left of the action
  column (usually a merged row) — unless that text is a short code in the ref column, which is an action
  that lost its text; or a row with no action whose first text says outright "Area of significant weakness
  2: …", "Strand 1 – …", "Priority 3: …", "Workstream 4 …"; or a lone value in a Strand/Theme column.
  Without a ref column, plain text alone in the action column is read as an action, not a heading.
- A Strand column on action rows also sets the strand; blank cells carry the strand down, so vertically
  merged strand cells work. A heading or strand seen again continues the same strand.
- A continuation row (no ref and no action, text in other columns) is joined to the action above, with a
  warning, when all its text is free text (description, lead, organisation, partners, success criteria…):
  that is what an action cell merged down over several criteria rows looks like. With a timescale, start
  date or rating of its own it cannot be joined safely, so it is an error.
- A heading may also sit above the header row, and may take two rows: a label ("Area for Improvement 1")
  whose next lone text is its title. The same label again (a repeated table) continues its strand.
- Rows numbered alike ("3.1" twice) are the sub-actions 3.1a, 3.1b, with the ref as written kept to show.
- Columns headed with a rating word and a month ("RAG May 20") are the action's rating history; a blank cell
  is no rating that month, and without a current rating column the newest rated month is current.
- A rating word the legend (or the plan's own words) does not know is listed in ``unknown_words`` with its
  rows, for the person importing to map; two ratings in one cell are an error.
- An unreadable timescale or start date ("TBC") is a warning and left blank; a start after the due date is
  an error. Headed columns with no field are listed in ``not_imported``.
- Reading stops at a "Key"/"RAG key" row, because plans often put the rating key under the table.
- A row with an error is still returned (with the bad value left empty) so the preview can show it.
- Row numbers in problems are the numbers Excel shows (for CSV, the record number).
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from typing import IO

from actions.ratings import DEFAULT_LEGEND, Legend
from actions.sheet_columns import Header, find_header
from actions.sheet_files import PlanSheetError, file_bytes, sheets_of
from actions.sheet_result import SheetResult
from actions.sheet_rows import SheetReader

__all__ = ["PlanSheetError", "read_plan_sheet"]


def read_plan_sheet(
    path_or_fileobj: str | Path | IO[bytes],
    *,
    filename: str,
    legend: Legend = DEFAULT_LEGEND,
    today: date | None = None,
    rating_words: dict[str, str] | None = None,
) -> SheetResult:
    """Read an action plan from an .xlsx workbook or a .csv file.

    Raises :class:`PlanSheetError` for problems with the whole file (empty, not a spreadsheet, password
    protected, too big, no action column); problems with single rows are in the result's ``errors``.
    ``filename`` is the name the user uploaded, used to tell CSV from Excel and in messages.
    ``rating_words`` are the plan's own words for its ratings (``Plan.import_rating_words``).
    """
    data = file_bytes(path_or_fileobj)
    if not data.strip():
        raise PlanSheetError(f"{filename} is empty.")
    sheets = sheets_of(data, filename)

    closest: Header | None = None
    closest_sheet = ""
    too_big: PlanSheetError | None = None
    with contextlib.closing(sheets):
        for sheet_name, rows in sheets:
            if isinstance(rows, PlanSheetError):
                # A workbook may hold a big data tab next to the plan; only complain if no tab is a plan.
                too_big = too_big or rows
                continue
            header = find_header(rows)
            if "title" in header.columns:
                reader = SheetReader(sheet_name, rows, header, legend, today or date.today(), rating_words or {})
                return reader.result()
            if header.texts and (closest is None or header.score > closest.score):
                closest, closest_sheet = header, sheet_name
    if too_big is not None:
        raise too_big
    if closest is None:
        raise PlanSheetError(f"{filename} has no text in it: there is no action plan to read.")
    found = ", ".join(f'"{text}"' for text in closest.texts[:12])
    where = f' of sheet "{closest_sheet}"' if closest_sheet else ""
    raise PlanSheetError(
        f'Could not find the header row of the action plan: no column is headed "Action" (or "Actions", '
        f'"Action description"). The closest was row {closest.row}{where}, with {found}.'
    )
