"""Meeting pages: one meeting's record (date, spotlight, reports owed, agenda, decisions, actions arising,
minutes), changing it, adding to it, and making an action arising into an action of the plan."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.models import Subgroup
from inspections.dates import long_date

from . import permissions as can
from . import selectors, services
from .errors import GovernanceError
from .forms import ActionArisingForm, AgendaItemForm, DecisionForm, MeetingForm, PlanActionForm
from .views import add_errors, load, require


def _meeting_url(meeting) -> str:
    return reverse("governance:meeting", args=[meeting.pk])


@require_GET
def meeting_detail(request, pk: int):
    meeting = load(selectors.meeting_for_page, pk, request.user)
    board = meeting.board
    require(can.can_view_board(request.user, board))
    reports = selectors.meeting_reports(meeting)
    for report, _ in reports:
        report.meeting = meeting  # the permission rules read the board's area
    arisings = meeting.actions_arising.all()
    for arising in arisings:
        arising.meeting = meeting
    return render(request, "governance/meeting_detail.html", {
        "meeting": meeting,
        "board": board,
        "reports": reports,
        "readable": {report.pk for report, _ in reports if can.can_read_report(request.user, report)},
        "writable": {report.pk for report, _ in reports if can.can_edit_report(request.user, report)},
        "spotlight": selectors.meeting_spotlight_words(meeting),
        "may_change": can.can_change_board(request.user, board),
        "may_make_plan_actions": can.can_make_plan_actions_for(request.user, board),
        "status_settable": {arising.pk for arising in arisings if can.can_set_arising_status(request.user, arising)},
        "today": timezone.localdate(),
    })


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = load(selectors.meeting_for_change, pk, request.user)
    require(can.can_change_board(request.user, meeting.board))
    subgroups = Subgroup.objects.filter(plan_id=meeting.board.plan_id).order_by("name")
    form = MeetingForm(request.POST or None, subgroups=subgroups, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except GovernanceError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The meeting is updated.")
            return redirect("governance:meeting", pk=meeting.pk)
    return render(request, "governance/meeting_form.html", {
        "form": form, "meeting": meeting, "board": meeting.board, "back_url": _meeting_url(meeting),
    })


def _meeting_part_add(request, pk: int, *, form_class, service, title: str, done: str, people: bool = False):
    """Add an agenda item, a decision or an action arising to the meeting: one form, one service."""
    meeting = load(selectors.meeting_for_change, pk, request.user)
    require(can.can_change_board(request.user, meeting.board))
    extra = {"people": selectors.people_in_area(meeting.board.area_id)} if people else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            service(meeting=meeting, by=request.user, **form.cleaned_data)
        except GovernanceError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("governance:meeting", pk=meeting.pk)
    return render(request, "governance/simple_form.html", {
        "form": form, "title": title, "caption": f"{meeting.board}, {long_date(meeting.held_on)}",
        "back_url": _meeting_url(meeting),
    })


@require_http_methods(["GET", "POST"])
def agenda_item_add(request, pk: int):
    return _meeting_part_add(request, pk, form_class=AgendaItemForm, service=services.agenda_item_add,
                             title="Add an agenda item", done="The agenda item is added.")


@require_http_methods(["GET", "POST"])
def decision_add(request, pk: int):
    return _meeting_part_add(request, pk, form_class=DecisionForm, service=services.decision_add,
                             title="Record a decision", done="The decision is recorded.")


@require_http_methods(["GET", "POST"])
def action_arising_add(request, pk: int):
    return _meeting_part_add(request, pk, form_class=ActionArisingForm, service=services.action_arising_add,
                             title="Record an action arising", done="The action arising is recorded.", people=True)


@require_http_methods(["GET", "POST"])
def action_arising_to_plan_action(request, pk: int):
    arising = load(selectors.arising_for_change, pk, request.user)
    require(can.can_make_plan_action(request.user, arising))
    plan = arising.meeting.board.plan
    form = PlanActionForm(request.POST or None, strands=selectors.strands_for_plan_action(arising),
                          section_word=plan.section_word)
    if request.method == "POST" and form.is_valid():
        strand = form.cleaned_data["strand"]
        require(can.can_make_plan_action(request.user, arising, strand))
        try:
            action = services.action_arising_to_plan_action(
                arising=arising, strand=strand, by=request.user, reference=form.cleaned_data["reference"]
            )
        except GovernanceError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Action {action.reference} is added to the plan.")
            return redirect("governance:meeting", pk=arising.meeting_id)
    return render(request, "governance/simple_form.html", {
        "form": form, "title": "Make this a plan action", "caption": arising.text[:120],
        "back_url": _meeting_url(arising.meeting),
    })


@require_POST
def action_arising_status(request, pk: int):
    """Mark the action arising done (``status=done``) or open again (``status=open``), back on its meeting."""
    arising = load(selectors.arising_for_change, pk, request.user)
    require(can.can_set_arising_status(request.user, arising))
    wanted = request.POST.get("status")
    if wanted not in ("done", "open"):
        messages.error(request, "Choose whether the action arising is done or open")
    else:
        try:
            services.action_arising_status_set(arising=arising, by=request.user, done=wanted == "done")
        except GovernanceError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The action arising is marked done." if wanted == "done"
                             else "The action arising is open again.")
    return redirect(f"{_meeting_url(arising.meeting)}#actions-arising")
