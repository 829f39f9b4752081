"""The narrative sections a subgroup writes on top of its report's figures, for each kind of report: one
declaration that the form, the report page, the service and the demo all read.

Pure: no database. A spotlight report follows the shape Rotherham's SEND Executive Board asked of the subgroup
chair in the spotlight (what has gone well, what is not on track, the support the board can give); a short
report from each other subgroup gives the board assurance and a place to raise emerging concerns.
"""
from dataclasses import dataclass

SPOTLIGHT, SHORT = "spotlight", "short"


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    hint: str
    max_length: int
    rows: int = 6


SUMMARY = Section("summary", "Summary", "The headline for the board: where the subgroup's work stands", 3_000, 5)

SECTIONS: dict[str, tuple[Section, ...]] = {
    SPOTLIGHT: (
        SUMMARY,
        Section("went_well", "What has gone well", "Progress since the last meeting, and the difference it made",
                6_000, 8),
        Section("not_on_track", "What is not on track and why",
                "Actions that are late or at risk, why, and what is being done about it", 6_000, 8),
        Section("support_needed", "Support needed from the board",
                "Decisions, resources or help from partners that the subgroup asks the board for", 3_000, 5),
    ),
    SHORT: (
        SUMMARY,
        Section("escalations", "Escalations to the board",
                "Emerging concerns or risks the board should know about; leave empty if there are none", 3_000, 5),
    ),
}
SECTION_KEYS = frozenset(section.key for sections in SECTIONS.values() for section in sections)
# What must be written before a report goes to the board.
REQUIRED_TO_SUBMIT = ("summary",)


def sections_of(kind: str) -> tuple[Section, ...]:
    return SECTIONS[kind]


def section_texts(kind: str, stored: dict) -> list[tuple[Section, str]]:
    """The kind's sections in order, each with its text as stored (empty when not written)."""
    return [(section, str(stored.get(section.key, ""))) for section in SECTIONS[kind]]


def text_normalised(text: str) -> str:
    """Plain text with paragraphs: line endings made one kind, spaces trimmed off the ends of each line and of
    the whole, and no more than one empty line between paragraphs."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    paragraphs, blank = [], False
    for line in lines:
        if not line.strip():
            blank = bool(paragraphs)
            continue
        if blank:
            paragraphs.append("")
        paragraphs.append(line)
        blank = False
    return "\n".join(paragraphs).strip()


def sections_problems(kind: str, sections: dict, *, submitting: bool) -> dict[str, str]:
    """What is wrong with the sections for this kind of report, by section key (nothing: they can be saved)."""
    problems = {}
    allowed = {section.key: section for section in SECTIONS[kind]}
    for key, text in sections.items():
        section = allowed.get(key)
        if section is None:
            problems[key] = "This section is not part of this kind of report"
        elif not isinstance(text, str):
            problems[key] = f"{section.label} must be text"
        elif "\x00" in text:
            problems[key] = f"{section.label} must not include a null character"
        elif len(text) > section.max_length:
            problems[key] = f"{section.label} must be {section.max_length:,} characters or fewer"
    if submitting:
        for key in REQUIRED_TO_SUBMIT:
            if key not in problems and not str(sections.get(key, "")).strip():
                problems[key] = f"Enter the {allowed[key].label.lower()} before submitting the report to the board"
    return problems
