"""What reading a plan sheet gives: its strands and actions as the sheet wrote them, and the problems found."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from actions.sheet_columns import HistoryColumn


def reference_key(reference: str) -> str:
    """How refs are compared: ignoring case, spaces, a final full stop and brackets round a final letter, so
    "3.1 (A)" is "3.1a" and "2.3." is "2.3"."""
    key = re.sub(r"\s+", "", reference).rstrip(".").casefold()
    return re.sub(r"\(([a-z])\)$", r"\1", key)


@dataclass(frozen=True)
class RowProblem:
    """Something wrong (or worth knowing) about one row; ``message`` starts "Row N: "."""

    row: int
    message: str


@dataclass(frozen=True)
class RatedMonth:
    """An action's rating in one dated rating column ("RAG May 20"): ``rating`` is blank while the cell's
    word is not yet one of the plan's."""

    month: date
    rating: str
    written: str
    heading: str


@dataclass(frozen=True)
class UnknownRatingWord:
    """A word used as a rating that the plan's legend does not know, and the rows that use it."""

    key: str  # ratings.rating_word_key of it
    written: str  # as first written
    rows: tuple[int, ...]


@dataclass
class ParsedAction:
    row: int
    ref: str
    title: str
    description: str = ""
    lead: str = ""
    organisation: str = ""
    partners: str = ""
    start: date | None = None
    due: date | None = None
    ongoing: bool = False
    rating: str = "not_started"
    rating_reason: str = ""
    success_criteria: str = ""
    evidence: str = ""
    evidence_of_impact: str = ""
    notes: str = ""
    written_ref: str = ""  # the ref as the sheet wrote it, when the reader had to tell two of them apart
    rating_word: str = ""  # the current rating as written, while it is not a word of the plan's
    rating_blank: bool = False  # the current rating's cell is empty (and no dated column rates the action)
    history: list[RatedMonth] = field(default_factory=list)

    @property
    def ref_as_written(self) -> str:
        return self.written_ref or self.ref


@dataclass
class ParsedStrand:
    number: int | None
    title: str
    row: int | None = None
    label: str = ""  # a heading on two rows: its first, "Area for Improvement 1", above the title
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
    history_columns: list[HistoryColumn] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)  # headings of columns the import has no field for
    unknown_words: list[UnknownRatingWord] = field(default_factory=list)

    @property
    def actions(self) -> list[ParsedAction]:
        return [action for strand in self.strands for action in strand.actions]


def result_as_dict(result: SheetResult) -> dict:
    """The result as JSON-ready data (dates as YYYY-MM-DD), e.g. to keep between preview and confirm."""
    return {
        "strands": [
            {
                "number": strand.number,
                "title": strand.title,
                "row": strand.row,
                "actions": [_action_as_dict(action) for action in strand.actions],
            }
            for strand in result.strands
        ],
        "errors": [{"row": problem.row, "message": problem.message} for problem in result.errors],
        "warnings": [{"row": problem.row, "message": problem.message} for problem in result.warnings],
    }


def _action_as_dict(action: ParsedAction) -> dict:
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in asdict(action).items()}
