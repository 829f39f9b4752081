"""The deadline engine: which milestones an inspection has, when each is due, and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from dateutil.relativedelta import relativedelta

from inspections.calendar import WorkingDayCalendar
from inspections.deadline_table import ANCHOR_EVENTS, DEFAULT_RULES, Anchor, Confidence, DeadlineRule, Framework

from .dates import long_date

Decision = Literal["fit", "fit_with_minor", "not_fit"]
RevisitProgress = Literal["sufficient", "not_sufficient"]

@dataclass(frozen=True, kw_only=True)
class InspectionFacts:
    """What is known about one inspection and its follow-up; unknown dates are None.

    `outcome` is the area SEND (2023) outcome, 1, 2 or 3. `wsoa_required` is the 2016 judgement that a
    Written Statement of Action is needed. `submitted`/`decided`/`accepted` describe the plan (the WSoA,
    or the priority action plan under the 2023 framework); `decision` and `decided` are the latest fitness
    decision. `revisit_progress` is "not_sufficient" if any area of significant weakness was judged not
    to have made sufficient progress.
    """

    framework: Framework
    outcome: int | None = None
    wsoa_required: bool | None = None
    received: date | None = None
    published: date | None = None
    official_deadline: date | None = None
    submitted: date | None = None
    decision: Decision | None = None
    decided: date | None = None
    resubmitted: date | None = None
    accepted: date | None = None
    revisit_published: date | None = None
    revisit_progress: RevisitProgress | None = None

    def __post_init__(self) -> None:
        if self.framework not in get_args(Framework):
            raise ValueError(f"unknown framework {self.framework!r}")
        if self.outcome is not None and self.outcome not in (1, 2, 3):
            raise ValueError(f"outcome must be 1, 2 or 3, not {self.outcome!r}")
        if self.decision is not None and self.decision not in get_args(Decision):
            raise ValueError(f"unknown decision {self.decision!r}")
        if self.revisit_progress is not None and self.revisit_progress not in get_args(RevisitProgress):
            raise ValueError(f"unknown revisit progress {self.revisit_progress!r}")

    def anchor_date(self, anchor: str) -> date | None:
        if anchor not in ANCHOR_EVENTS:
            raise ValueError(f"unknown anchor {anchor!r}")
        return getattr(self, anchor)


@dataclass(frozen=True, kw_only=True)
class ComputedMilestone:
    """A milestone's due date with the rule that produced it and a sentence explaining the date.

    `sequence` numbers repeating milestones (review meetings 1..n) and is 1 for every other milestone,
    so `(key, sequence)` identifies a milestone of an inspection. `anchor_date` is None only when an
    official deadline stands in for a date that could not be computed.
    """

    key: str
    sequence: int
    label: str
    due: date
    rule_key: str
    rule_label: str
    source: str
    confidence: Confidence
    estimated: bool
    approximate: bool
    official: bool
    anchor: Anchor
    anchor_date: date | None
    explanation: str


def _plural(amount: int, unit: str) -> str:
    singular = {"working_days": "working day", "months": "month", "years": "year"}[unit]
    return f"{amount} {singular}" if amount == 1 else f"{amount} {singular}s"


_OFFICIAL_DEADLINE_WORDS = "Official deadline from Ofsted's covering letter"


def _rule_applies(rule: DeadlineRule, facts: InspectionFacts) -> bool:
    # An empty condition means "any"; a set condition is not met while the fact is still unknown.
    return (
        rule.framework == facts.framework
        and (not rule.applies_to_outcomes or facts.outcome in rule.applies_to_outcomes)
        and (not rule.requires_wsoa or facts.wsoa_required is True)
        and (not rule.applies_to_decisions or facts.decision in rule.applies_to_decisions)
        and (
            not rule.applies_to_revisit_progress or facts.revisit_progress in rule.applies_to_revisit_progress
        )
    )


def _official_deadline_for(rule: DeadlineRule, facts: InspectionFacts) -> date | None:
    return facts.official_deadline if rule.official_deadline_overrides else None


@dataclass(frozen=True)
class _Reckoning:
    due: date
    counted: str  # "70 working days after the letter was received on 17 November 2021"
    detail: str  # which days were skipped, or why the date moved; may be empty


def _reckon(
    *, amount: int, unit: str, roll: str, anchor: str, anchor_date: date, calendar: WorkingDayCalendar
) -> _Reckoning:
    """Count `amount` `unit`s from the anchor date, saying in words how the date was reached."""
    counted = f"{_plural(amount, unit)} after {ANCHOR_EVENTS[anchor]} on {long_date(anchor_date)}"
    if unit == "working_days":
        due = calendar.add_working_days(anchor_date, amount)
        skipped = calendar.closed_days_between(anchor_date, due)
        detail = ""
        if skipped:
            detail = "Not counted: " + ", ".join(
                f"{closed.name} on {long_date(closed.day)}" for closed in skipped
            )
        return _Reckoning(due, counted, detail)

    exact = anchor_date + (relativedelta(months=amount) if unit == "months" else relativedelta(years=amount))
    if roll == "previous_working_day":
        due = calendar.working_day_on_or_before(exact)
        direction = "the working day before"
    else:
        due = calendar.working_day_on_or_after(exact)
        direction = "the next working day"
    detail = f"{long_date(exact)} is not a working day, so {direction}" if due != exact else ""
    return _Reckoning(due, counted, detail)


def _sentences(*parts: str) -> str:
    return " ".join(
        part[0].upper() + part[1:] + ("" if part.endswith(".") else ".") for part in parts if part
    )


def _milestone(
    *,
    rule: DeadlineRule,
    sequence: int,
    label: str,
    facts: InspectionFacts,
    reckoning: _Reckoning | None,
    official_deadline: date | None,
) -> ComputedMilestone:
    anchor_date = facts.anchor_date(rule.anchor)
    caveat = ""
    if None in rule.applies_to_revisit_progress and facts.revisit_progress is None:
        caveat = "only needed if the revisit found insufficient progress, which is not recorded yet"
    if official_deadline is not None:
        differs = reckoning is not None and reckoning.due != official_deadline
        explanation = _sentences(
            f"{_OFFICIAL_DEADLINE_WORDS}: {long_date(official_deadline)}",
            f"counting {reckoning.counted} would give {long_date(reckoning.due)}" if differs else "",
            caveat,
        )
        due, estimated, official = official_deadline, False, True
    else:
        assert reckoning is not None  # callers only pass no reckoning with an official deadline
        explanation = _sentences(reckoning.counted, reckoning.detail, rule.note, caveat)
        due, estimated, official = reckoning.due, rule.estimated, False
    return ComputedMilestone(
        key=rule.milestone,
        sequence=sequence,
        label=label,
        due=due,
        rule_key=rule.key,
        rule_label=rule.label,
        source=rule.source,
        confidence=rule.confidence,
        estimated=estimated,
        approximate=rule.approximate and not official,
        official=official,
        anchor=rule.anchor,
        anchor_date=anchor_date,
        explanation=explanation,
    )


def _repeating_milestones(
    *, rule: DeadlineRule, facts: InspectionFacts, anchor_date: date, calendar: WorkingDayCalendar
) -> list[ComputedMilestone]:
    every = rule.repeat_every_months
    assert every is not None
    within_window = (rule.repeat_within_months or 0) // every
    count = max(within_window, rule.repeat_at_least)
    return [
        _milestone(
            rule=rule,
            sequence=sequence,
            label=f"{rule.label} {sequence}",
            facts=facts,
            reckoning=_reckon(
                amount=every * sequence,
                unit="months",
                roll=rule.roll,
                anchor=rule.anchor,
                anchor_date=anchor_date,
                calendar=calendar,
            ),
            official_deadline=None,
        )
        for sequence in range(1, count + 1)
    ]


def _milestones_from_rule(
    *, rule: DeadlineRule, facts: InspectionFacts, calendar: WorkingDayCalendar
) -> list[ComputedMilestone]:
    """The rule's milestones, or an empty list when neither its anchor nor an official deadline is known."""
    anchor_date = facts.anchor_date(rule.anchor)
    official_deadline = _official_deadline_for(rule, facts)
    if anchor_date is None and official_deadline is None:
        return []
    if rule.repeats:
        # Meetings are counted from the anchor only; an official deadline never stands in for them.
        if anchor_date is None:
            return []
        return _repeating_milestones(rule=rule, facts=facts, anchor_date=anchor_date, calendar=calendar)
    reckoning = None
    if anchor_date is not None:
        reckoning = _reckon(
            amount=rule.amount,
            unit=rule.unit,
            roll=rule.roll,
            anchor=rule.anchor,
            anchor_date=anchor_date,
            calendar=calendar,
        )
    return [
        _milestone(
            rule=rule,
            sequence=1,
            label=rule.label,
            facts=facts,
            reckoning=reckoning,
            official_deadline=official_deadline,
        )
    ]


def milestones_for(
    facts: InspectionFacts,
    *,
    rules: Iterable[DeadlineRule] = DEFAULT_RULES,
    calendar: WorkingDayCalendar | None = None,
) -> list[ComputedMilestone]:
    """Every milestone the facts allow, in due-date order.

    For each milestone key the first applicable rule that can be counted wins. Milestones whose anchor
    date is not known yet are left out rather than guessed (the estimated WSoA date is a rule of its own).
    `calendar` carries the local non-working days; without one only weekends and bank holidays are skipped.
    """
    if calendar is None:
        calendar = WorkingDayCalendar()
    decided_keys: set[str] = set()
    computed: list[tuple[int, ComputedMilestone]] = []
    for position, rule in enumerate(rules):
        if rule.milestone in decided_keys or not _rule_applies(rule, facts):
            continue
        milestones = _milestones_from_rule(rule=rule, facts=facts, calendar=calendar)
        if milestones:
            decided_keys.add(rule.milestone)
            computed.extend((position, milestone) for milestone in milestones)
    computed.sort(key=lambda item: (item[1].due, item[0], item[1].sequence))
    return [milestone for _, milestone in computed]
