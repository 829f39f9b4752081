"""What a board's dashboard holds: plain data (numbers, words, links, dates as ISO text) with no model objects,
so that ``asdict`` of it is JSON as it is, and the page draws the live figures and an issued snapshot from the
same shape.

Bump ``SHAPE_VERSION`` when a field changes meaning or goes: a snapshot keeps the version it was stored with.
"""
from dataclasses import dataclass, field, fields

SHAPE_VERSION = 1


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # each shape's field names, looked up once per process
_AS_THEY_ARE = (str, int, float, bool, type(None))


def plain(value):
    """The dashboard as dicts, lists and plain values: what ``dataclasses.asdict`` gives for these shapes, without
    its deep copy of every value (a tenth of the page's time at 1,000 actions). A shape's dicts (a chart's
    geometry, a trend, a report's sections) hold plain data already, as JSON gave it or ``measures`` made it,
    so they are kept as they are rather than walked."""
    kind = type(value)
    if kind in _AS_THEY_ARE:
        return value
    if kind is list:
        return [plain(item) for item in value]
    names = _FIELD_NAMES.get(kind)
    if names is None and hasattr(kind, "__dataclass_fields__"):
        names = _FIELD_NAMES.setdefault(kind, tuple(f.name for f in fields(kind)))
    if names is not None:
        held = value.__dict__  # the shapes are plain dataclasses: their fields are attributes of the instance
        return {name: plain(held[name]) for name in names}
    if isinstance(value, tuple):
        return tuple(plain(item) for item in value)
    return value


@dataclass
class MeetingRef:
    pk: int
    held_on: str  # ISO date
    words: str  # "Tuesday 10 June 2025"
    status: str
    link: str  # its dashboard


@dataclass
class ActionRef:
    pk: int
    reference: str
    title: str
    link: str  # the action's page on the dashboard's day


@dataclass
class RatingCount:
    key: str
    label: str  # "Amber – some risk": the words are always printed
    short: str  # "Amber", for column headings
    colour: str  # the GOV.UK tag colour of the legend entry
    count: int
    percent: int  # of the group's actions, rounded
    bar: int  # the bar's width class: the percent to the nearest 5, at least 5 when there are any
    link: str


@dataclass
class RatingGroup:
    """The actions of the plan, of one weakness or of one strand, by rating."""

    pk: int | None
    name: str
    total: int
    link: str
    counts: list[RatingCount]
    overdue: int = 0
    overdue_link: str = ""


@dataclass
class Ratings:
    plan: RatingGroup
    by_weakness: list[RatingGroup]
    by_strand: list[RatingGroup]


@dataclass
class RatingMove:
    action: ActionRef
    from_label: str
    to_label: str
    worse: bool
    reason: str
    by: str
    on: str  # ISO date the change counts from
    on_words: str


@dataclass
class DueMove:
    action: ActionRef
    from_words: str  # "30 June 2025", "Ongoing" or "Not set"
    to_words: str
    by: str
    on_words: str


@dataclass
class Changes:
    """What changed after ``since`` (the previous meeting's day, or the day before the plan was set up) up to the
    end of the dashboard's day."""

    since: str
    since_words: str
    moves: list[RatingMove]
    moved_actions: int
    moves_link: str
    newly_complete: list[ActionRef]
    newly_complete_link: str
    due_moves: list[DueMove]
    new_actions: list[ActionRef]
    new_actions_link: str


@dataclass
class Deadlines:
    overdue: int
    overdue_link: str
    due_soon: int
    due_soon_link: str
    due_until: str  # ISO date of the next meeting; empty when none is planned
    due_until_words: str


@dataclass
class SubgroupOwing:
    pk: int | None
    name: str
    lead: str
    count: int
    link: str


@dataclass
class MissingUpdates:
    month: str  # ISO date of the month's first day
    month_words: str  # "June 2025"
    total: int
    link: str
    by_subgroup: list[SubgroupOwing]


@dataclass
class Measure:
    """An impact measure at the dashboard's day, drawn by ``actions/_measure_chart.html`` from these keys."""

    pk: int
    name: str
    source: str
    strand: str
    link: str
    latest: str  # "41%", or empty with no reading by then
    baseline: str
    baseline_period: str
    target: str  # "target 60% by March 2027", or empty
    trend: dict  # {"summary": ..., "standing": {"name": ..., "words": ...}}
    chart: dict | None  # the chart's geometry (actions.measure_chart), with "line_points"
    rows: list[dict]  # {"period", "value", "note"}, oldest first


@dataclass
class ReportSection:
    label: str
    text: str


@dataclass
class Report:
    kind: str
    kind_words: str
    subgroup: str  # "Strand 2 – Graduated response"
    lead: str
    submitted_by: str
    submitted_words: str
    sections: list[ReportSection]


@dataclass
class Spotlight:
    name: str  # in words, as the meeting page says it
    link: str  # the subgroup's page
    lead: str
    figures: RatingGroup | None  # the subgroup's strands' actions by rating
    missing_updates: int
    missing_updates_link: str
    report: Report | None


@dataclass
class Dashboard:
    version: int
    day: str  # ISO date: the position at the end of this day
    day_words: str
    today_position: bool  # the day is the day the figures were read (today's plan), not a past day
    meeting: MeetingRef
    board: str
    board_pk: int
    plan_pk: int
    plan_name: str
    section_word: str
    previous: MeetingRef | None
    next: MeetingRef | None
    ratings: Ratings
    changes: Changes
    deadlines: Deadlines
    missing: MissingUpdates
    measures: list[Measure] = field(default_factory=list)
    spotlight: Spotlight | None = None
    reports: list[Report] = field(default_factory=list)
