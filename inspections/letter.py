"""Reading an Ofsted/CQC local area SEND inspection outcome letter (PDF or text) into a result to review."""

from __future__ import annotations

import codecs
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

MAX_LETTER_BYTES = 10 * 1024 * 1024
# Outcome letters run to 5-20 pages; a much longer PDF is something else and slow to read.
MAX_LETTER_PAGES = 60

FRAMEWORK_2016 = "2016"
FRAMEWORK_2023 = "2023"

SECTION_IDENTIFYING = "identifying"
SECTION_MEETING = "meeting"
SECTION_IMPROVING = "improving"
_SECTION_NAMES = {
    SECTION_IDENTIFYING: "identifying needs",
    SECTION_MEETING: "meeting needs",
    SECTION_IMPROVING: "improving outcomes",
}

NOT_A_LETTER = "This does not look like an Ofsted/CQC local area SEND inspection letter"


class LetterError(ValueError):
    """The upload cannot be read as an inspection letter; the message is written for the person uploading."""


@dataclass(frozen=True)
class Finding:
    """A strength or area for development, tagged with the 2016 section it sits under (None in 2023)."""

    section: str | None
    text: str


@dataclass
class ParsedLetter:
    """What was read from one letter, for an administrator to check before anything is saved."""

    framework: str
    area_name: str | None = None
    inspection_start: date | None = None
    inspection_end: date | None = None
    letter_date: date | None = None
    outcome: int | None = None
    wsoa_required: bool | None = None
    main_findings: list[str] = field(default_factory=list)
    strengths: list[Finding] = field(default_factory=list)
    areas_for_development: list[Finding] = field(default_factory=list)
    significant_weaknesses: list[str] = field(default_factory=list)
    priority_actions: list[str] = field(default_factory=list)
    areas_for_improvement: list[str] = field(default_factory=list)
    lead_inspector: str | None = None
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------
# Getting text out of the upload


def extract_text(data: bytes, filename: str) -> str:
    """The letter's text from an uploaded PDF or plain-text file; pages are separated by form feeds."""
    if not data:
        raise LetterError("The file is empty. Upload the inspection letter as a PDF or a plain-text (.txt) file.")
    if len(data) > MAX_LETTER_BYTES:
        raise LetterError(
            f"The file is too big ({len(data) / 1024 / 1024:.1f} MB). "
            f"Upload a letter of {MAX_LETTER_BYTES // (1024 * 1024)} MB or less."
        )
    suffix = PurePath(filename or "").suffix.lower()
    if b"%PDF-" in data[:1024]:
        return _pdf_text(data)
    if suffix == ".pdf":
        raise LetterError("The file is named .pdf but is not a PDF. Upload the letter as published by Ofsted.")
    if suffix not in ("", ".txt", ".text"):
        raise LetterError(
            f"{suffix} files cannot be read. Upload the letter as a PDF or a plain-text (.txt) file."
        )
    return _plain_text(data)


def _plain_text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LetterError("The file is not readable plain text. Upload the letter as a PDF.") from exc
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Text saved on Windows is usually cp1252; its five unused bytes become replacement marks.
            text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text or controls > len(text) / 100:
        raise LetterError(
            "The file is not a PDF or plain text. Upload the letter as a PDF or a plain-text (.txt) file."
        )
    if not any(ch.isalpha() for ch in text):
        raise LetterError("The file has no text in it. Upload the inspection letter as a PDF or a .txt file.")
    return text


def _pdf_text(data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LetterError(_LOCKED_MESSAGE)
        if len(reader.pages) > MAX_LETTER_PAGES:
            raise LetterError(
                f"The PDF has {len(reader.pages)} pages; an inspection letter has far fewer. "
                "Check that this is the outcome letter."
            )
        pages = [_page_lines(page) for page in reader.pages]
    except LetterError:
        raise
    except FileNotDecryptedError as exc:
        raise LetterError(_LOCKED_MESSAGE) from exc
    except DependencyError as exc:
        raise LetterError(
            "The PDF is encrypted in a way this service cannot open. Upload an unprotected copy of the letter."
        ) from exc
    except Exception as exc:
        # pypdf raises many exception types for damaged files; to the uploader they all mean one thing.
        raise LetterError("The PDF could not be read; it may be damaged. Try downloading it again.") from exc
    text = _with_paragraph_gaps(pages)
    if sum(1 for ch in text if ch.isalpha()) < 40:
        raise LetterError(
            "The PDF has no text that can be read: it looks like a scanned image. Upload the PDF as "
            "published by Ofsted (its text can be selected), or a plain-text (.txt) copy of the letter."
        )
    return text


_LOCKED_MESSAGE = "The PDF is password-protected. Upload a copy without a password."


def _page_lines(page) -> list[tuple[str, float | None]]:
    """The page's lines as pypdf reads them, each with the height on the page where it starts.

    The heights let blank lines be put back where the PDF leaves a visible gap, which is how a paragraph
    that has no bullet is told apart from the wrapped end of the item above it.
    """
    pieces: list[tuple[str, float]] = []

    def remember(text, cm, tm, font_dict, font_size):
        if text:
            pieces.append((text, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    plain = page.extract_text(visitor_text=remember) or ""
    if "".join(text for text, _ in pieces) != plain:
        return [(line, None) for line in plain.split("\n")]
    lines: list[tuple[str, float | None]] = []
    current, current_y, height_known = "", None, True
    for text, y in pieces:
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append((current, current_y))
                # A piece spanning lines only gives the height of its first line.
                current, current_y, height_known = "", None, False
            if part.strip() and current_y is None and height_known:
                current_y = y
            current += part
        height_known = True
    lines.append((current, current_y))
    return lines


def _with_paragraph_gaps(pages: list[list[tuple[str, float | None]]]) -> str:
    steps = [
        above_y - below_y
        for lines in pages
        for (_, above_y), (_, below_y) in zip(lines, lines[1:], strict=False)
        if above_y is not None and below_y is not None and above_y - below_y > 0
    ]
    usual_step = statistics.median(steps) if steps else None
    texts = []
    for lines in pages:
        out: list[str] = []
        previous_y = None
        for text, y in lines:
            if usual_step and previous_y is not None and y is not None and out and out[-1].strip():
                step = previous_y - y
                if step > usual_step * 1.35 or step < -usual_step * 0.5:
                    out.append("")
            out.append(text)
            if y is not None:
                previous_y = y
        texts.append("\n".join(out))
    return "\f".join(texts)


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
_BULLET = re.compile(rf"^(?:[{_BULLET_GLYPHS}]\s*|[-–—*·§o]\s+(?=[\"“‘'(]?[A-Z]))")
_BULLET_ALONE = re.compile(rf"^[{_BULLET_GLYPHS}\-–—*·§o]$")
_NUMBERED = re.compile(r"^\(?(\d{1,2})[.)](?:\s+(?=\S)|$)")

_ACTION_WORDS = re.compile(r"\b(?:should|must|needs?|will|to|leaders)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;][\"”’')\]]*$")
_ORGANISATION = re.compile(
    r"\b(?:council|local authority|integrated care board|icb|ccg|clinical commissioning group|nhs|trust|"
    r"partnership)\b",
    re.IGNORECASE,
)

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


def _key(line: str) -> str:
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
        return re.sub(r"\d+", "#", _key(line))

    def could_be_furniture(line: str) -> bool:
        return (
            len(line) >= 12
            and not _SENTENCE_END.search(line)
            and not _BULLET.match(line)
            and not line[:1].islower()
            and _heading_at([line], 0) is None
        )

    running: set[str] = set()
    if len(pages) >= 2:
        at_edges: Counter[str] = Counter()
        for lines in pages:
            filled = [line for line in lines if line]
            at_edges.update({shape(line) for line in filled[:4] + filled[-4:] if could_be_furniture(line)})
        needed = max(2, (len(pages) + 1) // 2)
        running |= {line for line, pages_seen in at_edges.items() if pages_seen >= needed}
    everywhere = Counter(shape(line) for lines in pages for line in lines if line and could_be_furniture(line))
    running |= {line for line, seen in everywhere.items() if seen >= 3}
    if title:
        running.discard(shape(title))
    return {line for line in running if line}


def _clean_lines(text: str) -> list[str]:
    """The letter's lines without page furniture; '' marks a visible gap between paragraphs.

    A blank line next to removed furniture, or at a page break, is dropped: it is the gap around a page
    number or page edge, not a paragraph break, and a bullet item often runs on across the page.
    """
    pages = [[line.strip() for line in page.split("\n")] for page in _normalise(text).split("\f")]
    title = next((line for page in pages for line in page if _title_of(line)), None)
    running = _running_lines(pages, title)
    shape_of = {}
    lines: list[str] = []
    title_seen = False
    for page in pages:
        removed_before = True  # the page edge counts as removed furniture
        for line in page:
            if not line:
                if not removed_before:
                    lines.append("")
                continue
            shape = shape_of.setdefault(line, re.sub(r"\d+", "#", _key(line)))
            repeated_title = line == title and title_seen
            if _is_page_furniture(line) or shape in running or repeated_title:
                while lines and not lines[-1]:
                    lines.pop()
                removed_before = True
                continue
            title_seen = title_seen or line == title
            lines.append(line)
            removed_before = False
        while lines and not lines[-1]:
            lines.pop()
    return lines


def _join_lines(lines: list[str]) -> str:
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


def _title_of(line: str) -> tuple[str, str] | None:
    """(framework, area) when the line is a letter's title."""
    line = line.strip()
    if _TITLE_FOLLOW_UP.fullmatch(line):
        return "follow_up", line
    for framework, pattern in ((FRAMEWORK_2016, _TITLE_2016), (FRAMEWORK_2023, _TITLE_2023)):
        match = pattern.fullmatch(line)
        if match and len(line) < 160:
            return framework, match.group("area")
    return None


def _heading_at(lines: list[str], index: int) -> _Heading | None:
    line = lines[index]
    if not line or not line[:1].isupper():
        return None
    key = _key(line)
    title = _title_of(line)
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
    joined_key = _key(joined)
    for pattern, kind in _OPENING_HEADINGS:
        if pattern.match(joined_key) and len(joined) < 200:
            return _Heading(kind, joined, used)
    return None


def _section_of(heading: str) -> str:
    key = _key(heading)
    for section in (SECTION_IDENTIFYING, SECTION_MEETING, SECTION_IMPROVING):
        if re.search(rf"\barea(?: partnership)? in {section}\b", key):
            return section
    return SECTION_IDENTIFYING


def _significant_weakness_intro(lines: list[str], index: int) -> int:
    """How many lines the 'required to produce ... the following areas of significant weakness:' takes."""
    joined = ""
    for used, line in enumerate(lines[index : index + 6], start=1):
        if not line or (used > 1 and _BULLET.match(line)):
            return 0
        joined = f"{joined} {line}"
        if line.rstrip().endswith(":"):
            key = _key(joined)
            return used if "significant weakness" in key or "areas of weakness" in key else 0
        if _SENTENCE_END.search(line):
            return 0
    return 0


# ---------------------------------------------------------------------------------------------------------
# Splitting sections into items


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
            text = _join_lines(self.current)
            if self.label:
                text = f"{_join_lines(self.label)}: {text}"
                self.label = []
            if text:
                self.items.append((*self.target, text))
        self.current = None

    def add(self, line: str, *, gap_before: bool) -> None:
        if self.target is None:
            return
        bullet = _BULLET.match(line)
        if bullet or _BULLET_ALONE.match(line):
            self.flush()
            rest = "" if _BULLET_ALONE.match(line) else line[bullet.end() :].strip()
            self.current = [rest] if rest else []
        elif (number := _NUMBERED.match(line)) and self._continues_numbering(int(number.group(1))):
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
        return bool(self.last_number or self.current is None or _SENTENCE_END.search(self.previous_line))

    def _starts_paragraph(self, line: str, gap_before: bool) -> bool:
        previous = self.previous_line
        if not _SENTENCE_END.search(previous):
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
    if not line[:1].isupper() or _BULLET.match(line) or _NUMBERED.match(line):
        return 0
    block: list[str] = []
    for later in lines[index : index + 6]:
        if not later or _heading_at([later], 0):
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
        and not any(_SENTENCE_END.search(line) for line in lines)
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


# ---------------------------------------------------------------------------------------------------------
# Dates, outcome, people

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_RANGE = re.compile(
    rf"{_WEEKDAY}(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"\s*(?:to|and|until|till|[-–—])\s*"
    rf"{_WEEKDAY}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})",
    re.IGNORECASE,
)
_SINGLE_DATE = re.compile(
    rf"(?:dated?:?\s*)?{_WEEKDAY}(?P<d>{_DAY})\s+(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\.?", re.IGNORECASE
)

_OUTCOMES = (
    (1, re.compile(r"typically leads? to positive experiences and outcomes")),
    (2, re.compile(r"leads? to inconsistent experiences and outcomes")),
    (3, re.compile(r"widespread (?:and/or|and|or) systemic failings")),
)

_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")
_HONORIFICS = {"dr", "mr", "mrs", "ms", "miss", "mx"}
_NOT_NAME_WORDS = {
    "ofsted", "inspector", "inspectors", "director", "commission", "regional", "care", "quality", "lead",
    "hmi", "majesty's", "majesty’s", "department", "nhs", "council", "yours", "sincerely", "chief",
    "deputy", "cqc", "education", "england", "health", "services", "group", "board",
}  # fmt: skip
_INSPECTOR_ROLE = re.compile(r"\b(?:hmi|(?:his|her) majesty[’']s inspector|ofsted inspector)\b", re.IGNORECASE)
_LEAD_ROLE = re.compile(r"\blead inspector\b", re.IGNORECASE)
_ROLE_AFTER_NAME = re.compile(
    r"\s+(?:ofsted\s+)?(?:hmi|ofsted inspector|(?:his|her) majesty[’']s inspector)$", re.IGNORECASE
)
_CQC = re.compile(r"\b(?:cqc|care quality commission)\b", re.IGNORECASE)


def _date_from(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), _MONTHS[month.lower().rstrip(".")], int(re.sub(r"\D", "", day)))
    except (KeyError, ValueError):
        return None


def _dates_from(match: re.Match) -> tuple[date, date] | None:
    end = _date_from(match["d2"], match["m2"], match["y2"])
    if end is None:
        return None
    start = _date_from(match["d1"], match["m1"] or match["m2"], match["y1"] or match["y2"])
    if start is not None and start > end and not match["y1"]:
        start = _date_from(match["d1"], match["m1"] or match["m2"], str(end.year - 1))
    if start is None:
        return None
    return start, end


def _inspection_dates(flat: str, warnings: list[str]) -> tuple[date | None, date | None]:
    anchored = (
        re.compile(r"\b(?:inspection dates?|dates? of (?:the )?inspection)\s*:?\s*", re.IGNORECASE),
        re.compile(r"\b(?:between|from)\s+", re.IGNORECASE),
    )
    for anchor in anchored:
        for found in anchor.finditer(flat):
            if "previous" in flat[max(0, found.start() - 12) : found.start()].lower():
                continue
            match = _DATE_RANGE.match(flat, found.end())
            if match and (dates := _dates_from(match)):
                return _checked(dates, warnings)
    for match in _DATE_RANGE.finditer(flat):
        if "previous" in flat[max(0, match.start() - 40) : match.start()].lower():
            continue
        if dates := _dates_from(match):
            warnings.append(
                f"The inspection dates were taken from the phrase “{match.group(0)}”; check they are right."
            )
            return _checked(dates, warnings)
    warnings.append("Could not find the inspection dates; enter them by hand.")
    return None, None


def _checked(dates: tuple[date, date], warnings: list[str]) -> tuple[date, date]:
    start, end = dates
    if not 0 <= (end - start).days <= 14:
        warnings.append(
            f"The inspection dates read as {start:%d %B %Y} to {end:%d %B %Y}, longer than an inspection "
            "week; check them."
        )
    return start, end


def _letter_date(lines: list[str], title_index: int | None) -> date | None:
    stop = title_index if title_index is not None else min(len(lines), 30)
    for index, line in enumerate(lines[:stop]):
        if _key(line).startswith("dear "):
            stop = index
            break
    for line in lines[:stop]:
        match = _SINGLE_DATE.fullmatch(line.strip())
        if match:
            found = _date_from(match["d"], match["m"], match["y"])
            if found:
                return found
    return None


def _outcome(flat_key: str, warnings: list[str]) -> int | None:
    found = sorted(
        (match.start(), outcome)
        for outcome, pattern in _OUTCOMES
        if (match := pattern.search(flat_key))
    )
    if not found:
        warnings.append("Could not find the inspection outcome (1, 2 or 3); choose it by hand.")
        return None
    if len(found) > 1:
        warnings.append(
            "The letter uses the wording of more than one outcome; the first was taken "
            f"(outcome {found[0][1]}). Check it."
        )
    return found[0][1]


def _person(line: str) -> str | None:
    words = line.strip().rstrip(",").split()
    named = words[1:] if words and words[0].lower().rstrip(".") in _HONORIFICS else words
    if not 2 <= len(named) <= 4:
        return None
    if not all(_NAME_WORD.fullmatch(word) and word[0].isupper() for word in named):
        return None
    if {word.lower() for word in named} & _NOT_NAME_WORDS:
        return None
    return " ".join(words)


def _lead_inspector(lines: list[str]) -> str | None:
    # "Jane Smith, Ofsted HMI lead inspector" in an 'Inspection team' list.
    for line in lines:
        name, _, role = line.partition(",")
        name = _ROLE_AFTER_NAME.sub("", name)
        if role and _LEAD_ROLE.search(role) and not _CQC.search(role) and (person := _person(name)):
            return person
    # A 2016 letter is signed by the lead HMI: the name under 'Yours sincerely', above their title. This
    # comes before the signature table because text extraction often shuffles that table's two columns.
    for index, line in enumerate(lines):
        if _key(line) in ("yours sincerely", "yours faithfully"):
            following = [line for line in lines[index + 1 : index + 4] if line]
            if len(following) >= 2 and _INSPECTOR_ROLE.search(following[1]) and (person := _person(following[0])):
                return person
            break
    for index, line in enumerate(lines):
        if _LEAD_ROLE.search(line) and not _CQC.search(line) and len(line) < 80:
            for before in reversed(lines[max(0, index - 2) : index]):
                if before and (person := _person(before)):
                    return person
    return None


# ---------------------------------------------------------------------------------------------------------
# Reading a whole letter


def parse_letter(text: str) -> ParsedLetter:
    """Everything that can be read from the text of an outcome letter, with warnings for what could not."""
    lines = _clean_lines(text)
    filled = [line for line in lines if line]
    framework, area_name, title_index = _framework_and_title(lines)
    if framework == "follow_up":
        raise LetterError(
            f"This is a follow-up letter (“{area_name}”), not the outcome letter of a full inspection. "
            "Upload the letter that reported the inspection's findings."
        )
    flat = " ".join(filled)
    flat_key = _key(flat)
    if framework is None:
        framework = _framework_from_wording(flat_key)
    if area_name is None:
        area_name = _area_from_wording(flat)

    letter = ParsedLetter(framework=framework, area_name=area_name)
    warnings = letter.warnings
    letter.inspection_start, letter.inspection_end = _inspection_dates(flat, warnings)
    letter.letter_date = _letter_date(lines, title_index)
    letter.lead_inspector = _lead_inspector(filled)

    collected = _collect_items(lines, framework)
    for list_name, section, item in collected:
        if list_name in ("strengths", "areas_for_development"):
            getattr(letter, list_name).append(Finding(section, item))
        else:
            getattr(letter, list_name).append(item)

    if framework == FRAMEWORK_2016:
        said_required = re.search(
            r"(?:written statement of action|wsoa)\b[^.]{0,120}\bis required|"
            r"required to (?:produce|prepare) and submit (?:a|the) (?:written statement|wsoa)",
            flat_key,
        )
        said_not_required = re.search(r"(?:written statement of action|wsoa)\b[^.]{0,60}\bis not required", flat_key)
        letter.wsoa_required = bool(letter.significant_weaknesses) or bool(said_required and not said_not_required)
    else:
        letter.outcome = _outcome(flat_key, warnings)
    _warn_about_gaps(letter)
    return letter


def _framework_and_title(lines: list[str]) -> tuple[str | None, str | None, int | None]:
    for index, line in enumerate(lines[:80]):
        title = _title_of(line)
        if not title:
            continue
        framework, area = title
        if framework != "follow_up":
            area = _area_name(area, lines[index + 1] if index + 1 < len(lines) else "")
        return framework, area, index
    return None, None, None


def _area_name(area: str, next_line: str) -> str:
    # A long title wraps: "Area SEND inspection of Bath and North East Somerset Local Area" / "Partnership".
    if next_line and len(next_line) < 40 and not re.search(r"[\d:.,]", next_line) and not _heading_at(
        [next_line], 0
    ) and not re.match(r"(?:between|from|dear|inspection|dates?)\b", next_line, re.IGNORECASE):
        area = f"{area} {next_line}"
    area = re.sub(r"\s+(?:local\s+)?area\s+partnership$", "", area.strip(" .,:"), flags=re.IGNORECASE)
    area = re.sub(r"^the\s+(?=[A-Z])", "", area)
    return area.strip()


def _framework_from_wording(flat_key: str) -> str:
    score_2016 = sum(
        bool(re.search(pattern, flat_key))
        for pattern in (
            r"joint (?:local )?area send inspection",
            r"conducted a joint inspection of the local area",
            r"the effectiveness of the (?:local )?area in (?:identifying|meeting|improving)",
            r"areas? of significant weakness",
            r"implementing the (?:special educational needs and/or disabilities|send) reforms",
        )
    )
    score_2023 = sum(
        bool(re.search(pattern, flat_key))
        for pattern in (
            r"area send inspection of",
            r"local area partnership",
            r"areas? for priority action",
            r"what is the (?:local )?area partnership doing",
            r"what (?:does|do) the (?:local )?area partnership need",
            *(pattern.pattern for _, pattern in _OUTCOMES),
        )
    )
    if not score_2016 and not score_2023:
        raise LetterError(
            f"{NOT_A_LETTER}: it has none of the headings or wording those letters use "
            "(such as “Joint area SEND inspection in …” or “Area SEND inspection of …”)."
        )
    return FRAMEWORK_2023 if score_2023 > score_2016 else FRAMEWORK_2016


def _area_from_wording(flat: str) -> str | None:
    match = re.search(
        r"(?:joint inspection of the local area of|local area partnership in) "
        r"(?P<area>[A-Z][\w'’-]*(?: (?:and|of|upon|on|the|[A-Z][\w'’-]*))*)",
        flat,
    )
    return match["area"].strip() if match else None


def _collect_items(lines: list[str], framework: str) -> list[tuple[str, str | None, str]]:
    collector = _ItemCollector(short_line=_short_line_length(lines))
    section: str | None = None
    findings_started = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        starts_paragraph = collector.current is None or _SENTENCE_END.search(collector.previous_line)
        # Checked before headings: "The inspection raises significant concerns ... " can run straight on
        # into "... the following areas of significant weakness:" in one paragraph.
        if framework == FRAMEWORK_2016 and findings_started and starts_paragraph and not _BULLET.match(line):
            used = _significant_weakness_intro(lines, index)
            if used:
                collector.start(("significant_weaknesses", None))
                index += used
                continue
        heading = _heading_at(lines, index)
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


def _warn_about_gaps(letter: ParsedLetter) -> None:
    warnings = letter.warnings
    if not letter.area_name:
        warnings.append("Could not find the local area's name.")
    if letter.letter_date is None:
        warnings.append(
            "Could not find the letter's date at the top; enter the date the area received the letter."
        )
    if not letter.lead_inspector:
        warnings.append("Could not find the lead inspector's name.")
    if letter.framework == FRAMEWORK_2016:
        if not letter.main_findings:
            warnings.append("Could not find the main findings.")
        found_sections = {finding.section for finding in letter.strengths + letter.areas_for_development}
        if not found_sections:
            warnings.append("Could not find any strengths or areas for development.")
        else:
            for section, name in _SECTION_NAMES.items():
                if section not in found_sections:
                    warnings.append(f"Found no strengths or areas for development in the section on {name}.")
        if letter.wsoa_required and not letter.significant_weaknesses:
            warnings.append(
                "The letter requires a Written Statement of Action but no areas of significant weakness were "
                "found; add them by hand."
            )
        return
    if not letter.main_findings:
        warnings.append("Could not find what it is like to be a child or young person with SEND in this area.")
    if not letter.strengths:
        warnings.append("Could not find what the area partnership is doing that is effective.")
    if not letter.areas_for_development:
        warnings.append("Could not find what the area partnership needs to do better.")
    if letter.outcome == 3 and not letter.priority_actions:
        warnings.append("The outcome needs a priority action plan but no areas for priority action were found.")
    if letter.priority_actions and letter.outcome not in (3, None):
        warnings.append(
            f"Areas for priority action were found although the outcome reads as {letter.outcome}; check both."
        )


def letter_as_dict(parsed: ParsedLetter) -> dict:
    """The parsed letter as JSON-ready data: dates as ISO strings, findings as {section, text}."""

    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    def findings(items: list[Finding]) -> list[dict]:
        return [{"section": item.section, "text": item.text} for item in items]

    return {
        "framework": parsed.framework,
        "inspection_start": iso(parsed.inspection_start),
        "inspection_end": iso(parsed.inspection_end),
        "main_findings": list(parsed.main_findings),
        "strengths": findings(parsed.strengths),
        "areas_for_development": findings(parsed.areas_for_development),
        "significant_weaknesses": list(parsed.significant_weaknesses),
        "priority_actions": list(parsed.priority_actions),
        "areas_for_improvement": list(parsed.areas_for_improvement),
        "area_name": parsed.area_name,
        "letter_date": iso(parsed.letter_date),
        "outcome": parsed.outcome,
        "wsoa_required": parsed.wsoa_required,
        "lead_inspector": parsed.lead_inspector,
        "warnings": list(parsed.warnings),
    }
