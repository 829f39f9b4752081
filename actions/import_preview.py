"""What importing a read sheet would do to a plan, row by row, without saving anything (the dry run).

The person importing checks this preview, the import saves what it says, and its ``errors`` (the reader's and
:func:`sheet_import_problems`) stop a sheet being imported.

The rules for how a file meets a plan are in :mod:`actions.plan_import`.
"""
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .import_targets import person_key, plan_import_targets
from .models import Action, Plan, Strand
from .ratings import Legend, RatingRefused, rating_change_decide
from .sheet_columns import ACTION_COLUMNS, COLUMN, TEXT, Column, HistoryColumn
from .sheet_result import ParsedAction, ParsedStrand, RowProblem, SheetResult, UnknownRatingWord, reference_key

# Columns whose fields are worked out from more than their own cell (see _Importer._row); ``fields_from``
# gives the others'.
_WORKED_OUT = {"ref", "description", "evidence", "lead", "start", "rating_reason"}


@dataclass
class ImportRow:
    """One action in the file and what importing it does to the plan."""

    parsed: ParsedAction
    reference: str
    action: Action | None  # the plan's action with this ref, which the import updates
    values: dict[str, Any]  # the action's fields after the import
    changes: list[str] = field(default_factory=list)  # what an update changes, as the preview names it
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        if self.action is None:
            return "add"
        return "update" if self.changes else "unchanged"

    def value(self, name: str) -> Any:
        """The field's value after the import (the plan's own when the file has no column for it)."""
        if name in self.values or self.action is None:
            return self.values.get(name)
        return getattr(self.action, name)

    @property
    def due_date(self) -> date | None:
        return self.value("due_date")

    @property
    def ongoing(self) -> bool:
        return bool(self.value("ongoing"))

    @property
    def rating(self) -> str:
        return self.value("rating")

    @property
    def lead_text(self) -> str:
        person = self.value("lead_officer")
        return str(person) if person is not None else self.value("lead_name") or ""

    @property
    def lead_has_account(self) -> bool:
        return self.value("lead_officer") is not None

    @property
    def rating_known(self) -> bool:
        return not self.parsed.rating_word


@dataclass
class ImportStrand:
    parsed: ParsedStrand
    strand: Strand | None  # the plan's strand it is, or None when the import adds it
    number: int
    title: str
    rows: list[ImportRow] = field(default_factory=list)
    # The inspection's weaknesses this strand seems to answer (by number or words), not linked yet: the
    # person importing confirms each.
    proposed: list[Any] = field(default_factory=list)

    @property
    def title_changes(self) -> bool:
        return self.strand is not None and self.strand.title != self.title

    @property
    def outcome(self) -> str:
        if self.strand is None:
            return "add"
        return "update" if self.title_changes else "unchanged"


@dataclass
class ImportPreview:
    """What importing a file would do, row by row, and every problem that stops it (``errors``)."""

    strands: list[ImportStrand]
    errors: list[RowProblem]
    warnings: list[RowProblem]
    kept: int  # actions already in the plan that the file does not list: left as they are
    unknown_words: list[UnknownRatingWord] = field(default_factory=list)  # to map before importing
    history_columns: list[HistoryColumn] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)

    @property
    def can_import(self) -> bool:
        return not self.errors and not self.unknown_words

    @property
    def problems_by_row(self) -> list[tuple[int, list[RowProblem], list[RowProblem]]]:
        """Every problem and warning of the file at once, grouped by row: (row, errors, warnings)."""
        rows: dict[int, tuple[list[RowProblem], list[RowProblem]]] = {}
        for problem in self.errors:
            rows.setdefault(problem.row, ([], []))[0].append(problem)
        for problem in self.warnings:
            rows.setdefault(problem.row, ([], []))[1].append(problem)
        return [(row, errors, warnings) for row, (errors, warnings) in sorted(rows.items())]

    @property
    def rated_months(self) -> int:
        return sum(len(row.parsed.history) for row in self.rows)

    @property
    def rows(self) -> list[ImportRow]:
        return [row for strand in self.strands for row in strand.rows]

    def _count(self, outcome: str, items) -> int:
        return sum(1 for item in items if item.outcome == outcome)

    @property
    def strands_added(self) -> int:
        return self._count("add", self.strands)

    @property
    def actions_added(self) -> int:
        return self._count("add", self.rows)

    @property
    def actions_updated(self) -> int:
        return self._count("update", self.rows)

    @property
    def actions_unchanged(self) -> int:
        return self._count("unchanged", self.rows)


_reference_key = reference_key
_WORD = re.compile(r"[a-z0-9]+")
_SMALL_WORDS = frozenset({"and", "the", "for", "with", "from", "that", "are", "their", "they", "who", "have", "not"})


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.casefold()) if len(word) > 2 and word not in _SMALL_WORDS}


def weakness_matches(number: int | None, title: str, weakness) -> bool:
    """Whether a strand of the file seems to answer the weakness: the same number, or most of the shorter
    title's words in the other."""
    if number is not None and number == weakness.number:
        return True
    ours, theirs = _words(title), _words(weakness.title)
    if not ours or not theirs:
        return False
    return len(ours & theirs) / min(len(ours), len(theirs)) >= 0.6


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _too_long(row: int, what: str, text: str, limit: int) -> RowProblem | None:
    if len(text) <= limit:
        return None
    return RowProblem(row=row, message=f"Row {row}: {what} is {len(text)} characters long; the most is {limit}")


def _lead_text(parsed: ParsedAction) -> str:
    """A lead cell joined from several rows reads "Head of SEND; Designated Clinical Officer"."""
    return "; ".join(" ".join(line.split()) for line in parsed.lead.splitlines() if line.strip())


def _length_limits() -> list[tuple[Column, int]]:
    """The text columns whose field has a most length, with it (a lead is kept as written when no one has it)."""
    return [
        (column, limit) for column in ACTION_COLUMNS if column.kind == TEXT for name in column.fields
        if (limit := Action._meta.get_field(name).max_length)
    ]


def sheet_import_problems(result: SheetResult, *, legend: Legend) -> list[RowProblem]:
    """Problems that stop a read sheet being saved into any plan, beyond the reader's own ``errors``.

    No database: the command line's dry run reports them too. Text longer than its field, two strands
    with the same number, and ratings the plan's legend does not have.
    """
    problems: list[RowProblem] = []
    numbered: dict[int, ParsedStrand] = {}
    keys = {entry.key for entry in legend}
    for strand in result.strands:
        row = strand.row or (strand.actions[0].row if strand.actions else 0)
        problems.append(_too_long(row, "the strand's title", strand.title, _max_length(Strand, "title")))
        if strand.number is not None:
            first = numbered.setdefault(strand.number, strand)
            if first is not strand:
                problems.append(RowProblem(row=row, message=(
                    f'Row {row}: strand {strand.number} "{strand.title}" has the same number as strand '
                    f'{first.number} "{first.title}" on row {first.row}: give each strand its own number'
                )))
        for action in strand.actions:
            row = action.row
            for column, limit in _length_limits():
                text = _lead_text(action) if column.name == "lead" else getattr(action, column.name)
                problems.append(_too_long(row, f"the {column.word}", text, limit))
            if action.rating not in keys:
                message = f'Row {row}: rating "{action.rating}" is not in this plan\'s legend'
                problems.append(RowProblem(row=row, message=message))
    return [problem for problem in problems if problem is not None]


def unknown_word_problems(result: SheetResult, *, legend: Legend) -> list[RowProblem]:
    """Each row rated with a word the plan's legend does not know, as a problem (where nobody can map it)."""
    choices = ", ".join(entry.label for entry in legend)
    return [
        RowProblem(row=row, message=f'Row {row}: rating "{word.written}" is not a rating in this plan\'s legend '
                   f"({choices})")
        for word in result.unknown_words for row in word.rows
    ]


def _evidence_parts(text: str) -> tuple[str, str]:
    """Evidence lines that are web addresses (for the evidence links) and the rest (kept in the description)."""
    check = URLValidator(schemes=["http", "https"])
    links, other = [], []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        try:
            check(line)
        except ValidationError:
            other.append(line)
        else:
            links.append(line)
    return "\n".join(links), "; ".join(other)


class _Importer:
    """Works out, without saving, what importing a read sheet does to a plan (the preview and the import)."""

    def __init__(self, plan: Plan, result: SheetResult, *, today: date, lock: bool):
        self.plan = plan
        self.result = result
        self.today = today
        self.legend = plan.legend
        self.columns = set(result.columns)
        self.errors = list(result.errors) + sheet_import_problems(result, legend=self.legend)
        self.warnings = list(result.warnings)
        leads = {_lead_text(action) for action in result.actions}
        self.targets = plan_import_targets(plan, leads=leads, lock=lock)
        self.unknown_leads: dict[str, tuple[str, list[int]]] = {}
        self.ambiguous_leads: dict[str, tuple[str, list[int]]] = {}

    def preview(self) -> ImportPreview:
        strands = self._strands()
        existing = {_reference_key(action.reference): action for action in self.targets.actions}
        file_refs = {_reference_key(action.ref) for action in self.result.actions if action.ref}
        matched: set[int] = set()
        for item in strands:
            for position, parsed in enumerate(item.parsed.actions, start=1):
                reference = parsed.ref.strip() or self._made_up_reference(item, position, parsed, file_refs)
                action = existing.get(_reference_key(reference))
                if action is not None:
                    matched.add(action.pk)
                item.rows.append(self._row(item, parsed, reference, action))
        self._warn_about_leads()
        by_row: dict[int, list[RowProblem]] = defaultdict(list)
        for problem in self.errors:
            by_row[problem.row].append(problem)
        for item in strands:
            for row in item.rows:
                row.problems = by_row.get(row.parsed.row, [])
        self._propose_weaknesses(strands)
        return ImportPreview(
            strands=strands,
            errors=sorted(self.errors, key=lambda problem: problem.row),
            warnings=sorted(self.warnings, key=lambda problem: problem.row),
            kept=sum(1 for action in self.targets.actions if action.pk not in matched),
            unknown_words=list(self.result.unknown_words),
            history_columns=list(self.result.history_columns),
            not_imported=list(self.result.not_imported),
        )

    def _propose_weaknesses(self, strands: list[ImportStrand]) -> None:
        for item in strands:
            linked = {weakness for strand, weakness in self.targets.linked if item.strand and strand == item.strand.pk}
            item.proposed = [
                weakness for weakness in self.targets.weaknesses
                if weakness.pk not in linked and weakness_matches(item.parsed.number, item.title, weakness)
            ]

    def _strands(self) -> list[ImportStrand]:
        """The plan's strand for each strand of the file: numbered ones first, so a title never takes a number's."""
        by_number = {strand.number: strand for strand in self.targets.strands}
        by_title: dict[str, Strand] = {}
        for strand in self.targets.strands:
            by_title.setdefault(person_key(strand.title), strand)
        claimed: set[int] = set()
        chosen: dict[int, tuple[Strand | None, int]] = {}
        for position, parsed in enumerate(self.result.strands):
            if parsed.number is not None:
                strand = by_number.get(parsed.number)
                if strand is not None and strand.pk in claimed:
                    strand = None  # a second strand with this number in the file: reported as a problem
                if strand is not None:
                    claimed.add(strand.pk)
                chosen[position] = (strand, parsed.number)
        used = set(by_number) | {number for _, number in chosen.values()}
        for position, parsed in enumerate(self.result.strands):
            if parsed.number is None:
                strand = by_title.get(person_key(parsed.title))
                if strand is not None and strand.pk not in claimed:
                    claimed.add(strand.pk)
                    chosen[position] = (strand, strand.number)
                else:
                    number = max(used, default=0) + 1
                    used.add(number)
                    chosen[position] = (None, number)
        return [
            ImportStrand(parsed=parsed, strand=chosen[position][0], number=chosen[position][1], title=parsed.title)
            for position, parsed in enumerate(self.result.strands)
        ]

    def _made_up_reference(self, item: ImportStrand, position: int, parsed: ParsedAction, taken: set[str]) -> str:
        number = position
        while _reference_key(f"{item.number}.{number}") in taken:
            number += 1
        reference = f"{item.number}.{number}"
        taken.add(_reference_key(reference))
        self._warn(parsed.row, f"has no ref, so the action is given ref {reference}")
        return reference

    def _row(self, item: ImportStrand, parsed: ParsedAction, reference: str, action: Action | None) -> ImportRow:
        new = action is None
        present = self.columns if not new else set(COLUMN)
        values: dict[str, Any] = {}
        for column in ACTION_COLUMNS:
            if column.name in present and column.name not in _WORKED_OUT:
                values.update(column.fields_from(parsed))
        if "description" in present or "evidence" in present:
            values.update(self._description_and_evidence(parsed, action, present))
        if "lead" in present:
            values.update(self._lead(parsed))
        if "start" in present or parsed.start is not None:  # a timescale "April to June 2023" starts it too
            values["start_date"] = parsed.start
        self._rating_by_the_rule(parsed, action, values)

        start = values.get("start_date", action.start_date if action else None)
        due = values.get("due_date", action.due_date if action else None)
        if start and due and due < start and not (parsed.start and parsed.due):
            self._error(parsed.row, f"the start date {start:%d/%m/%Y} is after the due date {due:%d/%m/%Y}")

        row = ImportRow(parsed=parsed, reference=reference if new else action.reference, action=action, values=values)
        if not new:
            row.changes = self._changes(item, action, values)
        return row

    def _description_and_evidence(self, parsed: ParsedAction, action: Action | None, present: set[str]) -> dict:
        values = {}
        description = parsed.description if "description" in present else action.description
        links, other = _evidence_parts(parsed.evidence)
        if "evidence" in present:
            values["evidence_links"] = links
        if other:
            extra = f"Evidence: {other}"
            if extra not in description:
                description = f"{description}\n\n{extra}" if description else extra
                self._warn(parsed.row, f'evidence "{_shortened(other)}" is not a web address, so it is kept '
                           "in the description")
        values["description"] = description
        return values

    def _lead(self, parsed: ParsedAction) -> dict[str, Any]:
        text = _lead_text(parsed)
        people = {person.pk: person for person in self.targets.people.get(person_key(text), [])} if text else {}
        if len(people) == 1:
            return {"lead_officer": next(iter(people.values())), "lead_name": ""}
        if text:
            # Listed once per person however they are written ("Jo Smith", "jo smith"), as first written.
            chosen = self.ambiguous_leads if people else self.unknown_leads
            chosen.setdefault(person_key(text), (text, []))[1].append(parsed.row)
        return {"lead_officer": None, "lead_name": text}

    def _rating_by_the_rule(self, parsed: ParsedAction, action: Action | None, values: dict[str, Any]) -> None:
        """The rating, its reason and completion date by the plan's one rule, exactly as an edit would set
        them (``ratings.rating_change_decide``): a rating made worse with no reason in the file is a problem
        of its row, in the same words the edit form uses."""
        file_reason = parsed.rating_reason if "rating_reason" in self.columns else None
        if parsed.rating_word:  # not one of the plan's words yet: the import waits for it to be mapped
            values.pop("rating", None)
        if parsed.rating_blank and action is not None:  # nothing typed: the rating stays as it is
            values.pop("rating", None)
            return
        if parsed.history and "rating" not in self.columns:
            values["rating"] = parsed.rating  # the newest rated month
        if "rating" not in values or values["rating"] not in {entry.key for entry in self.legend}:
            if file_reason is not None and action is not None:
                values["rating_reason"] = file_reason
            return
        new_rating = values["rating"]
        if action is not None and new_rating == action.rating:
            if file_reason is not None:
                values["rating_reason"] = file_reason
            return
        try:
            decision = rating_change_decide(
                in_force=action.rating if action else "", to=new_rating, reason=file_reason or "",
                legend=self.legend, completed_on=action.completed_on if action else None, effective_on=self.today,
            )
        except RatingRefused as refusal:
            self._error(parsed.row, f'{refusal} (in the "{COLUMN["rating_reason"].heading}" column)')
            return
        values["completed_on"] = decision.completed_on
        # A new action keeps the file's reason, as the add-an-action form does; a change keeps it while worse.
        values["rating_reason"] = (file_reason or "") if action is None else decision.reason

    def _changes(self, item: ImportStrand, action: Action, values: dict[str, Any]) -> list[str]:
        """What the import changes on the action, as the preview names it (each column's label once)."""
        changed = []
        if item.strand is None or action.strand_id != item.strand.pk:
            changed.append(self.plan.section_word)
        for column in ACTION_COLUMNS:
            if column.name == "rating_reason" and column.name not in self.columns:
                continue  # the reason follows the rating, which is named already
            for name in (name for name in column.fields if name in values):
                current, value = getattr(action, name), values[name]
                if name == "lead_officer":
                    current, value = action.lead_officer_id, value.pk if value is not None else None
                if current != value and column.label not in changed:
                    changed.append(column.label)
        return changed

    def _warn_about_leads(self) -> None:
        for text, rows in self.unknown_leads.values():
            self._warn(rows[0], f'no one with an account is called "{_shortened(text)}"{_also(rows)}, so the lead '
                       "is kept as written")
        for text, rows in self.ambiguous_leads.values():
            self._warn(rows[0], f'more than one person is called "{_shortened(text)}"{_also(rows)}, so the lead '
                       "is kept as written: choose the person on the action's page")

    def _error(self, row: int, message: str) -> None:
        self.errors.append(RowProblem(row=row, message=f"Row {row}: {message}"))

    def _warn(self, row: int, message: str) -> None:
        self.warnings.append(RowProblem(row=row, message=f"Row {row}: {message}"))


def _also(rows: list[int]) -> str:
    others = rows[1:]
    if not others:
        return ""
    return f" (also row{'s' if len(others) > 1 else ''} {', '.join(str(row) for row in others)})"


def _shortened(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"



def import_preview(plan: Plan, result: SheetResult, *, today: date, lock: bool) -> ImportPreview:
    """What importing the read sheet into the plan does, row by row. With ``lock`` (inside the import's
    transaction) the plan's strands and actions are locked until it commits."""
    return _Importer(plan, result, today=today, lock=lock).preview()
