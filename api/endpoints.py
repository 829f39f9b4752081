"""The data feed's operations: every list of the plan and its inspection, read-only, for the token's owner.

Each list takes ``limit`` and ``offset`` (bounded) and ``format=csv``; each answer has an ETag. Evidence items
are listed by their metadata; their files stay behind the service's permission-checked page.
"""
import functools
import inspect
from typing import Literal

from django.http import Http404, JsonResponse
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import ValidationError

from . import selectors
from .listing import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, listed, page_of, with_etag
from .schemas import (
    ActionOut,
    AreaOut,
    BadParameters,
    Day,
    Error,
    EvidenceOut,
    Id,
    InspectionOut,
    MeasureOut,
    MilestoneOut,
    Page,
    PlanOut,
    ProgressUpdateOut,
    RatingEventOut,
    ReadingOut,
    StrandOut,
    WeaknessOut,
)

router = Router()

Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT} items a page")
Offset = Query(0, ge=0, le=MAX_OFFSET, description="How many items to skip")
Format = Query("json", description="csv for a spreadsheet of the page's rows (Excel, Power BI)")
Fmt = Literal["json", "csv"]
Rating = Query("", max_length=20, description="Only actions with this rating key, e.g. red")
ActionsOn = Query(None, description="The plans as they stood at the end of this day")
ChangedSince = Query(None, description="Only changes effective after this day")
EventsOn = Query(None, description="Only changes effective by the end of this day")


def _responses(schema: type) -> dict:
    return {200: Page[schema], 304: None, 401: Error, 422: BadParameters}


# Each list's answer is also CSV and may be 304: said here so the schema documents what the feed sends.
_LIST_EXTRA = {"responses": {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
    304: {"description": "Not modified: the If-None-Match given is this answer's ETag"},
}}


def only_its_parameters(view):
    """Refuse a parameter the operation does not take: a misspelt ``changed-since`` must not quietly list
    everything instead."""
    known = set(inspect.signature(view).parameters) - {"request"}

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise ValidationError([{"loc": ("query", name), "msg": "is not a parameter of this list"}
                                   for name in unknown])
        return view(request, *args, **kwargs)

    return checked


def _list(path: str, schema: type, summary: str):
    register = router.get(path, response=_responses(schema), summary=summary,
                          url_name=path.strip("/").replace("-", "_"), openapi_extra=_LIST_EXTRA)
    return lambda view: register(only_its_parameters(view))


def _answer(request, rows, row, schema: type, name: str, limit: int, offset: int, fmt: str):
    return listed(request, page_of(rows, limit=limit, offset=offset, row=row), schema=schema, fmt=fmt, name=name)


@_list("/areas", AreaOut, "The local areas you hold a role in")
def areas(request, limit: int = Limit, offset: int = Offset, format: Fmt = Format):
    return _answer(request, selectors.areas(request.user), selectors.area_row, AreaOut, "areas", limit, offset, format)


@_list("/inspections", InspectionOut, "Inspections of your areas")
def inspections(request, area: Id | None = None, limit: int = Limit, offset: int = Offset, format: Fmt = Format):
    found = selectors.inspections(request.user, area=area)
    return _answer(request, found, selectors.inspection_row, InspectionOut, "inspections", limit, offset, format)


@_list("/milestones", MilestoneOut, "Inspections' milestones (statutory and expected deadlines)")
def milestones(request, inspection: Id | None = None, limit: int = Limit, offset: int = Offset,
               format: Fmt = Format):
    found = selectors.milestones(request.user, inspection=inspection)
    return _answer(request, found, selectors.milestone_row, MilestoneOut, "milestones", limit, offset, format)


@_list("/weaknesses", WeaknessOut, "Areas of significant weakness and areas for priority action")
def weaknesses(request, inspection: Id | None = None, limit: int = Limit, offset: int = Offset,
               format: Fmt = Format):
    found = selectors.weaknesses(request.user, inspection=inspection)
    return _answer(request, found, selectors.weakness_row, WeaknessOut, "weaknesses", limit, offset, format)


@_list("/plans", PlanOut, "Action plans (Written Statements of Action, priority action plans)")
def plans(request, limit: int = Limit, offset: int = Offset, format: Fmt = Format):
    return _answer(request, selectors.plans(request.user), selectors.plan_row, PlanOut, "plans", limit, offset, format)


@_list("/strands", StrandOut, "The plans' strands, with the weaknesses each answers")
def strands(request, plan: Id | None = None, limit: int = Limit, offset: int = Offset, format: Fmt = Format):
    found = selectors.strands(request.user, plan=plan)
    return _answer(request, found, selectors.strand_row, StrandOut, "strands", limit, offset, format)


@_list("/actions", ActionOut, "Actions with their current rating, or their rating on a past day")
def actions(
    request, plan: Id | None = None, strand: Id | None = None,
    rating: str = Rating, on: Day | None = ActionsOn,
    limit: int = Limit, offset: int = Offset, format: Fmt = Format,
):
    if on is not None and on < timezone.localdate():
        rows, row = selectors.actions_on(request.user, on, plan=plan, strand=strand, rating=rating), None
    else:
        rows, row = selectors.actions(request.user, plan=plan, strand=strand, rating=rating), selectors.action_row
    return _answer(request, rows, row, ActionOut, "actions", limit, offset, format)


@router.get("/actions/{pk}", response={200: ActionOut, 304: None, 401: Error, 404: Error, 422: BadParameters},
            summary="One action with its current rating", url_name="action",
            openapi_extra={"responses": {304: _LIST_EXTRA["responses"][304]}})
@only_its_parameters
def action(request, pk: Id):
    found = selectors.action_visible(request.user, pk)
    if found is None:
        raise Http404
    checked = ActionOut.model_validate(selectors.action_row(found)).model_dump(mode="json")
    return with_etag(request, JsonResponse(checked))


@_list("/progress-updates", ProgressUpdateOut, "Monthly progress updates")
def progress_updates(request, plan: Id | None = None, action: Id | None = None, limit: int = Limit,
                     offset: int = Offset, format: Fmt = Format):
    found = selectors.progress_updates(request.user, plan=plan, action=action)
    row = selectors.progress_update_row
    return _answer(request, found, row, ProgressUpdateOut, "progress-updates", limit, offset, format)


@_list("/rating-events", RatingEventOut, "Every change of an action's rating, oldest first")
def rating_events(
    request, plan: Id | None = None, action: Id | None = None,
    changed_since: Day | None = ChangedSince, on: Day | None = EventsOn,
    limit: int = Limit, offset: int = Offset, format: Fmt = Format,
):
    found = selectors.rating_events(request.user, plan=plan, action=action, changed_since=changed_since, on=on)
    return _answer(request, found, selectors.rating_event_row, RatingEventOut, "rating-events", limit, offset, format)


@_list("/measures", MeasureOut, "Impact measures with their baseline and target")
def measures(request, plan: Id | None = None, strand: Id | None = None, limit: int = Limit, offset: int = Offset,
             format: Fmt = Format):
    found = selectors.measures(request.user, plan=plan, strand=strand)
    return _answer(request, found, selectors.measure_row, MeasureOut, "measures", limit, offset, format)


@_list("/readings", ReadingOut, "Impact measures' readings, one a period")
def readings(request, plan: Id | None = None, measure: Id | None = None, limit: int = Limit, offset: int = Offset,
             format: Fmt = Format):
    found = selectors.readings(request.user, plan=plan, measure=measure)
    return _answer(request, found, selectors.reading_row, ReadingOut, "readings", limit, offset, format)


EvidenceKind = Literal["", "document", "data", "case_audit", "survey", "minutes", "other"]


@_list("/evidence", EvidenceOut, "Evidence items, newest first, with what each supports (metadata: no files)")
def evidence(
    request, plan: Id | None = None, action: Id | None = None, weakness: Id | None = None, kind: EvidenceKind = "",
    limit: int = Limit, offset: int = Offset, format: Fmt = Format,
):
    found = selectors.evidence(request.user, plan=plan, action=action, weakness=weakness, kind=kind)
    return _answer(request, found, selectors.evidence_row, EvidenceOut, "evidence", limit, offset, format)
