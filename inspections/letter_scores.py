"""How well the letter reader did on one report against what a careful reader took from it, and the totals."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .letter import ParsedLetter
from .letter_items import LetterItem

# The facts that must be right in every report, in the order the table prints them.
FIELDS = ("framework", "area", "dates", "outcome", "lead inspector", "priority count", "improvement count")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_GLYPHS = re.compile(r"[◼■▪▫◾◻□•●○◦‣⁃∙►▶➢➤✓✔\uf000-\uf0ff]")


def normalised(text: str | None) -> str:
    """Text as compared: quotes straightened, bullet glyphs removed, whitespace collapsed."""
    text = _GLYPHS.sub(" ", (text or "").translate(_QUOTES))
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class ReportScore:
    """One report read from one file: which facts were right, how many items were read exactly, what was missed."""

    name: str
    fields: dict[str, bool]
    items_exact: int
    items_expected: int
    misses: list[str] = field(default_factory=list)


def _item_misses(kind: str, read: list[LetterItem], expected: list[dict]) -> tuple[int, list[str]]:
    exact, misses = 0, []
    for position, wanted in enumerate(expected, start=1):
        got = read[position - 1] if position <= len(read) else None
        text_right = got is not None and normalised(got.whole) == normalised(wanted["text"])
        body_right = "responsible_body" not in wanted or (
            got is not None and normalised(got.responsible_body) == normalised(wanted["responsible_body"])
        )
        if text_right and body_right:
            exact += 1
            continue
        shown = "nothing" if got is None else f"“{normalised(got.whole)[:160]}”"
        if got is not None and text_right:
            shown = f"the body “{got.responsible_body}”, not “{wanted['responsible_body']}”"
        misses.append(f"{kind} {position}: read {shown}")
    return exact, misses


def score_report(name: str, letter: ParsedLetter, truth: dict) -> ReportScore:
    """The report's score: each fact right or not, and its items compared in order."""
    priority = [
        {"text": item["text"], "responsible_body": item["responsible_body"]} for item in truth["priority_actions"]
    ]
    improvement = [{"text": text} for text in truth["areas_for_improvement"]]
    fields = {
        "framework": letter.framework == truth["framework"],
        "area": normalised(letter.area_name) == normalised(truth["area"]),
        "dates": (
            str(letter.inspection_start),
            str(letter.inspection_end),
        ) == (truth["inspection_start"], truth["inspection_end"]),
        "outcome": letter.outcome == truth["outcome"],
        "lead inspector": normalised(letter.lead_inspector) == normalised(truth["lead_inspector"]),
        "priority count": len(letter.priority_actions) == len(priority),
        "improvement count": len(letter.areas_for_improvement) == len(improvement),
    }
    misses = [f"{fact}: wrong" for fact, right in fields.items() if not right]
    if not fields["area"]:
        misses[misses.index("area: wrong")] = f"area: read “{letter.area_name}”"
    if not fields["lead inspector"]:
        misses[misses.index("lead inspector: wrong")] = f"lead inspector: read “{letter.lead_inspector}”"
    exact_priority, priority_misses = _item_misses("priority action", letter.priority_actions, priority)
    exact_improvement, improvement_misses = _item_misses("improvement", letter.areas_for_improvement, improvement)
    return ReportScore(
        name=name,
        fields=fields,
        items_exact=exact_priority + exact_improvement,
        items_expected=len(priority) + len(improvement),
        misses=misses + priority_misses + improvement_misses,
    )


@dataclass(frozen=True)
class Totals:
    fields: dict[str, tuple[int, int]]
    items_exact: int
    items_expected: int

    @property
    def item_rate(self) -> float:
        return self.items_exact / self.items_expected if self.items_expected else 1.0

    @property
    def field_rate(self) -> float:
        right = sum(count for count, _ in self.fields.values())
        seen = sum(total for _, total in self.fields.values())
        return right / seen if seen else 1.0


def totals(scores: list[ReportScore]) -> Totals:
    return Totals(
        fields={fact: (sum(score.fields[fact] for score in scores), len(scores)) for fact in FIELDS},
        items_exact=sum(score.items_exact for score in scores),
        items_expected=sum(score.items_expected for score in scores),
    )


def table(scores: list[ReportScore], *, show_misses: bool = False) -> list[str]:
    """The evaluation as printed: one row per report and file, then the totals per fact and for the items."""
    width = max([len("report"), *(len(score.name) for score in scores)])
    heads = ["framework", "area", "dates", "outcome", "lead", "n prio", "n impr", "items exact"]
    lines = [" ".join([f"{'report':<{width}}", *heads])]
    for score in scores:
        marks = [
            f"{'yes' if score.fields[fact] else 'NO':<{len(head)}}" for fact, head in zip(FIELDS, heads, strict=False)
        ]
        lines.append(" ".join([f"{score.name:<{width}}", *marks, f"{score.items_exact}/{score.items_expected}"]))
        if show_misses:
            lines.extend(f"    {miss}" for miss in score.misses)
    summary = totals(scores)
    cells = [
        f"{right}/{seen}".ljust(len(head))
        for (right, seen), head in zip(summary.fields.values(), heads, strict=False)
    ]
    lines.append(" ".join([f"{'total':<{width}}", *cells, f"{summary.items_exact}/{summary.items_expected}"]))
    lines.append(f"items read exactly: {summary.item_rate:.1%}; facts right: {summary.field_rate:.1%}")
    return lines
