"""What each list of the data feed holds, one flat row an item, so the same fields make the JSON and the CSV."""
import re
from datetime import date, datetime
from typing import Annotated, Generic, TypeVar

from ninja import Field, Schema
from pydantic import BeforeValidator

# Database ids are 64-bit: a larger number is refused as a bad parameter, never sent to the database.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day_only(value):
    """A day in a parameter is YYYY-MM-DD and nothing else (not a number of seconds since 1970, as the
    validation library would otherwise read "0")."""
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError("must be a date written as YYYY-MM-DD, like 2025-03-14")
    return value


Day = Annotated[date, BeforeValidator(_iso_day_only)]

Row = TypeVar("Row", bound=Schema)


class Error(Schema):
    detail: str


class ParameterProblem(Schema):
    parameter: str
    problem: str


class BadParameters(Schema):
    detail: str
    problems: list[ParameterProblem]


class Page(Schema, Generic[Row]):
    count: int = Field(description="How many items the whole list has")
    limit: int
    offset: int
    next_offset: int | None = Field(description="The offset of the next page, or null on the last page")
    results: list[Row]


class AreaOut(Schema):
    id: int
    name: str
    local_authority: str


class InspectionOut(Schema):
    id: int
    area_id: int
    area_name: str
    framework: str
    outcome: str
    status: str
    starts_on: date
    ends_on: date
    received_on: date | None
    published_on: date | None
    submitted_on: date | None
    accepted_on: date | None
    lead_inspector: str


class MilestoneOut(Schema):
    id: int
    inspection_id: int
    key: str
    sequence: int
    label: str
    due: date
    status: str
    met_on: date | None
    estimated: bool
    approximate: bool
    official: bool
    confidence: str


class WeaknessOut(Schema):
    id: int
    inspection_id: int
    kind: str
    number: int
    title: str
    text: str
    revisit_judgement: str
    judged_on: date | None


class PlanOut(Schema):
    id: int
    inspection_id: int
    area_id: int
    area_name: str
    name: str
    section_label: str
    created_at: datetime


class StrandOut(Schema):
    id: int
    plan_id: int
    number: int
    title: str
    subgroup_id: int | None
    subgroup_name: str
    weakness_ids: list[int]


class ActionOut(Schema):
    id: int
    plan_id: int
    strand_id: int
    reference: str
    title: str
    lead: str
    lead_organisation: str
    start_date: date | None
    due_date: date | None
    ongoing: bool
    completed_on: date | None
    rating: str = Field(description="The rating's key in the plan's legend, e.g. amber")
    rating_label: str = Field(description="The rating in words, e.g. Amber – some risk")
    rating_reason: str


class ProgressUpdateOut(Schema):
    id: int
    plan_id: int
    action_id: int
    action_reference: str
    month: date
    rating: str
    previous_rating: str
    narrative: str
    evidence: str
    author: str
    created_at: datetime
    updated_at: datetime


class RatingEventOut(Schema):
    id: int
    plan_id: int
    action_id: int
    action_reference: str
    from_rating: str = Field(description="Blank when the action was added with this rating")
    to_rating: str
    reason: str
    source: str
    update_id: int | None
    by: str
    effective_on: date
    recorded_at: datetime


class MeasureOut(Schema):
    id: int
    plan_id: int
    strand_id: int | None
    weakness_id: int | None
    name: str
    unit: str
    baseline: float | None
    baseline_period: date | None
    target: float | None
    target_date: date | None
    direction: str
    frequency: str
    source: str


class ReadingOut(Schema):
    id: int
    measure_id: int
    plan_id: int
    period: date
    value: float
    source_note: str


class EvidenceOut(Schema):
    id: int
    plan_id: int
    title: str
    dated: date
    kind: str = Field(description="document, data, case_audit, survey, minutes or other")
    kind_label: str
    note: str
    link: str = Field(description="The web address, for a link; empty for a file")
    has_file: bool
    file_name: str = Field(description="The file's name as uploaded; the file is downloaded from the service")
    content_type: str
    size: int | None
    added_by: str
    added_at: datetime
    action_ids: list[int]
    measure_ids: list[int]
    weakness_ids: list[int]
