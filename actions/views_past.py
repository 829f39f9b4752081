"""The plan's pages as the plan stood at the end of a past day (``?on=YYYY-MM-DD``): read-only, with a banner,
and links that keep the day, so that a person can browse the past plan. The reads are ``plan_parts_as_of`` (each
page's part of the plan then) and ``action_page_as_of``; the templates are the live pages', told ``past``.
"""
from dataclasses import dataclass
from datetime import date
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from inspections.dates import long_date, weekday_and_date
from inspections.periods import financial_quarter_of

from . import past_filters, selectors
from . import permissions as can
from .action_as_of import action_page_as_of
from .forms import ActionFilterForm, PastDayForm
from .models import Plan
from .past_day import ON, day_asked
from .plan_as_of import actions_matching, plan_as_of, plan_existed
from .plan_parts_as_of import (
    leads_as_of,
    page_then,
    plan_overview_as_of,
    strand_choices_as_of,
    strand_page_as_of,
)
from .view_guards import plan_of_strand_or_404, plan_or_404, require

ACTIONS_PER_PAGE = 25  # as today's list
_PICKED = tuple(f"{ON}_{box}" for box in range(3))  # the date picker's day, month and year boxes


def or_on_a_past_day(past_view):
    """A live page's view that, given ``?on=``, is ``past_view`` for that day instead.

    Today or a later day is today's page (a later one says so); a text that is not a date is a page saying so
    (400). The overview's date picker sends its three boxes here, and is sent on to ``?on=``.
    """
    def decorate(live_view):
        @wraps(live_view)
        def view(request, *args, **kwargs):
            today = timezone.localdate()
            if ON not in request.GET and any(name in request.GET for name in _PICKED):
                return _picked(request, today)
            asked = day_asked(request.GET.get(ON), today=today)
            if asked.problem:
                return _problem(request, PastDayForm(today=today), problems=[asked.problem])
            if asked.after_today:
                later = weekday_and_date(asked.after_today)
                messages.info(request, f"{later} is after today, so this is today's plan.")
            if asked.day is None:
                return live_view(request, *args, **kwargs)
            return past_view(request, *args, day=asked.day, **kwargs)
        return view
    return decorate


def _picked(request, today: date):
    form = PastDayForm(request.GET, today=today)
    if not form.is_valid():
        return _problem(request, form)
    return redirect(f"{request.path}?{urlencode({ON: form.cleaned_data['on'].isoformat()})}")


def _problem(request, form: PastDayForm, *, problems: tuple | list = ()):
    """The date asked for cannot be read: say so, and offer the picker again (nothing of the text is echoed)."""
    return render(request, "actions/past_day_problem.html", {
        "form": form, "problems": [{"href": "#id_on_0", "message": text} for text in problems],
        "today_url": request.path,
    }, status=400)


@dataclass(frozen=True)
class PastPage:
    """What the templates need about the day: the banner's words, the query that keeps it, today's page."""

    day: date
    existed: bool
    set_up_on: date
    today_url: str

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def query(self) -> str:
        return f"?{ON}={self.iso}"

    @property
    def words(self) -> str:
        return weekday_and_date(self.day)

    @property
    def set_up_words(self) -> str:
        return long_date(self.set_up_on)


def _past_page(request, plan: Plan, day: date, *, existed: bool) -> PastPage:
    """``today_url``: this page without the day, keeping the filters but not the page number."""
    kept = request.GET.copy()
    for name in (ON, "page"):
        kept.pop(name, None)
    today_url = f"{request.path}?{kept.urlencode()}" if kept else request.path
    return PastPage(day=day, existed=existed, set_up_on=timezone.localdate(plan.created_at), today_url=today_url)


# --- the pages ---------------------------------------------------------------------------------------------


def plan_overview(request, plan: Plan, *, day: date):
    require(can.can_view_plan(request.user, plan))
    return render(request, "actions/plan_overview.html", {
        "plan": plan,
        "overview": plan_overview_as_of(plan, day),
        "several_plans": request.resolver_match.url_name != "index",
        "past": _past_page(request, plan, day, existed=plan_existed(plan, day)),
        "day_form": PastDayForm(today=timezone.localdate(), initial={ON: day}),
    })


def strand_detail(request, pk: int, *, day: date):
    plan = plan_of_strand_or_404(pk, request.user)
    require(can.can_view_plan(request.user, plan))
    page = _past_page(request, plan, day, existed=plan_existed(plan, day))
    past = strand_page_as_of(plan, pk, day)
    if past is None:
        return render(request, "actions/past_missing.html", {"plan": plan, "past": page, "missing": (
            f"This {plan.section_word.lower()} was not in the plan at the end of {page.words}.")})
    return render(request, "actions/strand_detail.html", {
        "strand": past.strand,
        "plan": plan,
        "past": page,
        "counts": past.counts,
        "weaknesses": past.weaknesses,
        "actions": past.actions,
        "today": day,
    })


def action_list(request, plan_pk: int, *, day: date):
    """Filtered, counted and paged in the database (one query); only the page's rows are read and made."""
    plan = plan_or_404(plan_pk, request.user)
    require(can.can_view_plan(request.user, plan))
    _, _, quarter_name = financial_quarter_of(day)
    form = ActionFilterForm(
        request.GET, plan=plan, strands=strand_choices_as_of(plan, day), leads=leads_as_of(plan, day),
        quarter_name=quarter_name,
    )
    filters = selectors.ActionFilters.chosen(form.cleaned_data if form.is_valid() else {})
    if any(getattr(filters, name) for name in selectors.NARROWING):
        # A board dashboard's link: the plan as it stood, narrowed in Python (a few actions at most are shown).
        past = plan_as_of(plan, day)
        matching = past_filters.narrowed(past, filters, actions_matching(past, filters))
        page = Paginator(matching, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    else:
        page = page_then(plan, day, filters, number=request.GET.get("page"), per_page=ACTIONS_PER_PAGE)
    page_view = _past_page(request, plan, day, existed=plan_existed(plan, day))
    return render(request, "actions/action_list.html", {
        "plan": plan, "form": form, "page": page, "today": day, "past": page_view,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "filtered": any(value for value in vars(filters).values()),
        "narrowing": selectors.narrowing_in_words(plan, filters, today=day),
        "list_url": reverse("actions:action_list", args=[plan.pk]) + page_view.query,
    })


def action_detail(request, pk: int, *, day: date):
    try:
        past = action_page_as_of(pk, day, user=request.user)
    except Plan.DoesNotExist:
        raise Http404("Not found") from None
    require(can.can_view_actions_of(request.user, past.plan))
    page = _past_page(request, past.plan, day, existed=plan_existed(past.plan, day))
    if past.action is None:
        return render(request, "actions/past_missing.html", {
            "plan": past.plan, "past": page, "missing": _missing_action_words(past, page),
        })
    return render(request, "actions/action_detail.html", {
        "action": past.action,
        "plan": past.plan,
        "past": page,
        "updates": past.updates,
        "history": past.history,
        "today": day,
    })


def _missing_action_words(past, page: PastPage) -> str:
    when = f"at the end of {page.words}"
    if past.added_on and past.added_on > past.day:
        return f"Action {past.reference} was not in the plan {when}: it was added on {long_date(past.added_on)}."
    if past.removed_on:
        return f"Action {past.reference} was not in the plan {when}: it was removed on {long_date(past.removed_on)}."
    return f"Action {past.reference} was not in the plan {when}."
