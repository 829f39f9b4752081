"""The columns of a plan spreadsheet, declared once; finding the header row among a title block; a cell as text.

Each column says which of an action's fields it carries, its heading on export and the headings recognised on
import. The reader, the writer, the import (what it saves and how its preview names a change) and the export all
take their columns from ``COLUMNS``; a test checks that every field a person can edit on an action is in a
column or in ``LEFT_OUT`` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from actions.timescales import TimescaleError, parse_timescale

HEADER_SEARCH_ROWS = 40

# How a column's cells are written and read.
STRAND = "strand"  # the strand's heading ("Strand 2: Preparing for adulthood"), the same on each of its rows
TEXT = "text"
DATE = "date"  # a date cell; read as a timescale, so "April 2022" is the first day
TIMESCALE = "timescale"  # a due date, or "Ongoing"; read as "Q3 2023/24", "Mar-24", "31/03/2024"…
RATING = "rating"  # the legend's label ("Amber – some risk"); read as a label, a colour or a letter


@dataclass(frozen=True)
class Column:
    """One column of the sheet and the action fields it carries."""

    name: str  # the attribute of ParsedAction it is read into, and its key in SheetResult.columns
    heading: str  # written on export
    headings: tuple[str, ...]  # recognised on import, as _header_key() leaves them (lower case, no punctuation)
    fields: tuple[str, ...]  # the Action fields it carries
    kind: str = TEXT
    word: str = ""  # how messages name it: 'columns "Status" and "RAG" both look like the rating'
    label: str = ""  # how the import's preview names a change to it, when not the heading
    free_text: bool = False  # a continuation row (no ref, no action) may add its text to the action above
    width: int = 24  # in the .xlsx export, in characters
    # The row's values (ParsedAction's attributes) for one of the plan's actions, and back: by default the
    # column's one field.
    from_action: Callable[[Any], dict[str, Any]] | None = None
    to_action: Callable[[Any], dict[str, Any]] | None = None

    def __post_init__(self):
        if not self.word:
            object.__setattr__(self, "word", self.name.replace("_", " "))
        if not self.label:
            object.__setattr__(self, "label", self.heading)

    def values_from(self, action: Any) -> dict[str, Any]:
        """What this column holds for one of the plan's actions, as ParsedAction attributes."""
        if self.from_action is not None:
            return self.from_action(action)
        return {self.name: getattr(action, self.fields[0])}

    def fields_from(self, row: Any) -> dict[str, Any]:
        """The action's fields from what was read in this column of a row (a ParsedAction)."""
        if self.to_action is not None:
            return self.to_action(row)
        return {self.fields[0]: getattr(row, self.name)}


COLUMNS: tuple[Column, ...] = (
    Column("ref", "Ref", fields=("reference",), width=8, headings=(
        "ref", "reference", "ref no", "ref number", "action ref", "action reference", "action no",
        "action number", "action id", "no", "number", "id", "item", "item no",
    )),
    Column("strand", "Strand", fields=("strand",), kind=STRAND, width=28, headings=(
        "strand", "workstream", "work stream", "theme", "priority", "priority area", "area of weakness",
        "area of significant weakness", "significant weakness", "asw", "improvement area",
        "area for improvement", "area for priority action", "strand title",
    )),
    Column("title", "Action", fields=("title",), word="action", width=45, headings=(
        "action", "actions", "action description", "action title", "action required", "actions required",
        "action to be taken", "actions to be taken", "key action", "key actions", "what we will do",
        "what will we do", "what are we going to do", "activity", "activities", "task", "tasks",
    )),
    Column("description", "Description", fields=("description",), free_text=True, width=45, headings=(
        "description", "detail", "details", "further detail", "further details", "action detail",
        "action details", "how", "how we will do it", "how will we do it",
    )),
    # Written as the lead's name; read back as the person with that name or e-mail address, if there is one.
    Column("lead", "Lead officer", fields=("lead_officer", "lead_name"), label="Lead", free_text=True,
           from_action=lambda action: {"lead": action.lead_display}, headings=(
        "lead", "leads", "lead officer", "lead officers", "lead person", "lead name", "named lead", "owner",
        "owners", "action owner", "action lead", "responsible officer", "responsible officers",
        "responsible person", "responsible", "responsibility", "accountable officer", "accountable lead",
        "officer", "who",
    )),
    Column("organisation", "Lead organisation", fields=("lead_organisation",), word="lead organisation",
           free_text=True, headings=(
        "partner", "organisation", "organization", "lead organisation", "lead organization",
        "lead partner", "lead agency", "partner agency", "agency", "service", "lead service",
    )),
    Column("partners", "Partners", fields=("partners",), free_text=True, width=30, headings=(
        "partners", "partner organisations", "partner organizations", "partner agencies", "key partners",
        "other partners", "supporting partners", "partners involved", "working with",
    )),
    Column("start", "Start date", fields=("start_date",), kind=DATE, word="start date", width=12, headings=(
        "start", "start date", "date started", "starting", "from", "commencement date",
    )),
    Column("due", "Due date", fields=("due_date", "ongoing"), kind=TIMESCALE, word="timescale", width=12,
           from_action=lambda action: {"due": action.due_date, "ongoing": action.ongoing},
           to_action=lambda row: {"due_date": row.due, "ongoing": row.ongoing}, headings=(
        "timescale", "timescales", "by when", "due", "due date", "date due", "due by", "target date",
        "target completion date", "deadline", "completion date", "date for completion", "completion by",
        "end date", "when", "by", "timeframe", "time frame", "timeline", "target",
    )),
    Column("rating", "Rating", fields=("rating",), kind=RATING, width=18, headings=(
        "rag", "status", "rating", "rag rating", "rag status", "brag", "brag rating", "brag status",
        "progress", "progress rating", "progress status", "current rag", "current status", "current rating",
    )),
    Column("rating_reason", "Why the rating got worse", fields=("rating_reason",), word="reason the rating got "
           "worse", free_text=True, width=35, headings=(
        "why the rating got worse", "reason the rating got worse", "reason for the worse rating",
        "reason for worse rating", "reason for rating", "reason for the rating", "rating reason",
        "reason for rag", "reason for rag rating", "rag reason", "why the rating is worse",
    )),
    Column("success_criteria", "Success criteria", fields=("success_criteria",), free_text=True, width=45,
           headings=(
        "success criteria", "success criterion", "measure of success", "measures of success",
        "success measure", "success measures", "impact", "outcome", "outcomes", "measure of impact",
        "measures of impact", "impact measure", "impact measures", "expected outcome", "expected outcomes",
        "expected impact", "intended impact", "intended outcome", "what will success look like",
        "what success will look like", "what does success look like", "how will we know", "kpi", "kpis",
        "key performance indicators", "success criteria and impact", "success criteria impact",
        "impact and outcomes", "outcomes and impact",
    )),
    # Read back as evidence links; a line that is not a web address is kept in the description.
    Column("evidence", "Evidence", fields=("evidence_links",), label="Evidence links", free_text=True, width=35,
           headings=(
        "evidence", "supporting evidence", "evidence of progress", "evidence of completion", "evidence base",
        "sources of evidence",
    )),
    Column("evidence_of_impact", "Evidence and impact", fields=("evidence_of_impact",), word="evidence and impact",
           free_text=True, width=40, headings=(
        "evidence and impact", "evidence of impact", "impact and evidence", "evidence impact",
        "evidence and impact to date", "impact to date", "impact so far", "difference made",
    )),
    Column("notes", "Notes", fields=("notes",), free_text=True, width=35, headings=(
        "notes", "note", "comments", "comment", "notes and comments", "additional notes", "additional comments",
        "other notes", "remarks", "commentary",
    )),
)  # fmt: skip

COLUMN = {column.name: column for column in COLUMNS}
# The columns each action's row fills in (the strand's heading is the strand's, not the action's).
ACTION_COLUMNS = tuple(column for column in COLUMNS if column.kind != STRAND)
HEADINGS = tuple(column.heading for column in COLUMNS)

# Action fields a person can edit that no column carries, and why.
LEFT_OUT = {
    "completed_on": "follows the rating: a complete rating dates it, as an edit on the action's page would",
}

# A spreadsheet cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet might run the text as a formula: it starts with a formula character, or does
    after spaces (some programs trim a cell before they look at it)."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)

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
    if text.startswith("'") and looks_like_formula(text[1:]):
        text = text[1:].strip()
    return text


def _header_key(text: str) -> str:
    # Brackets hold asides ("Action(s)", "Timescale (by when)") and "/s" is a plural: "Lead officer/s".
    text = re.sub(r"\([^)]*\)|/s\b", " ", text.lower()).replace("&", " and ")
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return re.sub(r"\b([a-z]) (?=[a-z]\b)", r"\1", text)  # "R.A.G. status" is "rag status"


_COLUMN_FOR_HEADING = {heading: column.name for column in COLUMNS for heading in column.headings}


# A rating as at a month: "RAG May 20", "Status Q3 2023/24", "Rating – Aug 2022", "May 2020 RAG".
_RATING_WORD = r"(?:current\s+)?(?:b?rag|status|rating|progress)(?:\s+(?:rating|status|position))?"
_DATED_RATING = (
    re.compile(rf"^{_RATING_WORD}(?:\s+(?:at|as\s+at|for|in))?[\s:,\-–—(]+(?P<period>[^()]*?\d[^()]*?)\)?$", re.I),
    re.compile(rf"^(?P<period>[^()]*?\d[^()]*?)[\s:,\-–—(]+{_RATING_WORD}\)?$", re.I),
)


@dataclass(frozen=True)
class HistoryColumn:
    """A column of ratings as at one month (the month's first day), read into the action's rating history."""

    index: int
    month: date
    heading: str


def dated_rating_month(text: str) -> date | None:
    """The month a heading like "RAG May 20" or "Status Q3 2023/24" rates (a quarter's or range's last month)."""
    text = " ".join(text.split())
    for pattern in _DATED_RATING:
        if match := pattern.match(text):
            try:
                timescale = parse_timescale(match["period"].strip(" :,-–—"))
            except TimescaleError:
                return None
            return timescale.due.replace(day=1) if timescale.due else None
    return None


@dataclass
class Header:
    row: int = 0
    score: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    # A second free-text column for a field ("Success criteria" and "Measures of success"): read into it too.
    also: dict[str, list[int]] = field(default_factory=dict)
    history: list[HistoryColumn] = field(default_factory=list)
    # Headed columns the import has no field for, as (index, heading): listed as not imported.
    unread: list[tuple[int, str]] = field(default_factory=list)


def header_of(row_number: int, values: list[Any]) -> Header:
    header = Header(row=row_number, values=values)
    for index, value in enumerate(values):
        text = cell_text(value)
        if not text:
            continue
        heading = " ".join(text.split())
        header.texts.append(heading)
        field_name = _COLUMN_FOR_HEADING.get(_header_key(text))
        if field_name is None:
            month = dated_rating_month(heading)
            if month is not None:
                header.history.append(HistoryColumn(index=index, month=month, heading=heading))
            else:
                header.unread.append((index, heading))
            continue
        if field_name in header.columns:
            if COLUMN[field_name].free_text:
                header.also.setdefault(field_name, []).append(index)
                header.names[field_name] += f"; {heading}"
            else:
                header.duplicates.append((field_name, header.names[field_name], heading))
            continue
        header.columns[field_name] = index
        header.names[field_name] = heading
    header.score = len(header.columns) + (1 if header.history else 0)
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
