"""The columns of a plan spreadsheet: the headings written on export, the headings recognised on import,
finding the header row among a title block, and reading a cell as text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

HEADER_SEARCH_ROWS = 40

EXPORT_COLUMNS = (
    "Ref",
    "Strand",
    "Action",
    "Description",
    "Lead officer",
    "Lead organisation",
    "Start date",
    "Due date",
    "Rating",
    "Success criteria",
    "Evidence",
)

# Header names councils use, after _header_key(): lower case, no punctuation, no "(s)" or other brackets.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "ref": (
        "ref", "reference", "ref no", "ref number", "action ref", "action reference", "action no",
        "action number", "action id", "no", "number", "id", "item", "item no",
    ),
    "title": (
        "action", "actions", "action description", "action title", "action required", "actions required",
        "action to be taken", "actions to be taken", "key action", "key actions", "what we will do",
        "what will we do", "what are we going to do", "activity", "activities", "task", "tasks",
    ),
    "description": (
        "description", "detail", "details", "further detail", "further details", "action detail",
        "action details", "how", "how we will do it", "how will we do it",
    ),
    "lead": (
        "lead", "leads", "lead officer", "lead officers", "lead person", "lead name", "named lead", "owner",
        "owners", "action owner", "action lead", "responsible officer", "responsible officers",
        "responsible person", "responsible", "responsibility", "accountable officer", "accountable lead",
        "officer", "who",
    ),
    "organisation": (
        "partner", "partners", "organisation", "organization", "lead organisation", "lead organization",
        "lead partner", "lead agency", "partner agency", "agency", "service", "lead service",
    ),
    "start": ("start", "start date", "date started", "starting", "from", "commencement date"),
    "due": (
        "timescale", "timescales", "by when", "due", "due date", "date due", "due by", "target date",
        "target completion date", "deadline", "completion date", "date for completion", "completion by",
        "end date", "when", "by", "timeframe", "time frame", "timeline", "target",
    ),
    "rating": (
        "rag", "status", "rating", "rag rating", "rag status", "brag", "brag rating", "brag status",
        "progress", "progress rating", "progress status", "current rag", "current status", "current rating",
    ),
    "success_criteria": (
        "success criteria", "success criterion", "measure of success", "measures of success",
        "success measure", "success measures", "impact", "outcome", "outcomes", "measure of impact",
        "measures of impact", "impact measure", "impact measures", "expected outcome", "expected outcomes",
        "expected impact", "intended impact", "intended outcome", "what will success look like",
        "what success will look like", "what does success look like", "how will we know", "kpi", "kpis",
        "key performance indicators", "success criteria and impact", "success criteria impact",
        "impact and outcomes", "outcomes and impact",
    ),
    "evidence": (
        "evidence", "supporting evidence", "evidence of progress", "evidence of completion",
        "evidence of impact", "evidence base", "sources of evidence",
    ),
    "strand": (
        "strand", "workstream", "work stream", "theme", "priority", "priority area", "area of weakness",
        "area of significant weakness", "significant weakness", "asw", "improvement area",
        "area for improvement", "area for priority action", "strand title",
    ),
}  # fmt: skip


# A spreadsheet cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A row of the sheet: its number as Excel shows it, and its cells.
Row = tuple[int, list[Any]]


def cell_text(value: Any) -> str:
    """A cell as trimmed text; numbers without a spurious ".0"; dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n").strip()
    # Undo the apostrophe our own export (and careful users) put before formula characters.
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def _header_key(text: str) -> str:
    # Brackets hold asides ("Action(s)", "Timescale (by when)") and "/s" is a plural: "Lead officer/s".
    text = re.sub(r"\([^)]*\)|/s\b", " ", text.lower()).replace("&", " and ")
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return re.sub(r"\b([a-z]) (?=[a-z]\b)", r"\1", text)  # "R.A.G. status" is "rag status"


_FIELD_FOR_HEADER = {name: field_name for field_name, names in COLUMN_NAMES.items() for name in names}


@dataclass
class Header:
    row: int = 0
    score: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)


def header_of(row_number: int, values: list[Any]) -> Header:
    header = Header(row=row_number, values=values)
    for index, value in enumerate(values):
        text = cell_text(value)
        if not text:
            continue
        header.texts.append(" ".join(text.split()))
        field_name = _FIELD_FOR_HEADER.get(_header_key(text))
        if field_name is None:
            continue
        if field_name in header.columns:
            header.duplicates.append((field_name, header.names[field_name], " ".join(text.split())))
            continue
        header.columns[field_name] = index
        header.names[field_name] = " ".join(text.split())
    header.score = len(header.columns)
    return header


def find_header(rows: list[Row]) -> Header:
    best = Header()
    best_without_action = Header()
    for row_number, values in rows[:HEADER_SEARCH_ROWS]:
        header = header_of(row_number, values)
        # One matching cell could be a title ("Actions"); a header names at least two columns.
        if "title" in header.columns and header.score >= 2 and header.score > best.score:
            best = header
        elif header.score > best_without_action.score or not best_without_action.texts:
            best_without_action = header
    return best if best.columns else best_without_action
