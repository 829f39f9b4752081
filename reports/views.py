"""The home page, dashboards and committee report pages: the top layer, reading every app below it."""
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from actions.past_day import ON, day_asked
from actions.selectors import actions_needing_update, subgroups_led_by
from governance.models import Meeting
from governance.selectors import reports_owed_by
from inspections.dates import long_date, weekday_and_date
from inspections.selectors import milestones_for_person
from wsoa.outbox import failed_count_for
from wsoa.roles import role_required, roles_of

from . import permissions as can
from . import selectors, services
from .dashboard import compare, dashboard_day, meeting_dashboard
from .dashboard.shapes import plain
from .errors import ReportsError
from .forms import DashboardDayForm

_PICKED = tuple(f"{ON}_{box}" for box in range(3))  # the date picker's day, month and year boxes


@require_GET
def home(request):
    """What the signed-in person owes: their next deadlines, this month's updates and their subgroups' reports to
    the board's next meetings, in their own areas."""
    today = timezone.localdate()
    subgroups = subgroups_led_by(request.user, today.replace(day=1))
    return render(
        request,
        "reports/home.html",
        {
            "roles": sorted(roles_of(request.user)),
            "due_next": milestones_for_person(request.user, today=today, limit=5),
            "updates_owed": actions_needing_update(request.user, today.replace(day=1)).count(),
            "subgroups": subgroups,
            # A subgroup's reports are its lead's to write: someone who leads none in their areas owes none.
            "reports_owed": reports_owed_by(request.user, today=today) if subgroups else [],
            "this_month": today,
            "emails_not_sent": failed_count_for(request.user),
        },
    )


@role_required()
@require_GET
def dashboards(request):
    """The boards of my areas, each with its next meeting's dashboard and its recent ones'."""
    return render(request, "reports/dashboards.html", {
        "boards": selectors.boards_with_meetings(request.user, today=timezone.localdate()),
    })


def _meeting(request, pk: int) -> Meeting:
    try:
        meeting = selectors.meeting_for_dashboard(pk, user=request.user)
    except Meeting.DoesNotExist:
        raise Http404("Not found") from None
    if not can.can_view_dashboard(request.user, meeting):
        raise PermissionDenied
    return meeting


def _day_problem(request, form: DashboardDayForm, problems=()):
    """The day asked for cannot be read: say so, and offer the picker again (nothing of the text is echoed)."""
    return render(request, "reports/dashboard_day_problem.html", {
        "form": form, "problems": [{"href": "#id_on_0", "message": text} for text in problems],
        "page_url": request.path,
    }, status=400)


@require_GET
def meeting_dashboard_page(request, pk: int):
    """The meeting's dashboard: the pack as issued once it has been (``?live=1``: the live figures compared with
    it), otherwise the live figures; ``?on=`` for the position at the end of another day."""
    meeting = _meeting(request, pk)
    today = timezone.localdate()
    if ON not in request.GET and any(name in request.GET for name in _PICKED):
        form = DashboardDayForm(request.GET, today=today)
        if not form.is_valid():
            return _day_problem(request, form)
        return redirect(f"{request.path}?{urlencode({ON: form.cleaned_data['on'].isoformat()})}")
    asked = day_asked(request.GET.get(ON), today=today)
    if asked.problem:
        return _day_problem(request, DashboardDayForm(today=today), problems=[asked.problem])
    if asked.after_today:
        messages.info(request, f"{weekday_and_date(asked.after_today)} is after today, so this is today's position.")
    snapshot = selectors.snapshot_of(meeting)
    live = request.GET.get("live") == "1" or ON in request.GET
    if snapshot and not live:
        data, day = snapshot.data, snapshot.day
    else:
        day = asked.day or (today if ON in request.GET else dashboard_day(meeting, today))
        data = plain(meeting_dashboard(meeting=meeting, day=day, today=today))
    compared = snapshot and live and ON not in request.GET
    return render(request, "reports/meeting_dashboard.html", {
        "meeting": meeting, "data": data, "snapshot": snapshot, "live": live, "past": asked.day is not None,
        "issued_words": long_date(timezone.localdate(snapshot.issued_at)) if snapshot else "",
        "differences": compare.differences(snapshot.data, data) if compared else None,
        "page_url": request.path,
        "day_form": DashboardDayForm(today=today, initial={ON: day}),
        "may_issue": snapshot is None and meeting.status != Meeting.Status.CANCELLED
        and can.can_issue_pack(request.user, meeting),
    })


@require_POST
def meeting_pack_issue(request, pk: int):
    meeting = _meeting(request, pk)
    if not can.can_issue_pack(request.user, meeting):
        raise PermissionDenied
    try:
        services.meeting_pack_issue(meeting=meeting, by=request.user)
    except ReportsError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The pack is issued: this dashboard now shows what the board was sent.")
    return redirect("reports:dashboard", pk=meeting.pk)
