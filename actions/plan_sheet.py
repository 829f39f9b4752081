"""Reads an action plan from a council's own spreadsheet (.xlsx or .csv) and writes one back out.

Pure: no database. The import service turns a :class:`SheetResult` into plans, strands and actions, and
refuses to import while ``errors`` is not empty; ``warnings`` are shown but do not block.

How messy sheets are read (each rule has a test):

- The header row is the row, among the first ``HEADER_SEARCH_ROWS`` non-blank rows, that names the most
  known columns (``COLUMN_NAMES``); it must include the action column. Anything above it (titles, dates)
  is ignored, and a repeat of the header further down (one table per weakness) is skipped.
- A section heading starts a new strand. It is a row with no action whose only text is left of the action
  column (usually a merged row) — unless that text is a short code in the ref column, which is an action
  that lost its text; or a row with no action whose first text says outright "Area of significant weakness
  2: …", "Strand 1 – …", "Priority 3: …", "Workstream 4 …"; or a lone value in a Strand/Theme column.
  Without a ref column, plain text alone in the action column is read as an action, not a heading.
- A Strand column on action rows also sets the strand; blank cells carry the strand down, so vertically
  merged strand cells work. A heading or strand seen again continues the same strand.
- A continuation row (no ref and no action, text in other columns) is joined to the action above, with a
  warning, when all its text is free text (description, lead, organisation, success criteria, evidence):
  that is what an action cell merged down over several criteria rows looks like. With a timescale, start
  date or rating of its own it cannot be joined safely, so it is an error.
- Reading stops at a "Key"/"RAG key" row, because plans often put the rating key under the table.
- A row with an error is still returned (with the bad value left empty) so the preview can show it.
- Row numbers in problems are the numbers Excel shows (for CSV, the record number).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from actions.ratings import DEFAULT_LEGEND, Legend, RatingError, legend_entry, parse_rating
from actions.timescales import Timescale, TimescaleError, parse_timescale

__all__ = [
    "EXPORT_COLUMNS",
    "MAX_ROWS",
    "ParsedAction",
    "ParsedStrand",
    "PlanSheetError",
    "RowProblem",
    "SheetResult",
    "read_plan_sheet",
    "result_as_dict",
    "write_plan_csv",
    "write_plan_xlsx",
]

# An action plan has tens or a few hundred rows; thousands means the wrong file (or a data dump) and
# reading it would only produce a wall of problems.
MAX_ROWS = 5_000
# Columns beyond this are never part of a plan and only cost time (a stray cell in column XFD).
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 40
UNASSIGNED_STRAND = "Unassigned"

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

# Free-text fields a continuation row may add to the action above it.
_JOINABLE_FIELDS = ("description", "lead", "organisation", "success_criteria", "evidence")
_FIELD_WORDS = {"due": "timescale", "start": "start date", "rating": "rating"}

_HEADING = re.compile(
    r"^(?P<prefix>areas?\s+(?:of|for)\s+(?:significant\s+)?(?:weakness|priority\s+action|improvement|development)"
    r"|significant\s+(?:area\s+of\s+)?weakness|asw|strand|priority(?:\s+area)?|work\s*stream|theme"
    r"|improvement\s+area|weakness)\b"
    r"\s*(?:(?:no\.?|number)\s*)?(?P<number>\d{1,3})?\s*(?P<separator>[:.)\-–—]+)?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,2})(?:[.:)]|\s*[-–—])?\s+(?P<rest>\D.*)$", re.DOTALL)
_REF_LIKE = re.compile(
    r"^(?:[A-Za-z]{0,6}[\s.\-]?\d+(?:[.\-/]\d+)*[A-Za-z]?\.?|[ivxlc]+\.?|[A-Za-z]\.?)$", re.IGNORECASE
)
_KEY_ROW = re.compile(r"^(?:b?rag\s+|rating\s+|progress\s+)?(?:key|legend)\s*(?::|$)", re.IGNORECASE)
_DEFAULT_SHEET_TITLE = re.compile(r"^sheet\s*\d*$", re.IGNORECASE)
# A spreadsheet cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ILLEGAL_XLSX_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")


class PlanSheetError(Exception):
    """A file that cannot be read as an action plan at all; the message is written for the person uploading."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class RowProblem:
    """Something wrong (or worth knowing) about one row; ``message`` starts "Row N: "."""

    row: int
    message: str


@dataclass
class ParsedAction:
    row: int
    ref: str
    title: str
    description: str = ""
    lead: str = ""
    organisation: str = ""
    start: date | None = None
    due: date | None = None
    ongoing: bool = False
    rating: str = "not_started"
    success_criteria: str = ""
    evidence: str = ""


@dataclass
class ParsedStrand:
    number: int | None
    title: str
    row: int | None = None
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class SheetResult:
    strands: list[ParsedStrand]
    errors: list[RowProblem]
    warnings: list[RowProblem]
    sheet_name: str = ""
    header_row: int = 0
    # Which header in the sheet was read as which field, e.g. {"due": "By when?"}, to show on the preview.
    columns: dict[str, str] = field(default_factory=dict)

    @property
    def actions(self) -> list[ParsedAction]:
        return [action for strand in self.strands for action in strand.actions]


# --- reading -------------------------------------------------------------------------------------------


def read_plan_sheet(
    path_or_fileobj: str | Path | IO[bytes],
    *,
    filename: str,
    legend: Legend = DEFAULT_LEGEND,
    today: date | None = None,
) -> SheetResult:
    """Read an action plan from an .xlsx workbook or a .csv file.

    Raises :class:`PlanSheetError` for problems with the whole file (empty, not a spreadsheet, password
    protected, too big, no action column); problems with single rows are in the result's ``errors``.
    ``filename`` is the name the user uploaded, used to tell CSV from Excel and in messages.
    """
    data = _file_bytes(path_or_fileobj)
    if not data.strip():
        raise PlanSheetError(f"{filename} is empty.")
    sheets = _xlsx_sheets(data, filename) if _looks_like_workbook(data, filename) else _csv_sheets(data, filename)

    closest: _Header | None = None
    closest_sheet = ""
    too_big: PlanSheetError | None = None
    with contextlib.closing(sheets):
        for sheet_name, rows in sheets:
            if isinstance(rows, PlanSheetError):
                # A workbook may hold a big data tab next to the plan; only complain if no tab is a plan.
                too_big = too_big or rows
                continue
            header = _find_header(rows)
            if "title" in header.columns:
                return _SheetReader(sheet_name, rows, header, legend, today or date.today()).result()
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


def _file_bytes(path_or_fileobj: str | Path | IO[bytes]) -> bytes:
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


_Row = tuple[int, list[Any]]


def _xlsx_sheets(data: bytes, filename: str) -> Generator[tuple[str, list[_Row] | PlanSheetError], None, None]:
    import openpyxl  # imported only when a workbook is uploaded: it is slow to import

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
            cells = worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
            try:
                rows: list[_Row] | PlanSheetError = _rows_with_text(cells, filename)
            except PlanSheetError as error:
                rows = error
            yield worksheet.title, rows
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise PlanSheetError(f"{filename} is damaged: part of the workbook could not be read.") from error
    finally:
        workbook.close()


def _csv_sheets(data: bytes, filename: str) -> Generator[tuple[str, list[_Row] | PlanSheetError], None, None]:
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
        header = _find_header([(number, row) for number, row in enumerate(rows, start=1) if any(row)])
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


def _rows_with_text(rows: Iterable[Iterable[Any]], filename: str) -> list[_Row]:
    kept: list[_Row] = []
    for number, row in enumerate(rows, start=1):
        values = list(row)[:MAX_COLUMNS]
        if any(_text(value) for value in values):
            if len(kept) == MAX_ROWS:
                raise PlanSheetError(
                    f"{filename} has more than {MAX_ROWS:,} rows. An action plan is much smaller: check that "
                    "this is the right file, or remove rows that are not actions."
                )
            kept.append((number, values))
    return kept


def _text(value: Any) -> str:
    """A cell as trimmed text; numbers without a spurious ".0"; dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n").strip()
    # Undo the apostrophe our own export (and careful users) put before formula characters.
    if text.startswith("'") and text[1:2] in _FORMULA_STARTS:
        text = text[1:]
    return text


def _header_key(text: str) -> str:
    # Brackets hold asides ("Action(s)", "Timescale (by when)") and "/s" is a plural: "Lead officer/s".
    text = re.sub(r"\([^)]*\)|/s\b", " ", text.lower()).replace("&", " and ")
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return re.sub(r"\b([a-z]) (?=[a-z]\b)", r"\1", text)  # "R.A.G. status" is "rag status"


_FIELD_FOR_HEADER = {name: field_name for field_name, names in COLUMN_NAMES.items() for name in names}


@dataclass
class _Header:
    row: int = 0
    score: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)


def _header_of(row_number: int, values: list[Any]) -> _Header:
    header = _Header(row=row_number, values=values)
    for index, value in enumerate(values):
        text = _text(value)
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


def _find_header(rows: list[_Row]) -> _Header:
    best = _Header()
    best_without_action = _Header()
    for row_number, values in rows[:HEADER_SEARCH_ROWS]:
        header = _header_of(row_number, values)
        # One matching cell could be a title ("Actions"); a header names at least two columns.
        if "title" in header.columns and header.score >= 2 and header.score > best.score:
            best = header
        elif header.score > best_without_action.score or not best_without_action.texts:
            best_without_action = header
    return best if best.columns else best_without_action


def _strand_heading(text: str) -> tuple[int | None, str, bool]:
    """(number, title, explicit) for heading text; explicit means it says "Strand 2:"-style outright."""
    text = " ".join(text.split())
    if match := _HEADING.match(text):
        number = int(match["number"]) if match["number"] else None
        rest = match["rest"].strip(" :.-–—")
        if number is not None or match["separator"]:
            return number, rest or text, True
    if match := _NUMBERED_HEADING.match(text):
        return int(match["number"]), match["rest"].strip(" :.-–—"), False
    return None, text, False


class _SheetReader:
    """Walks the rows under the header once, building strands and collecting problems."""

    def __init__(self, sheet_name: str, rows: list[_Row], header: _Header, legend: Legend, today: date):
        self.sheet_name = sheet_name
        self.rows = rows
        self.header = header
        self.columns = header.columns
        self.legend = legend
        self.today = today
        self.strands: list[ParsedStrand] = []
        self.errors: list[RowProblem] = []
        self.warnings: list[RowProblem] = []
        self.strand: ParsedStrand | None = None
        self.last_action: ParsedAction | None = None
        self.refs: dict[str, int] = {}
        self.unassigned_rows: list[int] = []
        self.fallback_strand: ParsedStrand | None = None

    def result(self) -> SheetResult:
        self._warn_about_columns()
        body = [(number, values) for number, values in self.rows if number > self.header.row]
        for position, (number, values) in enumerate(body):
            cells = {name: _text(values[index]) if index < len(values) else "" for name, index in self.columns.items()}
            raw = {name: values[index] if index < len(values) else None for name, index in self.columns.items()}
            filled = [(index, _text(value)) for index, value in enumerate(values) if _text(value)]
            if self._is_key(filled):
                remaining = len(body) - position - 1
                if remaining:
                    self._warn(
                        number, f"stopped reading at the rating key; {_count(remaining, 'row')} below it not read"
                    )
                break
            if self._is_repeated_header(number, values):
                continue
            if self._read_heading(number, cells, filled):
                continue
            if cells.get("title"):
                self._read_action(number, cells, raw)
            elif cells.get("ref"):
                self._error(number, f'ref "{cells["ref"]}" has no action')
            else:
                self._read_continuation(number, cells, filled)
        return self._finished()

    # Row kinds ---------------------------------------------------------------------------------------

    def _is_key(self, filled: list[tuple[int, str]]) -> bool:
        return bool(filled) and len(filled) <= 2 and bool(_KEY_ROW.match(filled[0][1]))

    def _is_repeated_header(self, number: int, values: list[Any]) -> bool:
        repeat = _header_of(number, values)
        same_place = [name for name, index in repeat.columns.items() if self.columns.get(name) == index]
        return len(same_place) >= 2

    def _read_heading(self, number: int, cells: dict[str, str], filled: list[tuple[int, str]]) -> bool:
        first_index, first_text = filled[0]
        number_title_explicit = _strand_heading(first_text)
        explicit = number_title_explicit[2]
        lone = len(filled) == 1
        if cells.get("title") and not (lone and explicit):
            return False
        title_index = self.columns["title"]
        is_heading = explicit and first_index < title_index
        if lone and not is_heading:
            # Right of the action column, "Priority 1: …" is more likely a stray success criterion.
            if first_index == self.columns.get("strand") or (explicit and first_index <= title_index):
                is_heading = True
            elif first_index < title_index:
                # A lone short code in the ref column is an action that lost its text, not a heading.
                is_heading = not (first_index == self.columns.get("ref") and _REF_LIKE.match(first_text))
        if not is_heading:
            return False
        strand_number, title, _ = number_title_explicit
        self.strand = self._strand_for(strand_number, title, number)
        self.last_action = None
        if not lone:
            ignored = "; ".join(f'"{_shortened(text)}"' for _, text in filled[1:])
            self._warn(number, f'read as the strand heading "{_shortened(title)}"; ignored {ignored}')
        return True

    def _read_action(self, number: int, cells: dict[str, str], raw: dict[str, Any]) -> None:
        if cells.get("strand"):
            strand_number, title, _ = _strand_heading(cells["strand"])
            self.strand = self._strand_for(strand_number, title, number)
        if self.strand is None:
            self.strand = self.fallback_strand = self._strand_for(None, self._fallback_strand_title(), number)
        if self.strand is self.fallback_strand:
            self.unassigned_rows.append(number)
        action = ParsedAction(
            row=number,
            ref=cells.get("ref", ""),
            title=cells["title"],
            description=cells.get("description", ""),
            lead=cells.get("lead", ""),
            organisation=cells.get("organisation", ""),
            success_criteria=cells.get("success_criteria", ""),
            evidence=cells.get("evidence", ""),
        )
        self._check_ref(number, action.ref)
        due = self._timescale(number, "due", raw.get("due"))
        if due is not None:
            action.due, action.ongoing = due.due, due.ongoing
            if due.is_range:
                action.start = due.first_day
        if "due" in self.columns and not cells.get("due"):
            self._warn(number, "no timescale given")
        start = self._timescale(number, "start", raw.get("start"))
        if start is not None and start.first_day is not None:
            action.start = start.first_day
        if action.start and action.due and action.start > action.due:
            self._error(
                number,
                f"start date {action.start:%d/%m/%Y} is after the due date {action.due:%d/%m/%Y}",
            )
        if "rating" in self.columns:
            try:
                action.rating = parse_rating(raw.get("rating"), legend=self.legend)
            except RatingError as error:
                self._error(number, f"rating {error}")
        self.strand.actions.append(action)
        self.last_action = action

    def _read_continuation(self, number: int, cells: dict[str, str], filled: list[tuple[int, str]]) -> None:
        texts = {name: text for name, text in cells.items() if text}
        if "strand" in texts and self.strand is not None:
            strand_number, title, _ = _strand_heading(texts["strand"])
            if (strand_number, title.casefold()) == (self.strand.number, self.strand.title.casefold()):
                del texts["strand"]  # the strand written on every row, not a new one
        if not texts:
            columns = ", ".join(f'"{text}"' for text in self._unread_column_names(filled))
            self._warn(number, f"has text only in columns that are not imported ({columns}); it was ignored")
            return
        structured = [name for name in texts if name not in _JOINABLE_FIELDS]
        if self.last_action is None or structured:
            reason = (
                "it has a " + " and a ".join(_FIELD_WORDS.get(name, name) for name in structured) + " of its own"
                if structured
                else "there is no action above it to add it to"
            )
            found = "; ".join(f'"{_shortened(text)}"' for text in texts.values())
            self._error(number, f"has text but no ref or action ({found}), and {reason}")
            return
        for name, text in texts.items():
            current = getattr(self.last_action, name)
            setattr(self.last_action, name, f"{current}\n{text}" if current else text)
        self._warn(number, f"has no ref or action, so its text was added to the action on row {self.last_action.row}")

    # Helpers -----------------------------------------------------------------------------------------

    def _timescale(self, number: int, name: str, value: Any) -> Timescale | None:
        if name not in self.columns:
            return None
        if isinstance(value, str):
            value = _text(value)
        try:
            return parse_timescale(value, today=self.today)
        except TimescaleError as error:
            self._error(number, f"{_FIELD_WORDS[name]} {error}")
            return None

    def _check_ref(self, number: int, ref: str) -> None:
        if not ref:
            return
        key = re.sub(r"\s+", "", ref).rstrip(".").casefold()
        if key in self.refs:
            self._error(number, f'ref "{ref}" is also used on row {self.refs[key]}')
        else:
            self.refs[key] = number

    def _strand_for(self, number: int | None, title: str, row: int) -> ParsedStrand:
        # The same heading twice (a table per page, or a Strand column sorted by date) is one strand.
        for strand in self.strands:
            if strand.number == number and strand.title.casefold() == title.casefold():
                return strand
        strand = ParsedStrand(number=number, title=title, row=row)
        self.strands.append(strand)
        return strand

    def _fallback_strand_title(self) -> str:
        name = self.sheet_name.strip()
        return UNASSIGNED_STRAND if not name or _DEFAULT_SHEET_TITLE.match(name) else name

    def _unread_column_names(self, filled: list[tuple[int, str]]) -> list[str]:
        header_values = self.header.values
        names = []
        for index, _ in filled:
            name = _text(header_values[index]) if index < len(header_values) else ""
            names.append(name or f"column {_column_letter(index)}")
        return names

    def _warn_about_columns(self) -> None:
        row = self.header.row
        for field_name, used, ignored in self.header.duplicates:
            self._warn(
                row, f'columns "{used}" and "{ignored}" both look like the {_field_label(field_name)}; used "{used}"'
            )
        if "rating" not in self.columns:
            label = legend_entry("not_started", self.legend).label
            self._warn(row, f'no rating column was found, so every action is "{label}"')
        if "due" not in self.columns:
            self._warn(row, "no timescale column was found, so no action has a due date")

    def _finished(self) -> SheetResult:
        if not any(strand.actions for strand in self.strands):
            where = f' of sheet "{self.sheet_name}"' if self.sheet_name else ""
            raise PlanSheetError(f"Found the header row (row {self.header.row}{where}) but no actions under it.")
        if self.unassigned_rows:
            title = self._fallback_strand_title()
            self._warn(
                self.unassigned_rows[0],
                f"{_count(len(self.unassigned_rows), 'action')} before the first strand heading "
                f'went into a strand called "{title}"',
            )
        for strand in self.strands:
            if not strand.actions and strand.row is not None:
                self._warn(strand.row, f'strand "{_shortened(strand.title)}" has no actions under it')
        return SheetResult(
            strands=self.strands,
            errors=sorted(self.errors, key=lambda problem: problem.row),
            warnings=sorted(self.warnings, key=lambda problem: problem.row),
            sheet_name=self.sheet_name,
            header_row=self.header.row,
            columns=dict(self.header.names),
        )

    def _error(self, row: int, message: str) -> None:
        self.errors.append(RowProblem(row=row, message=f"Row {row}: {message}"))

    def _warn(self, row: int, message: str) -> None:
        self.warnings.append(RowProblem(row=row, message=f"Row {row}: {message}"))


def _shortened(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _field_label(field_name: str) -> str:
    return {"title": "action", "success_criteria": "success criteria"}.get(field_name, field_name)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def result_as_dict(result: SheetResult) -> dict:
    """The result as JSON-ready data (dates as YYYY-MM-DD), e.g. to keep between preview and confirm."""
    return {
        "strands": [
            {
                "number": strand.number,
                "title": strand.title,
                "row": strand.row,
                "actions": [
                    {
                        "row": action.row,
                        "ref": action.ref,
                        "title": action.title,
                        "description": action.description,
                        "lead": action.lead,
                        "organisation": action.organisation,
                        "start": action.start.isoformat() if action.start else None,
                        "due": action.due.isoformat() if action.due else None,
                        "ongoing": action.ongoing,
                        "rating": action.rating,
                        "success_criteria": action.success_criteria,
                        "evidence": action.evidence,
                    }
                    for action in strand.actions
                ],
            }
            for strand in result.strands
        ],
        "errors": [{"row": problem.row, "message": problem.message} for problem in result.errors],
        "warnings": [{"row": problem.row, "message": problem.message} for problem in result.warnings],
    }


# --- writing -------------------------------------------------------------------------------------------


def write_plan_xlsx(
    strands: Iterable[Any], fileobj: IO[bytes], *, legend: Legend = DEFAULT_LEGEND, title: str = "Action plan"
) -> None:
    """Write strands and their actions as an .xlsx workbook that :func:`read_plan_sheet` reads back.

    ``strands`` are ParsedStrand-shaped objects (number, title, actions) whose actions are
    ParsedAction-shaped (ref, title, description, lead, organisation, start, due, ongoing, rating,
    success_criteria, evidence); missing attributes are written blank. Text that Excel would run as a
    formula is stored as plain text.
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
    for column, name in enumerate(EXPORT_COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=column, value=name)
        cell.font = Font(bold=True)
    widths = (8, 28, 45, 45, 24, 24, 12, 12, 18, 45, 35)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
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
                if value.startswith(_FORMULA_STARTS):
                    # Stored as a string cell so Excel shows the text instead of running it.
                    cell.data_type = "s"
                    cell.quotePrefix = True
            cell.alignment = wrap
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(EXPORT_COLUMNS))}{max(row, header_row)}"
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
        writer.writerow(EXPORT_COLUMNS)
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
        name = f"Strand {number}: {strand.title}" if number is not None else strand.title
        actions = list(getattr(strand, "actions", []) or [])
        if not actions:
            yield ["", name] + [""] * (len(EXPORT_COLUMNS) - 2)
        for action in actions:
            ongoing = getattr(action, "ongoing", False)
            due = getattr(action, "due", None)
            yield [
                _attribute_text(action, "ref"),
                name,
                _attribute_text(action, "title"),
                _attribute_text(action, "description"),
                _attribute_text(action, "lead"),
                _attribute_text(action, "organisation"),
                getattr(action, "start", None) or "",
                "Ongoing" if ongoing else (due or ""),
                _rating_label(getattr(action, "rating", "") or "not_started", legend),
                _attribute_text(action, "success_criteria"),
                _attribute_text(action, "evidence"),
            ]


def _attribute_text(item: Any, name: str) -> str:
    value = getattr(item, name, "")
    return "" if value is None else str(value)


def _rating_label(key: str, legend: Legend) -> str:
    try:
        return legend_entry(key, legend).label
    except KeyError:
        return key


def _xlsx_safe(text: str) -> str:
    return _ILLEGAL_XLSX_CHARACTERS.sub("", text)


def _csv_safe(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text
