"""Board pages: the boards of my areas, one board with its members and meetings, setting up and changing a board.

Every view loads the object through a selector scoped to the person's areas (another area's is a 404), then
checks the rule in permissions.py (403), validates the form and calls one service.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wsoa.roles import area_ids_where

from . import permissions as can
from . import selectors, services
from .errors import GovernanceError
from .forms import BoardForm, BoardMemberForm
from .models import Board, BoardMember

ADD_BOARD = "governance.add_board"  # administrators' (see permissions.can_create_board_in)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def load(selector, pk: int, user):
    """The object through a selector scoped to the person's areas: another area's is not found (404)."""
    try:
        return selector(pk, user=user)
    except selectors.NOT_FOUND:
        raise Http404("Not found") from None


def add_errors(form, error: GovernanceError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@require_GET
def board_index(request):
    require(can.can_view_boards(request.user))
    return render(request, "governance/board_list.html", {
        "boards": selectors.boards_for_index(request.user),
        "may_create": bool(area_ids_where(request.user, ADD_BOARD)),
    })


@require_http_methods(["GET", "POST"])
def board_create(request):
    areas = area_ids_where(request.user, ADD_BOARD)
    require(bool(areas))
    plans = selectors.plans_for_new_board(areas)
    chairs = selectors.board_chair_candidates(areas)
    form = BoardForm(request.POST or None, plans=plans, chairs=chairs, initial={
        "kind": Board.Kind.IMPROVEMENT, "frequency": Board.Frequency.MONTHLY, "week_of_month": "second",
        "weekday": Board.Weekday.TUESDAY, "usual_time": "10:00", "report_due_working_days": 5,
        "reminders_on": True, "starts_on": timezone.localdate(), "name": "SEND Improvement Board",
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            board = services.board_create(plan=data["plan"], by=request.user, **form.changes())
        except GovernanceError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The {board} is set up. Its meetings are being worked out from its cadence.")
            return redirect("governance:board", pk=board.pk)
    return render(request, "governance/board_form.html", {
        "form": form, "title": "Set up a board", "back_url": reverse("governance:index"),
    })


@require_GET
def board_detail(request, pk: int):
    board = load(selectors.board_for_page, pk, request.user)
    require(can.can_view_board(request.user, board))
    past, coming = selectors.board_meetings(board, today=timezone.localdate())
    return render(request, "governance/board_detail.html", {
        "board": board,
        "cadence": selectors.cadence_words(board),
        "past": past,
        "coming": coming,
        "next": coming[0] if coming else None,
        "may_change": can.can_change_board(request.user, board),
    })


@require_http_methods(["GET", "POST"])
def board_edit(request, pk: int):
    board = load(selectors.board_for_change, pk, request.user)
    require(can.can_change_board(request.user, board))
    chairs = selectors.board_chair_candidates([board.area_id])
    form = BoardForm(request.POST or None, chairs=chairs, initial=BoardForm.initial_for(board))
    if request.method == "POST" and form.is_valid():
        try:
            services.board_update(board=board, by=request.user, **form.changes())
        except GovernanceError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The {board} is updated. Meetings to come follow its cadence.")
            return redirect("governance:board", pk=board.pk)
    return render(request, "governance/board_form.html", {
        "form": form, "board": board, "title": f"Change the {board}",
        "back_url": reverse("governance:board", args=[board.pk]),
    })


@require_http_methods(["GET", "POST"])
def member_add(request, pk: int):
    board = load(selectors.board_for_change, pk, request.user)
    require(can.can_change_board(request.user, board))
    form = BoardMemberForm(request.POST or None, people=selectors.people_in_area(board.area_id))
    if request.method == "POST" and form.is_valid():
        try:
            member = services.board_member_add(board=board, by=request.user, **form.cleaned_data)
        except GovernanceError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{member} is a member of the {board}.")
            return redirect("governance:board", pk=board.pk)
    return render(request, "governance/simple_form.html", {
        "form": form, "board": board, "title": "Add a member", "caption": str(board),
        "back_url": reverse("governance:board", args=[board.pk]),
    })


@require_POST
def member_remove(request, pk: int):
    member: BoardMember = load(selectors.member_for_change, pk, request.user)
    require(can.can_change_board(request.user, member.board))
    services.board_member_remove(member=member, by=request.user)
    messages.success(request, f"{member} is no longer a member of the {member.board}.")
    return redirect("governance:board", pk=member.board_id)
