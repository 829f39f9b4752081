"""The outcome letters the letter tests read, a small 2016 letter to vary, and what the tests count in a result."""

import re
from pathlib import Path

from inspections.letter import Finding, parse_letter
from inspections.letter_file import extract_text

LETTERS = Path(__file__).parent / "fixtures" / "letters"


def read(name: str) -> str:
    return extract_text((LETTERS / name).read_bytes(), name)


def parsed(name: str):
    return parse_letter(read(name))


def sections(findings: list[Finding]) -> dict[str | None, int]:
    counts: dict[str | None, int] = {}
    for finding in findings:
        counts[finding.section] = counts.get(finding.section, 0) + 1
    return counts


def every_item(letter) -> list[str]:
    return [
        *letter.main_findings,
        *(finding.text for finding in letter.strengths + letter.areas_for_development),
        *letter.significant_weaknesses,
        *letter.priority_actions,
        *letter.areas_for_improvement,
    ]


FURNITURE_IN_ITEMS = re.compile(
    r"Piccadilly|Store Street|Manchester|M1 2WD|0300 123|Textphone|Text phone|@|www\.|gov\.uk|Page \d|"
    r"\bOfsted$|^Ofsted\b|Strengths|Areas for development|The effectiveness of the|area SEND inspection report|"
    r"joint local area SEND inspection outcome letter|Dear |Yours sincerely|\s\d{1,3}\s+[A-Z]|\s\d{1,3}$"
)


def mini_2016(main_findings: str) -> str:
    return (
        "Joint area SEND inspection in Testshire\n"
        "Between 1 March 2021 and 5 March 2021, Ofsted and the Care Quality Commission (CQC) conducted a\n"
        "joint inspection of the local area of Testshire to judge the effectiveness of the area in\n"
        "implementing the special educational needs and/or disabilities (SEND) reforms.\n"
        "Main findings\n"
        f"{main_findings}\n"
        "The effectiveness of the area in identifying children and young people’s special educational\n"
        "needs and/or disabilities\n"
        "Strengths\n"
        "• Health visitors identify needs early.\n"
        "Yours sincerely\n"
        "Kim Abbott\n"
        "Her Majesty’s Inspector\n"
    )
