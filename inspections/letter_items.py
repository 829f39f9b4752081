"""Splitting a letter's lists into items: findings by section, weaknesses, and actions with their responsible bodies."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .letter_lines import (
    BULLET,
    BULLET_ALONE,
    FRAMEWORK_2016,
    NUMBERED,
    SENTENCE_END,
    heading_at,
    join_lines,
    matching_key,
)


@dataclass(frozen=True)
class LetterItem:
    """An area for priority action or for improvement: its words, the bullets under it, who must act, its page."""

    text: str
    bullets: tuple[str, ...] = ()
    responsible_body: str | None = None
    page: int | None = None

    @property
    def whole(self) -> str:
        """The item and its bullets as one passage, as it reads in the report."""
        return " ".join([self.text, *self.bullets]).strip()

    def as_text(self) -> str:
        return item_for_editing(self.text, self.bullets, self.responsible_body)


def item_for_editing(text: str, bullets=(), responsible_body: str | None = None) -> str:
    """An item as an administrator edits it: the body first, then each bullet on a line of its own."""
    lead = f"{responsible_body}: {text}" if responsible_body else text
    return "\n".join([lead, *(f"• {bullet}" for bullet in bullets)])


SECTION_IDENTIFYING = "identifying"
SECTION_MEETING = "meeting"
SECTION_IMPROVING = "improving"
SECTION_NAMES = {
    SECTION_IDENTIFYING: "identifying needs",
    SECTION_MEETING: "meeting needs",
    SECTION_IMPROVING: "improving outcomes",
}

_ACTION_WORDS = re.compile(r"\b(?:should|must|needs?|will|to|leaders)\b", re.IGNORECASE)
_ORGANISATION = re.compile(
    r"\b(?:council|local authority|integrated care board|icb|ccg|clinical commissioning group|nhs|trust|"
    r"partnership)\b",
    re.IGNORECASE,
)


def _section_of(heading: str) -> str:
    key = matching_key(heading)
    for section in (SECTION_IDENTIFYING, SECTION_MEETING, SECTION_IMPROVING):
        if re.search(rf"\barea(?: partnership)? in {section}\b", key):
            return section
    return SECTION_IDENTIFYING


def _significant_weakness_intro(lines: list[str], index: int) -> int:
    """How many lines the 'required to produce ... the following areas of significant weakness:' takes."""
    joined = ""
    for used, line in enumerate(lines[index : index + 6], start=1):
        if not line or (used > 1 and BULLET.match(line)):
            return 0
        joined = f"{joined} {line}"
        if line.rstrip().endswith(":"):
            key = matching_key(joined)
            return used if "significant weakness" in key or "areas of weakness" in key else 0
        if SENTENCE_END.search(line):
            return 0
    return 0


class _ItemCollector:
    """Gathers the lines of one list (main findings, a section's strengths, ...) into items."""

    def __init__(self, short_line: float):
        self.short_line = short_line
        self.items: list[tuple[str, str | None, str]] = []  # (list name, section, text)
        self.target: tuple[str, str | None] | None = None
        self.current: list[str] | None = None
        self.label: list[str] = []
        self.previous_line = ""
        self.last_number = 0

    def start(self, target: tuple[str, str | None] | None) -> None:
        self.flush()
        self.label = []
        self.target = target
        self.last_number = 0

    def flush(self) -> None:
        if self.current is not None and self.target is not None:
            text = join_lines(self.current)
            body = join_lines(self.label) if self.label else None
            self.label = []
            if text and self.target[0] in _ACTION_LISTS:
                self.items.append((*self.target, LetterItem(text, responsible_body=body)))
            elif text:
                self.items.append((*self.target, f"{body}: {text}" if body else text))
        self.current = None

    def add(self, line: str, *, gap_before: bool) -> None:
        if self.target is None:
            return
        bullet = BULLET.match(line)
        if bullet or BULLET_ALONE.match(line):
            self.flush()
            rest = "" if BULLET_ALONE.match(line) else line[bullet.end() :].strip()
            self.current = [rest] if rest else []
        elif (number := NUMBERED.match(line)) and self._continues_numbering(int(number.group(1))):
            self.flush()
            self.last_number = int(number.group(1))
            rest = line[number.end() :].strip()
            self.current = [rest] if rest else []
        elif self.current and not self._starts_paragraph(line, gap_before):
            self.current.append(line)
        elif self.current == []:
            self.current = [line]
        else:
            self.flush()
            self.current = [line]
        self.previous_line = line

    def _continues_numbering(self, number: int) -> bool:
        # "1." opens a list only where a paragraph could start: "the end of Year" / "1. Pupils ..." does not.
        if number != self.last_number + 1:
            return False
        return bool(self.last_number or self.current is None or SENTENCE_END.search(self.previous_line))

    def _starts_paragraph(self, line: str, gap_before: bool) -> bool:
        previous = self.previous_line
        if not SENTENCE_END.search(previous):
            return False
        first = line.lstrip("\"“‘'([")[:1]
        if not (first.isupper() or first.isdigit()):
            return False
        return gap_before or len(previous) < self.short_line


_ACTION_LISTS = ("priority_actions", "areas_for_improvement")
_CONNECTIVE_END = re.compile(r"(?:\b(?:and|of|the|for|in|with)|[&,(])$", re.IGNORECASE)
_ORGANISATION_END = re.compile(r"(?:board|council|trust|group|partnership|authority|icb|ccg)\b", re.IGNORECASE)


def _responsible_body_at(lines: list[str], index: int) -> int:
    """How many lines name the body responsible for the action that follows (0 if none do).

    In the report's table of priority actions, the responsible body sits in its own cell before the action.
    A visible gap ends the cell when the PDF shows one; otherwise the name ends where the next line starts
    with a capital that does not continue an organisation's name.
    """
    line = lines[index]
    if not line[:1].isupper() or BULLET.match(line) or NUMBERED.match(line):
        return 0
    block: list[str] = []
    for later in lines[index : index + 6]:
        if not later or heading_at([later], 0):
            break
        block.append(later)
    if 0 < len(block) < 6 and _names_a_body(block) and index + len(block) < len(lines):
        return len(block)
    for used in range(1, len(block)):
        named, following = block[:used], block[used]
        if (
            _names_a_body(named)
            and following[:1].isupper()
            and not _CONNECTIVE_END.search(named[-1])
            and not _ORGANISATION_END.match(following)
        ):
            return used
    return 0


def _names_a_body(lines: list[str]) -> bool:
    joined = " ".join(lines)
    return (
        len(joined) < 200
        and not any(SENTENCE_END.search(line) for line in lines)
        and bool(_ORGANISATION.search(joined))
        and not _ACTION_WORDS.search(joined)
    )


def _short_line_length(lines: list[str]) -> float:
    """Below this length a line ending a sentence ends its paragraph: the next word would have fitted."""
    lengths = sorted(len(line) for line in lines if len(line.split()) >= 4)
    typical = lengths[int(len(lengths) * 0.8)] if lengths else 80
    if typical > 150:
        # Text pasted from a word processor has a whole paragraph on each line.
        return float("inf")
    return typical * 0.72


def collect_items(lines: list[str], framework: str) -> list[tuple[str, str | None, str]]:
    collector = _ItemCollector(short_line=_short_line_length(lines))
    section: str | None = None
    findings_started = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        starts_paragraph = collector.current is None or SENTENCE_END.search(collector.previous_line)
        # Checked before headings: "The inspection raises significant concerns ... " can run straight on
        # into "... the following areas of significant weakness:" in one paragraph.
        if framework == FRAMEWORK_2016 and findings_started and starts_paragraph and not BULLET.match(line):
            used = _significant_weakness_intro(lines, index)
            if used:
                collector.start(("significant_weaknesses", None))
                index += used
                continue
        heading = heading_at(lines, index)
        if heading:
            kind = heading.kind
            if kind == "section":
                section = _section_of(heading.text)
                findings_started = True
                collector.start(None)
            elif kind == "main_findings":
                findings_started = True
                collector.start(("main_findings", None))
            elif kind == "experiences":
                collector.start(("main_findings", None))
            elif kind in ("strengths", "effective"):
                findings_started = True
                collector.start(("strengths", section if framework == FRAMEWORK_2016 else None))
            elif kind in ("areas_for_development", "better"):
                findings_started = True
                collector.start(("areas_for_development", section if framework == FRAMEWORK_2016 else None))
            elif kind in ("priority_actions", "areas_for_improvement"):
                if collector.target != (kind, None):
                    collector.start((kind, None))
            elif kind != "table_header":
                collector.start(None)
            index += heading.lines_used
            continue
        if collector.target and collector.target[0] in _ACTION_LISTS and starts_paragraph:
            used = _responsible_body_at(lines, index)
            if used:
                collector.flush()
                collector.label = lines[index : index + used]
                index += used
                continue
        collector.add(line, gap_before=index > 0 and not lines[index - 1])
        index += 1
    collector.flush()
    return collector.items
