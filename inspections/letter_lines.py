"""A letter's text as clean lines: characters evened out, page furniture dropped, headings recognised, lines joined."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# The two inspection frameworks, told apart by the letter's title.
FRAMEWORK_2016 = "2016"
FRAMEWORK_2023 = "2023"


# ---------------------------------------------------------------------------------------------------------
# Cleaning the text: characters, page furniture, line joining

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")

# Ofsted's and CQC's letterhead, footers and page numbers. Removed from a line wherever they occur; a line
# left with nothing but separators was furniture. A line ending in a full stop is always kept, because a
# one-word line ("Ofsted.") is the end of a sentence, never a letterhead.
_FURNITURE_PHRASES = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bpage\s+\d+(?:\s+of\s+\d+)?\b",
        r"\b\d+\s+of\s+\d+\b",
        r"(?:https?://|www\.)\S+",
        r"\S+@\S+\.\S+",
        r"\b(?:gov\.uk/ofsted|ofsted\.gov\.uk)\S*",
        r"\b(?:t|tel|telephone|textphone|text\s+phone|minicom|f|fax|direct(?:\s+line)?)\b[:.]?\s*(?:\d[\d ]{5,}\d)?",
        r"(?<!\S)\d{3,5}(?: \d{3,4}){1,2}(?!\S)",
        r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b",
        r"\bofsted\b",
        r"\bpiccadilly gate\b",
        r"\bstore street\b",
        r"\bmanchester\b",
        r"\bagora\b",
        r"\b6 cumberland place\b",
        r"\bnottingham\b",
        r"\bclive house\b",
        r"\b70 petty france\b",
        r"\blondon\b",
        r"\bcitygate\b",
        r"\bgallowgate\b",
        r"\bnewcastle upon tyne\b",
        r"\bofficial(?:[\s–-]+sensitive)?\b",
        r"©\s*crown copyright\s*\d*",
    )
]
_PAGE_NUMBER = re.compile(r"[-–—]?\s*\d{1,3}\s*[-–—]?")
_LEFTOVER_OF_FURNITURE = re.compile(r"[\s,|/:•·\-–—]*(?:\d{1,3}[\s,|/:•·\-–—]*)?")

_BULLET_GLYPHS = "◼■▪▫◾◻□•●○◦‣⁃∙►▶➢➤✓✔\uf000-\uf0ff"
# Distinctive glyphs may touch their text; a dash, star or letter "o" only counts before a capital,
# because a wrapped line can begin with a dash in mid-sentence.
BULLET = re.compile(rf"^(?:[{_BULLET_GLYPHS}]\s*|[-–—*·§o]\s+(?=[\"“‘'(]?[A-Z]))")
BULLET_ALONE = re.compile(rf"^[{_BULLET_GLYPHS}\-–—*·§o]$")
NUMBERED = re.compile(r"^\(?(\d{1,2})[.)](?:\s+(?=\S)|$)")

SENTENCE_END = re.compile(r"[.!?:;][\"”’')\]]*$")

# A line-end hyphen is a break inside a word only when what follows looks like a word ending; otherwise it is
# a compound ("decision-making") that happened to break at its own hyphen, which is far more common in
# letters typeset without automatic hyphenation.
_WORD_ENDINGS = (
    "ment", "ments", "tion", "tions", "sion", "sions", "ness", "ity", "ities", "ance", "ances", "ence",
    "ences", "able", "ably", "ible", "ibly", "ally", "ical", "ive", "ively", "ives", "ous", "ously", "ship",
    "ise", "ised", "ises", "ising", "ize", "ized", "izing", "ing", "ings", "ed", "er", "ers", "est", "ly",
    "al", "ary", "ory", "ure", "ures", "ist", "ists", "ism", "ful", "less", "ate", "ates", "ated", "ating",
)  # fmt: skip
_COMPOUND_SECOND_WORDS = {
    "making", "based", "being", "led", "term", "related", "funded", "centred", "centered", "focused",
    "wide", "level", "specific", "needed", "aged", "owned", "linked", "ended", "sized", "informed", "ready",
    "friendly", "designed", "produced", "ordinated", "ordinator", "ordinators", "operation", "production",
}  # fmt: skip
_COMPOUND_FIRST_WORDS = {
    "co", "non", "pre", "post", "self", "multi", "cross", "well", "semi", "anti", "ex", "long", "short",
    "full", "part", "high", "low", "one", "two", "age", "year", "under", "over", "out", "follow", "inter",
}  # fmt: skip


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    # A soft hyphen only shows at a line end, where it marks a word broken by the typesetter.
    text = re.sub("\u00ad *\n", "\u00ad\n", text)
    return text


def matching_key(line: str) -> str:
    """A line reduced for matching: lower case, straight apostrophes, single spaces, no end colon."""
    key = line.lower().replace("’", "'").replace("‘", "'")
    key = re.sub(r"\s+", " ", key).strip()
    return key.rstrip(":.").strip()


def _is_page_furniture(line: str) -> bool:
    if _PAGE_NUMBER.fullmatch(line):
        return True
    if line.endswith("."):
        return False
    rest = line
    for phrase in _FURNITURE_PHRASES:
        rest = phrase.sub(" ", rest)
    return rest != line and bool(_LEFTOVER_OF_FURNITURE.fullmatch(rest))


def _running_lines(pages: list[list[str]], title: str | None) -> set[str]:
    """Headers and footers: lines repeated at the top or bottom of pages, or repeated often anywhere."""

    def shape(line: str) -> str:
        return re.sub(r"\d+", "#", matching_key(line))

    def could_be_furniture(line: str) -> bool:
        return (
            len(line) >= 12
            and not SENTENCE_END.search(line)
            and not BULLET.match(line)
            and not line[:1].islower()
            and heading_at([line], 0) is None
        )

    running: set[str] = set()
    if len(pages) >= 2:
        at_edges: Counter[str] = Counter()
        for lines in pages:
            filled = [line for line in lines if line]
            at_edges.update({shape(line) for line in filled[:4] + filled[-4:] if could_be_furniture(line)})
        needed = max(2, (len(pages) + 1) // 2)
        running |= {line for line, pages_seen in at_edges.items() if pages_seen >= needed}
    # Repeated on most pages, anywhere on them. Counted by page, because a line repeated within a page or two is
    # content: a responsible body named in every row of a table, or "Leaders across the partnership should".
    # Text with no page breaks at all can only be told by repetition: three times anywhere.
    pages_with = Counter(
        shape(line) for lines in pages for line in (lines if len(pages) == 1 else {*lines})
        if line and could_be_furniture(line)
    )
    running |= {line for line, seen in pages_with.items() if seen >= max(3, (len(pages) + 1) // 2)}
    if title:
        running.discard(shape(title))
    return {line for line in running if line}


def _pages_of(text: str) -> list[list[str]]:
    """The text's pages of stripped lines: split at form feeds, or, for text saved without them, after each
    footer, a line whose shape ends in a page number and recurs through the document."""
    pages = [[line.strip() for line in page.split("\n")] for page in text.split("\f")]
    if len(pages) > 1:
        return pages
    lines = pages[0]
    shapes = [re.sub(r"\d+", "#", matching_key(line)) for line in lines]
    recurring = Counter(shapes)
    footer = {shape for shape, seen in recurring.items() if seen >= 3 and re.search(r"\D #$", shape)}
    if not footer:
        return pages
    split: list[list[str]] = [[]]
    for line, shape in zip(lines, shapes, strict=True):
        split[-1].append(line)
        if shape in footer:
            split.append([])
    return split


def clean_lines(text: str) -> list[str]:
    """The letter's lines without page furniture; '' marks a visible gap between paragraphs."""
    return clean_lines_paged(text)[0]


def clean_lines_paged(text: str) -> tuple[list[str], list[int]]:
    """The letter's lines without page furniture, and the page (from 1) each line is on.

    '' marks a visible gap between paragraphs. A blank line next to removed furniture, or at a page break, is
    dropped: it is the gap around a page number or page edge, not a paragraph break, and a bullet item often
    runs on across the page.
    """
    pages = _pages_of(_normalise(text))
    title = next((line for page in pages for line in page if title_of(line)), None)
    running = _running_lines(pages, title)
    shape_of = {}
    lines: list[str] = []
    page_of: list[int] = []
    title_seen = False
    for page_number, page in enumerate(pages, start=1):
        removed_before = True  # the page edge counts as removed furniture
        for line in page:
            if not line:
                if not removed_before:
                    lines.append("")
                    page_of.append(page_number)
                continue
            shape = shape_of.setdefault(line, re.sub(r"\d+", "#", matching_key(line)))
            repeated_title = line == title and title_seen
            if _is_page_furniture(line) or shape in running or repeated_title:
                while lines and not lines[-1]:
                    lines.pop()
                    page_of.pop()
                removed_before = True
                continue
            title_seen = title_seen or line == title
            lines.append(line)
            page_of.append(page_number)
            removed_before = False
        while lines and not lines[-1]:
            lines.pop()
            page_of.pop()
    return lines, page_of


def full_line_length(lines: list[str], *, default: int = 80) -> int:
    """How long a full line of the text is: most lines of four words or more are no longer."""
    lengths = sorted(len(line) for line in lines if len(line.split()) >= 4)
    return lengths[int(len(lengths) * 0.8)] if lengths else default


def join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("\u00ad") or (text.endswith(("-", "\u2010")) and _is_broken_word(text, line)):
            text = text[:-1] + line
        elif text.endswith(("-", "\u2010", "/")) and re.search(r"\w[-\u2010/]$", text):
            text = text + line
        else:
            text = f"{text} {line}"
    text = text.replace("\u00ad", "").replace("\u2010", "-")
    return re.sub(r"\s+", " ", text).strip()


def _is_broken_word(text: str, next_line: str) -> bool:
    before = re.search(r"(?:^|[\s(“\"‘'])([^\W\d_]+)[-\u2010]$", text)
    after = re.match(r"([^\W\d_]+)", next_line)
    if not before or not after:
        return False
    first, second = before.group(1), after.group(1)
    if not (first.islower() and second.islower()):
        return False
    if first in _COMPOUND_FIRST_WORDS or second in _COMPOUND_SECOND_WORDS:
        return False
    return second.endswith(_WORD_ENDINGS)


# ---------------------------------------------------------------------------------------------------------
# Recognising the letter's headings

_TITLE_2016 = re.compile(
    r"joint (?:local )?area (?:send|special educational needs and/or disabilities(?: \(send\))?) "
    r"(?:re)?inspection (?:in|of) (?P<area>.+)",
    re.IGNORECASE,
)
_TITLE_2023 = re.compile(r"area send (?:full )?(?:re)?inspection of (?P<area>.+)", re.IGNORECASE)
_TITLE_FOLLOW_UP = re.compile(
    r"(?:joint (?:local )?area send revisit\b|area send monitoring (?:inspection|visit)\b).*", re.IGNORECASE
)

_EXACT_HEADINGS = [
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"(?:main|key) findings", "main_findings"),
        (r"(?:key )?strengths", "strengths"),
        (r"areas? for development", "areas_for_development"),
        (r"inspection outcomes?|outcome of (?:the|this) inspection", "other"),
        (r"information about the (?:local )?area partnership", "other"),
        (r"areas? for priority action", "priority_actions"),
        (r"areas? for improvement", "areas_for_improvement"),
        (r"responsible bod(?:y|ies)(?: areas? for priority action)?", "table_header"),
        (r"areas? for priority action responsible bod(?:y|ies)", "table_header"),
        (
            r"local area partnership details|information about this inspection|inspection team|"
            r"yours sincerely|yours faithfully|cc\b.*|the office for standards in education\b.*|"
            r"if you would like a copy of this document\b.*|you may reuse this information\b.*",
            "end",
        ),
    )
]
# Headings that can wrap: matched at the start of a line, then joined with lower-case continuation lines.
_OPENING_HEADINGS = [
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"the effectiveness of the (?:local )?area(?: partnership)? in (?:identifying|meeting|improving)\b",
         "section"),
        (r"what is it like to be a (?:child|young person)\b", "experiences"),
        (r"what is the (?:local )?area partnership doing\b", "effective"),
        (r"what (?:does|do) the (?:local )?area partnership need\b", "better"),
        (r"the inspection raises significant concerns\b", "other"),
    )
]  # fmt: skip


@dataclass(frozen=True)
class _Heading:
    kind: str
    text: str
    lines_used: int


def title_of(line: str) -> tuple[str, str] | None:
    """(framework, area) when the line is a letter's title."""
    line = line.strip()
    if _TITLE_FOLLOW_UP.fullmatch(line):
        return "follow_up", line
    for framework, pattern in ((FRAMEWORK_2016, _TITLE_2016), (FRAMEWORK_2023, _TITLE_2023)):
        match = pattern.fullmatch(line)
        if match and len(line) < 160:
            return framework, match.group("area")
    return None


def heading_at(lines: list[str], index: int) -> _Heading | None:
    line = lines[index]
    if not line or not line[:1].isupper():
        return None
    key = matching_key(line)
    title = title_of(line)
    if title:
        return _Heading(f"title_{title[0]}", line, 1)
    for pattern, kind in _EXACT_HEADINGS:
        if pattern.fullmatch(key):
            return _Heading(kind, line, 1)
    joined, used = line, 1
    while (
        used < 4
        and index + used < len(lines)
        and lines[index + used][:1].islower()
        and not joined.rstrip().endswith(("?", ".", ":"))
    ):
        joined = f"{joined} {lines[index + used]}"
        used += 1
    joined_key = matching_key(joined)
    for pattern, kind in _OPENING_HEADINGS:
        if pattern.match(joined_key) and len(joined) < 200:
            return _Heading(kind, joined, used)
    return None
