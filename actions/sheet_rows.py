"""Walks a plan sheet's rows under its header once: its strands, actions, ratings by month and row problems.

Pure: no database. The rules it follows are listed in :mod:`actions.plan_sheet`, which finds the sheet and its
header and hands them here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from actions.ratings import (
    Legend,
    RatingConflict,
    RatingError,
    legend_entry,
    parse_rating,
    rating_word_key,
)
from actions.sheet_columns import COLUMN, TEXT, Header, Row, cell_text, header_of
from actions.sheet_files import PlanSheetError
from actions.sheet_result import (
    ParsedAction,
    ParsedStrand,
    RatedMonth,
    RowProblem,
    SheetResult,
    UnknownRatingWord,
    reference_key,
)
from actions.timescales import Timescale, TimescaleError, parse_timescale

UNASSIGNED_STRAND = "Unassigned"


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
_ENDS_IN_NUMBER = re.compile(r"\d\.?$")


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


def _label_only(text: str) -> bool:
    """ "Area for Improvement 1" with nothing after the number: the first row of a heading on two rows."""
    match = _HEADING.match(" ".join(text.split()))
    return bool(match and match["number"] and not match["rest"].strip(" :.-–—"))


class SheetReader:
    """Walks the rows under the header once, building strands and collecting problems."""

    def __init__(
        self, sheet_name: str, rows: list[Row], header: Header, legend: Legend, today: date, words: dict[str, str]
    ):
        self.sheet_name = sheet_name
        self.words = words
        self.history = sorted(header.history, key=lambda column: column.month)
        self.unknown: dict[str, tuple[str, list[int]]] = {}
        self.same_ref: dict[str, list[ParsedAction]] = {}
        self.awaiting_title: ParsedStrand | None = None
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
        self._read_above_header()
        body = [(number, values) for number, values in self.rows if number > self.header.row]
        for position, (number, values) in enumerate(body):
            cells = self._cells(values)
            raw = {name: values[index] if index < len(values) else None for name, index in self.columns.items()}
            filled = [(index, cell_text(value)) for index, value in enumerate(values) if cell_text(value)]
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
                self._read_action(number, cells, raw, values)
            elif cells.get("ref"):
                self._error(number, f'ref "{cells["ref"]}" has no action')
            else:
                self._read_continuation(number, cells, filled)
        return self._finished()

    def _cells(self, values: list[Any]) -> dict[str, str]:
        def text(index: int) -> str:
            return cell_text(values[index]) if index < len(values) else ""

        cells = {name: text(index) for name, index in self.columns.items()}
        for name, indexes in self.header.also.items():
            cells[name] = "\n".join(part for part in [cells[name], *map(text, indexes)] if part)
        return cells

    def _read_above_header(self) -> None:
        """A section heading above the header row ("Area for Improvement 1", then its title) is the first
        strand's; a title block's other lines are not headings."""
        for number, values in self.rows:
            if number >= self.header.row:
                break
            filled = [(index, cell_text(value)) for index, value in enumerate(values) if cell_text(value)]
            if len(filled) != 1:
                continue
            text = filled[0][1]
            if self._took_title(number, text):
                continue
            strand_number, title, explicit = _strand_heading(text)
            if explicit:
                self._start_strand(number, strand_number, title, text)

    # Row kinds ---------------------------------------------------------------------------------------

    def _is_key(self, filled: list[tuple[int, str]]) -> bool:
        return bool(filled) and len(filled) <= 2 and bool(_KEY_ROW.match(filled[0][1]))

    def _is_repeated_header(self, number: int, values: list[Any]) -> bool:
        repeat = header_of(number, values)
        same_place = [name for name, index in repeat.columns.items() if self.columns.get(name) == index]
        return len(same_place) >= 2

    def _took_title(self, number: int, text: str) -> bool:
        """Whether the row's lone text is the title under a heading's label row (and so was taken as it)."""
        strand = self.awaiting_title
        if strand is None or _strand_heading(text)[2] or (_REF_LIKE.match(text) and len(text) < 8):
            return False
        self.awaiting_title = None
        title = " ".join(text.split())
        if strand.title == strand.label:
            strand.title = title
        elif strand.title.casefold() != title.casefold():
            self._warn(number, f'read as the title of "{strand.label}", which is "{_shortened(strand.title)}" '
                       f'further up; kept "{_shortened(strand.title)}"')
        return True

    def _start_strand(self, row: int, strand_number: int | None, title: str, text: str) -> None:
        label_only = _label_only(text)
        if label_only and strand_number is not None:
            known = next((strand for strand in self.strands if strand.number == strand_number), None)
            self.strand = known or self._strand_for(strand_number, title, row)
            self.strand.label = self.strand.label or " ".join(text.split())
            self.awaiting_title = self.strand
        else:
            self.strand = self._strand_for(strand_number, title, row)
            self.awaiting_title = None
        self.last_action = None

    def _read_heading(self, number: int, cells: dict[str, str], filled: list[tuple[int, str]]) -> bool:
        first_index, first_text = filled[0]
        number_title_explicit = _strand_heading(first_text)
        explicit = number_title_explicit[2]
        lone = len(filled) == 1
        if lone and self._took_title(number, first_text):
            return True
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
        self._start_strand(number, strand_number, title, first_text)
        if not lone:
            ignored = "; ".join(f'"{_shortened(text)}"' for _, text in filled[1:])
            self._warn(number, f'read as the strand heading "{_shortened(title)}"; ignored {ignored}')
        return True

    def _read_action(self, number: int, cells: dict[str, str], raw: dict[str, Any], values: list[Any]) -> None:
        self.awaiting_title = None
        if cells.get("strand"):
            strand_number, title, _ = _strand_heading(cells["strand"])
            self.strand = self._strand_for(strand_number, title, number)
        if self.strand is None:
            self.strand = self.fallback_strand = self._strand_for(None, self._fallback_strand_title(), number)
        if self.strand is self.fallback_strand:
            self.unassigned_rows.append(number)
        texts = {name: text for name, text in cells.items() if COLUMN[name].kind == TEXT}
        action = ParsedAction(row=number, **{"ref": "", **texts})
        self._check_ref(number, action)
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
        self._read_ratings(number, action, raw, values)
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
        structured = [name for name in texts if not COLUMN[name].free_text]
        if self.last_action is None or structured:
            reason = (
                "it has a " + " and a ".join(COLUMN[name].word for name in structured) + " of its own"
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

    def _read_ratings(self, number: int, action: ParsedAction, raw: dict[str, Any], values: list[Any]) -> None:
        """The current rating, and the rating history from the dated rating columns: a blank cell there is no
        rating that month; without a current rating column, the newest rated month is the current rating."""
        for column in self.history:
            written = cell_text(values[column.index]) if column.index < len(values) else ""
            if not written:
                continue
            rating = self._rating(number, written, f'"{column.heading}"')
            if rating is not None:
                action.history.append(RatedMonth(column.month, rating, " ".join(written.split()), column.heading))
        if "rating" in self.columns and cell_text(raw.get("rating")):
            written = cell_text(raw.get("rating"))
            rating = self._rating(number, written, "rating")
        elif "rating" in self.columns and not action.history:
            # Blank: a new action starts as not started; an action the plan has keeps the rating it has.
            action.rating_blank = True
            written, rating = "", "not_started"
        elif action.history:
            written, rating = action.history[-1].written, action.history[-1].rating
        else:
            return
        if rating is not None:
            action.rating = rating or "not_started"
            action.rating_word = "" if rating else " ".join(written.split())

    def _rating(self, number: int, written: str, where: str) -> str | None:
        """The rating key for a cell; "" for a word the plan does not know yet; None for a contradiction."""
        try:
            return parse_rating(written, legend=self.legend, words=self.words)
        except RatingConflict as error:
            self._error(number, f"{where} {error}" if where != "rating" else f"rating {error}")
            return None
        except RatingError:
            rows = self.unknown.setdefault(rating_word_key(written), (" ".join(written.split()), []))[1]
            if number not in rows:
                rows.append(number)
            return ""

    # Cells, refs, strands and problems, for the row readers above ---------------------------------------

    def _timescale(self, number: int, name: str, value: Any) -> Timescale | None:
        if name not in self.columns:
            return None
        if isinstance(value, str):
            value = cell_text(value)
        try:
            return parse_timescale(value, today=self.today)
        except TimescaleError as error:
            # "TBC", "Spring term", a typo: the action is still imported, and its date is set on its page.
            self._warn(number, f"{COLUMN[name].word} {error}, so it is left blank")
            return None

    def _check_ref(self, number: int, action: ParsedAction) -> None:
        if not action.ref:
            return
        key = reference_key(action.ref)
        if key in self.refs:
            self.same_ref[key].append(action)
        else:
            self.refs[key] = number
            self.same_ref[key] = [action]

    def _tell_sub_actions_apart(self) -> None:
        """Rows numbered alike ("3.1" twice) are sub-actions: 3.1a, 3.1b, in the order of the sheet; a ref that
        already ends in a letter, or whose lettered refs the sheet uses too, cannot be told apart."""
        for actions in self.same_ref.values():
            if len(actions) < 2:
                continue
            first = actions[0]
            lettered = [f"{first.ref.rstrip('.')}{chr(ord('a') + position)}" for position in range(len(actions))]
            if not _ENDS_IN_NUMBER.search(first.ref) or len(actions) > 26 or any(
                reference_key(ref) in self.refs for ref in lettered
            ):
                for action in actions[1:]:
                    self._error(action.row, f'ref "{action.ref}" is also used on row {first.row}')
                continue
            for action, ref in zip(actions, lettered, strict=True):
                action.written_ref, action.ref = action.ref, ref
            rows = ", ".join(str(action.row) for action in actions[:-1]) + f" and {actions[-1].row}"
            self._warn(first.row, f'ref "{first.written_ref}" is on rows {rows}, so they are the sub-actions '
                       f'{", ".join(lettered[:-1])} and {lettered[-1]}')

    def _strand_for(self, number: int | None, title: str, row: int) -> ParsedStrand:
        # The same heading twice (a table per page, or a Strand column sorted by date) is one strand; so is
        # a heading on one row that names a strand whose heading was on two ("Area for Improvement 1" then
        # its title).
        for strand in self.strands:
            if strand.number == number and title.casefold() in {strand.title.casefold(), strand.label.casefold()}:
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
            name = cell_text(header_values[index]) if index < len(header_values) else ""
            names.append(name or f"column {_column_letter(index)}")
        return names

    def _warn_about_columns(self) -> None:
        row = self.header.row
        for field_name, used, ignored in self.header.duplicates:
            self._warn(
                row, f'columns "{used}" and "{ignored}" both look like the {COLUMN[field_name].word}; used "{used}"'
            )
        for position, column in enumerate(self.history[1:], start=1):
            if column.month == self.history[position - 1].month:
                self._warn(row, f'columns "{self.history[position - 1].heading}" and "{column.heading}" are '
                           f"both for {column.month:%B %Y}; the second one's ratings are that month's")
        if "rating" not in self.columns and not self.history:
            label = legend_entry("not_started", self.legend).label
            self._warn(row, f'no rating column was found, so every action is "{label}"')
        if "due" not in self.columns:
            self._warn(row, "no timescale column was found, so no action has a due date")

    def _finished(self) -> SheetResult:
        self._tell_sub_actions_apart()
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
            history_columns=self.history,
            not_imported=[heading for _, heading in self.header.unread],
            unknown_words=[
                UnknownRatingWord(key=key, written=written, rows=tuple(rows))
                for key, (written, rows) in self.unknown.items()
            ],
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


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
