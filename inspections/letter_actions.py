"""The areas for priority action and for improvement: items with their bullets, their responsible body and page.

The published report sets the areas for priority action as a two-column table, "Responsible body" and the action,
which text extraction gives as the body's narrow lines followed by the action's wide ones; a body cell that runs
past the bottom of a page, or starts beside the action, is split around the action's lines. The areas for
improvement are a one-column table. An item that introduces a list keeps the list as its bullets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .letter_lines import BULLET, BULLET_ALONE, NUMBERED, SENTENCE_END, full_line_length, join_lines

# A body cell's line: names only ("Derbyshire County Council", "and NHS Derby and", "Board"), no sentence.
_NAME_WORD = r"(?:[A-Z][\w’'()&.-]*|and|of|the|for|upon|on|in|&),?"
_BODY_LINE = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*")
_BODY_COMPLETE = re.compile(r"\b(?:board|council|icb|ccg|trust|authority|group|partnership|commission)\)?$", re.I)
_BODY_NAMING = re.compile(
    r"\b(?:council|integrated care board|icb|ccg|clinical commissioning group|nhs|trust|authority)\b", re.I
)
# The sentence an item opens with names who must act: "Area leaders need to", "The local area partnership should".
_OPENS_ITEM = re.compile(
    r"^(?:[\w’',-]+\s+){0,10}?(?:leaders?|partnership|lap|council|icb|ccg|authority|board|commissioners)\b"
    r"(?:\s+[\w’',()-]+){0,12}?\s+(?:should|must|needs?|will)\b",
    re.I,
)
# A body cell is narrower than the action beside it; a name on a line of its own may be wider, but not as wide
# as the action's lines.
_MAX_BODY_LINE = 40
_BODY_SHARE_OF_LINE = 0.72


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


@dataclass
class _Item:
    body: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    bullets: list[list[str]] = field(default_factory=list)
    page: int | None = None
    opened_by_bullet: bool = False

    def last_line(self) -> str:
        if self.bullets and self.bullets[-1]:
            return self.bullets[-1][-1]
        return self.text[-1] if self.text else ""

    def finished(self) -> bool:
        return bool(self.text or self.bullets) and bool(SENTENCE_END.search(self.last_line()))

    def body_complete(self) -> bool:
        return bool(self.body) and bool(_BODY_COMPLETE.search(join_lines(self.body)))

    def add_words(self, line: str) -> None:
        (self.bullets[-1] if self.bullets else self.text).append(line)

    def built(self) -> LetterItem | None:
        bullets = tuple(text for lines in self.bullets if (text := join_lines(lines)))
        text = join_lines(self.text)
        if not text and bullets:
            text, bullets = bullets[0], bullets[1:]
        if not text:
            return None
        return LetterItem(text, bullets, join_lines(self.body) or None, self.page)


def _is_body_line(line: str, widest: float) -> bool:
    return (
        len(line) <= widest
        and not SENTENCE_END.search(line)
        and not BULLET.match(line)
        and bool(_BODY_LINE.fullmatch(line))
    )


def _ends_body(current: _Item, line: str, widest: float) -> bool:
    # "NHS Norfolk and Waveney" / "area ICB": the last line of a name that has not ended yet.
    return (
        bool(current.body)
        and not current.text
        and not current.body_complete()
        and len(line) <= widest
        and not SENTENCE_END.search(line)
        and bool(_BODY_COMPLETE.search(line))
    )


def _widest_body_line(lines: list[str]) -> float:
    return max(_MAX_BODY_LINE, full_line_length(lines, default=0) * _BODY_SHARE_OF_LINE)


def _has_body_column(lines: list[str], widest: float) -> bool:
    """Whether the list is the two-column table: its first lines name a body, then its actions follow."""
    first = [line for line in lines if line][:6]
    leading = []
    for line in first:
        if not _is_body_line(line, widest):
            break
        leading.append(line)
    return bool(leading) and bool(_BODY_NAMING.search(" ".join(leading)))


def collect_actions(lines: list[str], pages: list[int], *, with_bodies: bool) -> list[LetterItem]:
    """The list's items, from the lines between its heading and the next one."""
    widest = _widest_body_line(lines)
    bodies = with_bodies and _has_body_column(lines, widest)
    items: list[_Item] = []
    current: _Item | None = None
    gap_before = False
    for line, page in zip(lines, pages, strict=True):
        if not line:
            gap_before = True
            continue
        if bodies and (_is_body_line(line, widest) or (current is not None and _ends_body(current, line, widest))):
            if current is None or (current.finished() and current.body_complete()):
                current = _Item(page=page)
                items.append(current)
            # A body cell split by the action's lines or by a page break goes on being the same item's body.
            current.body.append(line)
        elif BULLET_ALONE.match(line) or BULLET.match(line):
            rest = "" if BULLET_ALONE.match(line) else line[BULLET.match(line).end() :].strip()
            if current is None or (not bodies and (not current.text or current.opened_by_bullet)):
                # A list that is all bullets, with no sentence introducing them: each bullet is an item.
                current = _Item(page=page, text=[rest] if rest else [], opened_by_bullet=True)
                items.append(current)
            else:
                current.bullets.append([rest] if rest else [])
        elif not bodies and (number := NUMBERED.match(line)):
            # "1. Leaders should ...": a numbered list of areas for improvement, one item per number.
            current = _Item(page=page, text=[line[number.end() :].strip()])
            items.append(current)
        elif current is None or (not bodies and _opens_new_item(current, line, gap_before)):
            current = _Item(page=page, text=[line])
            items.append(current)
        else:
            current.add_words(line)
        gap_before = False
    return [item for part in items if (item := part.built())]


def _opens_new_item(current: _Item, line: str, gap_before: bool) -> bool:
    if not current.finished() or not line[:1].isupper():
        return False
    if current.bullets and current.last_line().endswith(":"):
        return False
    return bool(_OPENS_ITEM.match(line)) or (gap_before and not current.last_line().endswith(":"))
