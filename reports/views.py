"""The home page, dashboards and committee report pages: the top layer, reading every app below it."""
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions.selectors import actions_needing_update, subgroups_led_by
from governance.selectors import reports_owed_by
from inspections.selectors import milestones_for_person
from wsoa.roles import role_required, roles_of


@require_GET
def home(request):
    """What the signed-in person owes: their next deadlines, this month's updates and their subgroups' reports to
    the board's next meetings, in their own areas."""
    today = timezone.localdate()
    return render(
        request,
        "reports/home.html",
        {
            "roles": sorted(roles_of(request.user)),
            "due_next": milestones_for_person(request.user, today=today, limit=5),
            "updates_owed": actions_needing_update(request.user, today.replace(day=1)).count(),
            "subgroups": subgroups_led_by(request.user, today.replace(day=1)),
            "reports_owed": reports_owed_by(request.user, today=today),
            "this_month": today,
        },
    )


@role_required()
@require_GET
def dashboards(request):
    return render(request, "reports/dashboards.html")


@role_required()
@require_GET
def report_index(request):
    return render(request, "reports/report_index.html")
