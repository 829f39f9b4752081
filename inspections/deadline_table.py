"""The deadline table: what a rule says, the milestones and anchors it names, and the default rules with sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Framework = Literal["2016", "2023"]
Anchor = Literal[
    "received", "published", "submitted", "resubmitted", "decided", "accepted", "revisit_published"
]
Unit = Literal["working_days", "months", "years"]
Confidence = Literal["statutory", "guidance", "framework", "not confirmed", "secondary source"]
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
    # The rule itself is approximate ("about 18 months", "within approximately 3 years"), whatever the anchor.
    approximate: bool = False
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


_FROM_PUBLICATION = (
    "Estimated: the date the report was received is not known, and counting from publication usually gives a "
    "date a few working days too late."
)

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
        key="priority_action_plan_from_published",
        milestone=PRIORITY_ACTION_PLAN_DUE,
        framework="2023",
        label="Priority action plan due (estimated from publication)",
        anchor="published",
        amount=30,
        unit="working_days",
        applies_to_outcomes=frozenset({3}),
        official_deadline_overrides=True,
        estimated=True,
        source="Area SEND framework: areas for priority action need a priority action plan; the 30 working "
        "days are not confirmed, and are counted from publication because the date the report was received "
        "is not known.",
        confidence="not confirmed",
        note=_FROM_PUBLICATION,
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
        key="strategic_plan_from_published",
        milestone=STRATEGIC_PLAN_DUE,
        framework="2023",
        label="Strategic plan updated and published (estimated from publication)",
        anchor="published",
        amount=30,
        unit="working_days",
        estimated=True,
        source="Secondary sources only: the local area partnership updates and publishes its strategic "
        "plan within 30 working days of receiving the report; counted from publication because the date the "
        "report was received is not known.",
        confidence="secondary source",
        note=_FROM_PUBLICATION,
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
        approximate=True,
        source="Area SEND framework: after outcome 3, a monitoring inspection about 18 months after the "
        "final report.",
        confidence="framework",
        note="Approximate: the framework says 'about' 18 months.",
    ),
    DeadlineRule(
        key="monitoring_inspection_from_published",
        milestone=MONITORING_INSPECTION_DUE,
        framework="2023",
        label="Monitoring inspection expected (estimated from publication)",
        anchor="published",
        amount=18,
        unit="months",
        applies_to_outcomes=frozenset({3}),
        estimated=True,
        approximate=True,
        source="Area SEND framework: after outcome 3, a monitoring inspection about 18 months after the "
        "final report; counted from publication because the date the report was received is not known.",
        confidence="framework",
        note="Approximate: the framework says 'about' 18 months. " + _FROM_PUBLICATION,
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
        approximate=True,
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
        approximate=True,
        confidence="framework",
    ),
)
