"""Splitting a letter's lists into items: findings by section and weaknesses (actions: letter_actions)."""

from __future__ import annotations

import re

from .letter_actions import LetterItem, collect_actions
from .letter_lines import (
    BULLET,
    BULLET_ALONE,
    FRAMEWORK_2016,
    NUMBERED,
    SENTENCE_END,
    full_line_length,
    heading_at,
    join_lines,
    matching_key,
)

SECTION_IDENTIFYING = "identifying"
SECTION_MEETING = "meeting"
SECTION_IMPROVING = "improving"
SECTION_NAMES = {
    SECTION_IDENTIFYING: "identifying needs",
    SECTION_MEETING: "meeting needs",
    SECTION_IMPROVING: "improving outcomes",
}

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
        self.previous_line = ""
        self.last_number = 0

    def start(self, target: tuple[str, str | None] | None) -> None:
        self.flush()
        self.target = target
        self.last_number = 0

    def flush(self) -> None:
        if self.current is not None and self.target is not None and (text := join_lines(self.current)):
            self.items.append((*self.target, text))
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


def _short_line_length(lines: list[str]) -> float:
    """Below this length a line ending a sentence ends its paragraph: the next word would have fitted."""
    typical = full_line_length(lines)
    if typical > 150:
        # Text pasted from a word processor has a whole paragraph on each line.
        return float("inf")
    return typical * 0.72


def _list_lines(lines: list[str], index: int, kind: str) -> tuple[list[int], int]:
    """A list of actions' lines (their indexes) and where it ends: at the next heading other than its own repeated
    and the table's header, which are left out."""
    kept = []
    while index < len(lines):
        heading = heading_at(lines, index) if lines[index] else None
        if heading and heading.kind not in (kind, "table_header"):
            break
        if heading:
            index += heading.lines_used
            continue
        kept.append(index)
        index += 1
    return kept, index


def collect_items(
    lines: list[str], framework: str, pages: list[int]
) -> list[tuple[str, str | None, str | LetterItem]]:
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
            elif kind in _ACTION_LISTS:
                collector.start(None)
                kept, index = _list_lines(lines, index + heading.lines_used, kind)
                found = collect_actions(
                    [lines[at] for at in kept], [pages[at] for at in kept], with_bodies=kind == "priority_actions"
                )
                collector.items.extend((kind, None, item) for item in found)
                continue
            elif kind != "table_header":
                collector.start(None)
            index += heading.lines_used
            continue
        collector.add(line, gap_before=index > 0 and not lines[index - 1])
        index += 1
    collector.flush()
    return collector.items
