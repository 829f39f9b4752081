"""What a letter states once: the inspection's dates, the letter's date, the outcome and the lead inspector."""

from __future__ import annotations

import re
from datetime import date

from .letter_lines import matching_key

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

OUTCOMES = (
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


def inspection_dates(flat: str, warnings: list[str]) -> tuple[date | None, date | None]:
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


def letter_date(lines: list[str], title_index: int | None) -> date | None:
    stop = title_index if title_index is not None else min(len(lines), 30)
    for index, line in enumerate(lines[:stop]):
        if matching_key(line).startswith("dear "):
            stop = index
            break
    for line in lines[:stop]:
        match = _SINGLE_DATE.fullmatch(line.strip())
        if match:
            found = _date_from(match["d"], match["m"], match["y"])
            if found:
                return found
    return None


def outcome_of(flat_key: str, warnings: list[str]) -> int | None:
    found = sorted(
        (match.start(), outcome)
        for outcome, pattern in OUTCOMES
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


_TEAM_NAME = r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,4}?)"
# "Jane Smith HMI, Ofsted Lead inspector", "Jane Smith, Ofsted HMI, lead inspector", "Jane Smith, Ofsted HMI lead
# inspector": in the team table, often on one line with the CQC lead beside it.
_TEAM_LEADS = (
    ("ofsted", re.compile(rf"{_TEAM_NAME}(?:\s+HMI)?,?\s+Ofsted(?:\s+HMI)?,?\s+(?i:lead\s+(?:inspector|hmi))\b")),
    ("cqc", re.compile(rf"{_TEAM_NAME},?\s+(?:CQC|Care Quality Commission),?\s+(?i:lead\s+inspector)\b")),
)


def team_leads(lines: list[str]) -> dict[str, str]:
    """The Ofsted and CQC lead inspectors named in the report's team table ('ofsted', 'cqc'), where it has one."""
    flat = " ".join(line for line in lines if line)
    leads: dict[str, str] = {}
    for inspectorate, pattern in _TEAM_LEADS:
        for match in pattern.finditer(flat):
            words = match["name"].split()
            while words and (words[0].lower().rstrip(".") in _HONORIFICS or words[0].lower() in _NOT_NAME_WORDS):
                words.pop(0)
            if 2 <= len(words) <= 4 and (person := _person(" ".join(words))):
                leads.setdefault(inspectorate, person)
                break
    return leads


def lead_inspector(lines: list[str]) -> str | None:
    if lead := team_leads(lines).get("ofsted"):
        return lead
    # "Jane Smith, Ofsted HMI lead inspector" in an 'Inspection team' list.
    for line in lines:
        name, _, role = line.partition(",")
        name = _ROLE_AFTER_NAME.sub("", name)
        if role and _LEAD_ROLE.search(role) and not _CQC.search(role) and (person := _person(name)):
            return person
    # A 2016 letter is signed by the lead HMI: the name under 'Yours sincerely', above their title. This
    # comes before the signature table because text extraction often shuffles that table's two columns.
    for index, line in enumerate(lines):
        if matching_key(line) in ("yours sincerely", "yours faithfully"):
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


# The bodies jointly responsible for the area: named in a 2023 report ("X County Council and NHS Y Integrated
# Care Board (ICB) are jointly responsible"), or in a 2016 letter only as "the local authority and the area's
# clinical commissioning group", whose name the findings give ("the Barnsley clinical commissioning group").
_JOINTLY = re.compile(
    r"(?P<bodies>[A-Z][^.;:]{4,300}?)\s+(?:are|is|were)\s+(?:jointly\s+)?responsible\s+for\b", re.IGNORECASE
)
_ONE_BODY = re.compile(
    r"(?P<name>(?:[Tt]he\s+)?(?:London\s+Borough\s+of|Royal\s+Borough\s+of|City\s+of)\s+[A-Z][\w’'-]*"
    r"(?:\s+(?:[A-Z][\w’'-]*|and|upon|on))*?(?=\s+and\s|\s*$|\s+\()|(?:NHS\s+)?[A-Z][\w’'&,-]*(?:\s+(?:[A-Z][\w’'&-]*|and|of|the|upon|on))*?\s+"
    r"(?:County\s+Council|Borough\s+Council|City\s+Council|Council|Integrated\s+Care\s+Board|"
    r"Clinical\s+Commissioning\s+Group|Children[’']s\s+Trust|Trust|ICB|CCG))(?:\s+\((?:ICB|CCG)\))?"
)
_CCG_NAMED = re.compile(r"\b(?P<place>(?:[A-Z][\w’'-]+\s+){1,4})(?i:clinical\s+commissioning\s+group)\b")


def partner_kind(name: str) -> str:
    """What kind of body a name is: council, ccg, icb or other."""
    key = name.lower()
    if "clinical commissioning group" in key or key.endswith(" ccg"):
        return "ccg"
    if "integrated care board" in key or key.endswith(" icb"):
        return "icb"
    return "council" if re.search(r"\bcouncil\b|\bborough of\b|\bcity of\b", key) else "other"


def jointly_responsible(flat: str) -> list[tuple[str, str]]:
    """(name, kind) of each body the letter says is jointly responsible; kind is council, ccg, icb or other."""
    bodies: list[tuple[str, str]] = []
    if match := _JOINTLY.search(flat):
        named = match["bodies"]
        for body in _ONE_BODY.finditer(named):
            name = re.sub(r"^(?:and|the)\s+", "", " ".join(body["name"].split()), flags=re.IGNORECASE)
            bodies.append((name, partner_kind(name)))
        if not bodies and (plural := re.search(r"clinical commissioning group(s?)|\bccg(s?)\b", named, re.I)):
            for found in _CCG_NAMED.finditer(flat):
                bodies.append((f"{' '.join(found['place'].split())} Clinical Commissioning Group", "ccg"))
                if not any(plural.groups()):
                    break
    return list(dict.fromkeys(bodies))
