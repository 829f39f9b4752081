"""Reading the text of an Ofsted/CQC local area SEND outcome letter into a result to review."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from .letter_actions import LetterItem
from .letter_facts import (
    OUTCOMES,
    inspection_dates,
    jointly_responsible,
    lead_inspector,
    letter_date,
    outcome_of,
    team_leads,
)
from .letter_file import LetterError, extract_text
from .letter_items import SECTION_NAMES, collect_items
from .letter_lines import FRAMEWORK_2016, FRAMEWORK_2023, clean_lines_paged, heading_at, matching_key, title_of

NOT_A_LETTER = "This does not look like an Ofsted/CQC local area SEND inspection letter"


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
    priority_actions: list[LetterItem] = field(default_factory=list)
    areas_for_improvement: list[LetterItem] = field(default_factory=list)
    lead_inspector: str | None = None
    cqc_lead_inspector: str | None = None
    # The bodies jointly responsible, as (name, kind): the council and its NHS partners.
    jointly_responsible: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_letter(text: str) -> ParsedLetter:
    """Everything that can be read from the text of an outcome letter, with warnings for what could not."""
    lines, pages = clean_lines_paged(text)
    filled = [line for line in lines if line]
    framework, area_name, title_index = _framework_and_title(lines)
    if framework == "follow_up":
        raise LetterError(
            f"This is a follow-up letter (“{area_name}”), not the outcome letter of a full inspection. "
            "Upload the letter that reported the inspection's findings."
        )
    flat = " ".join(filled)
    flat_key = matching_key(flat)
    if framework is None:
        framework = _framework_from_wording(flat_key)
    if area_name is None:
        area_name = _area_from_wording(flat)

    letter = ParsedLetter(framework=framework, area_name=area_name)
    warnings = letter.warnings
    letter.inspection_start, letter.inspection_end = inspection_dates(flat, warnings)
    letter.letter_date = letter_date(lines, title_index)
    letter.lead_inspector = lead_inspector(filled)
    letter.cqc_lead_inspector = team_leads(filled).get("cqc")
    letter.jointly_responsible = jointly_responsible(flat)

    collected = collect_items(lines, framework, pages)
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
        letter.outcome = outcome_of(flat_key, warnings)
    _warn_about_gaps(letter)
    return letter


def _framework_and_title(lines: list[str]) -> tuple[str | None, str | None, int | None]:
    for index, line in enumerate(lines[:80]):
        title = title_of(line)
        if not title:
            continue
        framework, area = title
        if framework != "follow_up":
            area = _area_name(area, [later for later in lines[index + 1 : index + 6] if later][:2])
        return framework, area, index
    return None, None, None


_PARTNERSHIP_SUFFIX = re.compile(r"\s+(?:(?:local\s+)?area\s+partnership|local\s+area|local)$", re.IGNORECASE)


def _area_name(area: str, next_lines: list[str]) -> str:
    # A long title wraps, often with a gap: "Area SEND inspection of North" / "Northamptonshire Local Area
    # Partnership", or "... of Bolton Local" / "Area Partnership". It runs on until it names the partnership.
    for next_line in next_lines:
        if re.search(r"partnership\W*$", area, re.IGNORECASE) or not _continues_title(next_line):
            break
        area = f"{area} {next_line}"
    area = area.strip(" .,:")
    while (shorter := _PARTNERSHIP_SUFFIX.sub("", area)) != area:
        area = shorter.strip(" .,:")
    area = re.sub(r"^the\s+(?=[A-Z])", "", area)
    return area.strip()


def _continues_title(line: str) -> bool:
    return (
        len(line) < 60
        and not re.search(r"[\d:.,]", line)
        and heading_at([line], 0) is None
        and not re.match(r"(?:between|from|dear|inspection|dates?)\b", line, re.IGNORECASE)
    )


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
            *(pattern.pattern for _, pattern in OUTCOMES),
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
            for section, name in SECTION_NAMES.items():
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

    def actions(items: list[LetterItem]) -> list[dict]:
        return [
            {"text": item.text, "bullets": list(item.bullets), "responsible_body": item.responsible_body,
             "page": item.page}
            for item in items
        ]

    return {
        "framework": parsed.framework,
        "inspection_start": iso(parsed.inspection_start),
        "inspection_end": iso(parsed.inspection_end),
        "main_findings": list(parsed.main_findings),
        "strengths": findings(parsed.strengths),
        "areas_for_development": findings(parsed.areas_for_development),
        "significant_weaknesses": list(parsed.significant_weaknesses),
        "priority_actions": actions(parsed.priority_actions),
        "areas_for_improvement": actions(parsed.areas_for_improvement),
        "area_name": parsed.area_name,
        "letter_date": iso(parsed.letter_date),
        "outcome": parsed.outcome,
        "wsoa_required": parsed.wsoa_required,
        "lead_inspector": parsed.lead_inspector,
        "cqc_lead_inspector": parsed.cqc_lead_inspector,
        "jointly_responsible": [{"name": name, "kind": kind} for name, kind in parsed.jointly_responsible],
        "warnings": list(parsed.warnings),
    }


def letter_from_upload(data: bytes, upload, stage: Callable[[str], None]) -> dict:
    """What the background read of an uploaded letter keeps: the letter read from the file, as plain data."""
    text = extract_text(data, upload.filename, on_page=lambda number, pages: stage(f"Reading page {number} of {pages}"))
    stage("Finding the dates, the outcome and the areas for action")
    return letter_as_dict(parse_letter(text))
