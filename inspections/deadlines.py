"""The deadline engine: which milestones an inspection has, when each is due, and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from dateutil.relativedelta import relativedelta

from inspections.calendar import WorkingDayCalendar

Framework = Literal["2016", "2023"]
Anchor = Literal[
    "received", "published", "submitted", "resubmitted", "decided", "accepted", "revisit_published"
]
Unit = Literal["working_days", "months", "years"]
Confidence = Literal["statutory", "guidance", "framework", "not confirmed", "secondary source"]
Decision = Literal["fit", "fit_with_minor", "not_fit"]
RevisitProgress = Literal["sufficient", "not_sufficient"]
Roll = Literal["previous_working_day", "next_working_day"]

# Milestone keys are a public contract (the command line and stored milestones use them).
WSOA_DUE = "wsoa_due"
FITNESS_DECISION_DUE = "fitness_decision_due"
RESUBMISSION_DUE = "resubmission_due"
REVIEW_MEETING = "review_meeting"
REVISIT_DUE = "revisit_due"
APP_REVIEW_DUE = "app_review_due"
PRIORITY_ACTION_PLAN_DUE = "priority_action_plan_due"
STRATEGIC_PLAN_DUE = "strategic_plan_due"
MONITORING_INSPECTION_DUE = "monitoring_inspection_due"
NEXT_INSPECTION_DUE = "next_inspection_due"
MILESTONE_KEYS = (
    WSOA_DUE,
    FITNESS_DECISION_DUE,
    RESUBMISSION_DUE,
    REVIEW_MEETING,
    REVISIT_DUE,
    APP_REVIEW_DUE,
    PRIORITY_ACTION_PLAN_DUE,
    STRATEGIC_PLAN_DUE,
    MONITORING_INSPECTION_DUE,
    NEXT_INSPECTION_DUE,
)

# How each anchor reads in an explanation: "70 working days after <the letter was received> on ...".
ANCHOR_EVENTS: dict[str, str] = {
    "received": "the letter was received",
    "published": "the letter was published",
    "submitted": "the plan was submitted",
    "resubmitted": "the plan was resubmitted",
    "decided": "the fitness decision",
    "accepted": "the plan was accepted",
    "revisit_published": "the revisit report was published",
}

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class RuleError(ValueError):
    """A deadline rule (usually one edited by an administrator) cannot be applied as written."""


@dataclass(frozen=True, kw_only=True)
class DeadlineRule:
    """One row of the deadline table: a milestone falls `amount` `unit`s after the `anchor` date.

    Several rules may produce the same milestone; for each milestone the first rule in the list that
    applies wins, so a rule counted from a better anchor is listed before its fallback (received before
    published). Conditions left empty apply to every inspection of the framework.

    Month and year rules can land on a weekend or bank holiday; `roll` says which way to move. The
    defaults are all "within" or "by" dates, that is latest dates, so they roll back to the previous
    working day rather than forward past the limit. Month arithmetic clamps to the end of the month
    (31 August + 6 months is 28 or 29 February).
    """

    key: str
    milestone: str
    framework: Framework
    label: str
    anchor: Anchor
    amount: int
    unit: Unit
    source: str
    confidence: Confidence
    # A repeating rule produces one milestone every `repeat_every_months` months until
    # `repeat_within_months` have passed, and never fewer than `repeat_at_least` of them (so with a
    # cadence too slow for the minimum, the last meetings fall after the window). `amount` and `unit`
    # are ignored for repeating rules.
    repeat_every_months: int | None = None
    repeat_within_months: int | None = None
    repeat_at_least: int = 0
    applies_to_outcomes: frozenset[int] = frozenset()
    requires_wsoa: bool = False
    applies_to_decisions: frozenset[str] = frozenset()
    # None in this set means "not recorded yet", so a milestone can show before the judgement is entered.
    applies_to_revisit_progress: frozenset[str | None] = frozenset()
    official_deadline_overrides: bool = False
    estimated: bool = False
    roll: Roll = "previous_working_day"
    note: str = ""

    def __post_init__(self) -> None:
        # Rules loaded from the database arrive with lists from JSON fields; frozensets keep a rule hashable.
        for condition in ("applies_to_outcomes", "applies_to_decisions", "applies_to_revisit_progress"):
            object.__setattr__(self, condition, frozenset(getattr(self, condition)))
        problems = []
        if self.milestone not in MILESTONE_KEYS:
            problems.append(f"unknown milestone {self.milestone!r}")
        if self.framework not in get_args(Framework):
            problems.append(f"unknown framework {self.framework!r}")
        if self.anchor not in ANCHOR_EVENTS:
            problems.append(f"unknown anchor {self.anchor!r}")
        if self.unit not in get_args(Unit):
            problems.append(f"unknown unit {self.unit!r}")
        if self.confidence not in get_args(Confidence):
            problems.append(f"unknown confidence {self.confidence!r}")
        if self.roll not in get_args(Roll):
            problems.append(f"unknown roll {self.roll!r}")
        if self.amount < 0:
            problems.append("amount must not be negative")
        if self.repeat_every_months is not None and self.repeat_every_months < 1:
            problems.append("repeat_every_months must be at least 1")
        if self.repeat_within_months is not None and self.repeat_every_months is None:
            problems.append("repeat_within_months needs repeat_every_months")
        if self.repeat_at_least and self.repeat_every_months is None:
            problems.append("repeat_at_least needs repeat_every_months")
        if self.repeat_every_months is not None and not (self.repeat_within_months or self.repeat_at_least):
            problems.append("a repeating rule needs repeat_within_months or repeat_at_least")
        if problems:
            raise RuleError(f"deadline rule {self.key!r}: " + "; ".join(problems))

    @property
    def repeats(self) -> bool:
        return self.repeat_every_months is not None


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
    official: bool
    anchor: Anchor
    anchor_date: date | None
    explanation: str


def long_date(day: date) -> str:
    """'17 November 2021': spelt out, without a leading zero and whatever the server's locale."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _plural(amount: int, unit: str) -> str:
    singular = {"working_days": "working day", "months": "month", "years": "year"}[unit]
    return f"{amount} {singular}" if amount == 1 else f"{amount} {singular}s"


_OFFICIAL_DEADLINE_WORDS = "Official deadline from Ofsted's covering letter"


DEFAULT_RULES: tuple[DeadlineRule, ...] = (
    # 2016 joint local area SEND inspection: the Written Statement of Action and what follows it.
    DeadlineRule(
        key="wsoa_due_from_received",
        milestone=WSOA_DUE,
        framework="2016",
        label="Written Statement of Action due",
        anchor="received",
        amount=70,
        unit="working_days",
        requires_wsoa=True,
        official_deadline_overrides=True,
        source="The Local Authority (Joint Area Reviews) Regulations 2015, regulation 4: the statement is "
        "due 70 working days from the day the area received the final inspection report.",
        confidence="statutory",
    ),
    DeadlineRule(
        key="wsoa_due_from_published",
        milestone=WSOA_DUE,
        framework="2016",
        label="Written Statement of Action due (estimated from publication)",
        anchor="published",
        amount=70,
        unit="working_days",
        requires_wsoa=True,
        official_deadline_overrides=True,
        estimated=True,
        source="The statutory 70 working days, counted from publication because the date the letter was "
        "received is not known. Publication is usually 2 to 5 working days after receipt.",
        confidence="statutory",
        note="Estimated: the date the letter was received is not known, and counting from publication "
        "usually gives a date a few working days too late.",
    ),
    DeadlineRule(
        key="fitness_decision_after_resubmission",
        milestone=FITNESS_DECISION_DUE,
        framework="2016",
        label="Ofsted/CQC fitness decision expected",
        anchor="resubmitted",
        amount=10,
        unit="working_days",
        requires_wsoa=True,
        source="Observed practice; no published timescale for the fitness decision.",
        confidence="not confirmed",
    ),
    DeadlineRule(
        key="fitness_decision_after_submission",
        milestone=FITNESS_DECISION_DUE,
        framework="2016",
        label="Ofsted/CQC fitness decision expected",
        anchor="submitted",
        amount=10,
        unit="working_days",
        requires_wsoa=True,
        source="Observed practice; no published timescale for the fitness decision.",
        confidence="not confirmed",
    ),
    DeadlineRule(
        key="resubmission_after_not_fit",
        milestone=RESUBMISSION_DUE,
        framework="2016",
        label="Revised Written Statement of Action due",
        anchor="decided",
        amount=20,
        unit="working_days",
        requires_wsoa=True,
        applies_to_decisions=frozenset({"not_fit"}),
        source="Observed practice after a 'not fit for purpose' decision; no published timescale.",
        confidence="not confirmed",
    ),
    DeadlineRule(
        key="review_meetings_after_acceptance",
        milestone=REVIEW_MEETING,
        framework="2016",
        label="DfE/NHS England review meeting",
        anchor="accepted",
        amount=0,
        unit="months",
        repeat_every_months=3,
        repeat_within_months=18,
        repeat_at_least=4,
        requires_wsoa=True,
        source="DfE and NHS England support-and-challenge meetings are quarterly; the minimum of 4 "
        "meetings within 18 months is not confirmed.",
        confidence="guidance",
    ),
    DeadlineRule(
        key="revisit_after_acceptance",
        milestone=REVISIT_DUE,
        framework="2016",
        label="Ofsted/CQC revisit expected",
        anchor="accepted",
        amount=18,
        unit="months",
        requires_wsoa=True,
        source="DfE guidance: the revisit usually happens within 18 months of the Written Statement of "
        "Action being accepted, with 10 working days' notice.",
        confidence="guidance",
    ),
    DeadlineRule(
        key="app_review_after_revisit",
        milestone=APP_REVIEW_DUE,
        framework="2016",
        label="Accelerated Progress Plan formal review",
        anchor="revisit_published",
        amount=6,
        unit="months",
        requires_wsoa=True,
        applies_to_revisit_progress=frozenset({"not_sufficient", None}),
        source="DfE: where the revisit finds insufficient progress, an Accelerated Progress Plan is "
        "formally reviewed within 6 months.",
        confidence="guidance",
    ),
    # Area SEND inspection (from January 2023).
    DeadlineRule(
        key="priority_action_plan_after_received",
        milestone=PRIORITY_ACTION_PLAN_DUE,
        framework="2023",
        label="Priority action plan due",
        anchor="received",
        amount=30,
        unit="working_days",
        applies_to_outcomes=frozenset({3}),
        official_deadline_overrides=True,
        source="Area SEND framework: areas for priority action need a priority action plan; the 30 working "
        "days are not confirmed.",
        confidence="not confirmed",
    ),
    DeadlineRule(
        key="pap_fitness_decision_after_resubmission",
        milestone=FITNESS_DECISION_DUE,
        framework="2023",
        label="Ofsted/CQC decision on the priority action plan expected",
        anchor="resubmitted",
        amount=10,
        unit="working_days",
        applies_to_outcomes=frozenset({3}),
        source="Assumed to follow the 2016 practice; no published timescale.",
        confidence="not confirmed",
    ),
    DeadlineRule(
        key="pap_fitness_decision_after_submission",
        milestone=FITNESS_DECISION_DUE,
        framework="2023",
        label="Ofsted/CQC decision on the priority action plan expected",
        anchor="submitted",
        amount=10,
        unit="working_days",
        applies_to_outcomes=frozenset({3}),
        source="Assumed to follow the 2016 practice; no published timescale.",
        confidence="not confirmed",
    ),
    DeadlineRule(
        key="pap_resubmission_after_not_fit",
        milestone=RESUBMISSION_DUE,
        framework="2023",
        label="Revised priority action plan due",
        anchor="decided",
        amount=20,
        unit="working_days",
        applies_to_outcomes=frozenset({3}),
        applies_to_decisions=frozenset({"not_fit"}),
        source="Assumed to follow the 2016 practice; no published timescale.",
        confidence="not confirmed",
    ),
    DeadlineRule(
        key="strategic_plan_after_received",
        milestone=STRATEGIC_PLAN_DUE,
        framework="2023",
        label="Strategic plan updated and published",
        anchor="received",
        amount=30,
        unit="working_days",
        source="Secondary sources only: the local area partnership updates and publishes its strategic "
        "plan within 30 working days of receiving the report.",
        confidence="secondary source",
    ),
    DeadlineRule(
        key="monitoring_inspection_after_received",
        milestone=MONITORING_INSPECTION_DUE,
        framework="2023",
        label="Monitoring inspection expected",
        anchor="received",
        amount=18,
        unit="months",
        applies_to_outcomes=frozenset({3}),
        estimated=True,
        source="Area SEND framework: after outcome 3, a monitoring inspection about 18 months after the "
        "final report.",
        confidence="framework",
        note="Approximate: the framework says 'about' 18 months.",
    ),
    DeadlineRule(
        key="next_inspection_outcome_1",
        milestone=NEXT_INSPECTION_DUE,
        framework="2023",
        label="Next full inspection due",
        anchor="published",
        amount=5,
        unit="years",
        applies_to_outcomes=frozenset({1}),
        source="Area SEND framework: after outcome 1, the next full inspection is within 5 years.",
        confidence="framework",
    ),
    DeadlineRule(
        key="next_inspection_outcomes_2_and_3",
        milestone=NEXT_INSPECTION_DUE,
        framework="2023",
        label="Next full inspection due",
        anchor="published",
        amount=3,
        unit="years",
        applies_to_outcomes=frozenset({2, 3}),
        source="Area SEND framework: after outcome 2 or 3, the next full inspection is within 3 years.",
        confidence="framework",
    ),
)


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
