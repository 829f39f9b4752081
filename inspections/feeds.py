"""Milestones as iCalendar feeds that Outlook subscribes to, opened by a private per-person token."""
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe
from icalendar import Alarm, Calendar, Event, vText

from wsoa.roles import is_administrator

from . import permissions as can
from . import selectors
from .models import CalendarToken, Milestone, new_calendar_token

# Outlook polls on its own timetable; this only stops a burst of refreshes from reaching the database.
CACHE_CONTROL = "private, max-age=900"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@require_http_methods(["GET", "POST"])
def calendar_subscribe(request):
    if not can.can_view_inspections(request.user):
        raise PermissionDenied
    if request.method == "POST":
        renewing = CalendarToken.objects.filter(user=request.user).exists()
        calendar_token_renew(user=request.user)
        messages.success(request, (
            "You have new calendar addresses. The old ones no longer work: subscribe again in Outlook."
            if renewing else "Your calendar addresses are ready."
        ))
        return redirect("inspections:calendar_subscribe")
    token = CalendarToken.objects.filter(user=request.user).values_list("token", flat=True).first()
    inspection_feeds = []
    if token:
        inspection_feeds = [
            {"inspection": inspection,
             "url": absolute_url(reverse("inspections:inspection_feed", args=[token, inspection.pk]))}
            for inspection in selectors.inspections_for_list(request.user)
        ]
    return render(request, "inspections/calendar_subscribe.html", {
        "my_feed_url": absolute_url(reverse("inspections:my_feed", args=[token])) if token else "",
        "inspection_feeds": inspection_feeds,
        "sees_every_inspection": is_administrator(request.user),
    })


def _person_for(token: str):
    """The token's owner, if they may still see inspections; otherwise a 404 that says nothing of why."""
    calendar_token = CalendarToken.objects.select_related("user").filter(token=token).first()
    if calendar_token is None or not calendar_token.user.is_active or not can.can_view_inspections(calendar_token.user):
        raise Http404
    return calendar_token.user


@login_not_required  # Outlook cannot sign in: the token in the address is the credential.
@require_safe
def my_milestones_feed(request, token: str):
    person = _person_for(token)
    milestones = selectors.milestones_for_person(person, today=timezone.localdate())
    return _calendar_response(milestones, name="My SEND deadlines")


@login_not_required  # Outlook cannot sign in: the token in the address is the credential.
@require_safe
def inspection_feed(request, token: str, pk: int):
    person = _person_for(token)
    inspection = selectors.inspection_with_milestones(pk, user=person)
    if inspection is None:
        raise Http404
    return _calendar_response(inspection.milestones.all(), name=f"{inspection.area.name} SEND deadlines")


def _calendar_response(milestones: Iterable[Milestone], *, name: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.COUNCIL_NAME}//SEND improvement plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An X- property has no type, so icalendar writes it as it is: a line break in an area's name would end the
    # line (and break the feed). As text, it is escaped like every other property.
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for milestone in milestones:
        calendar.add_component(milestone_event(milestone, stamp=stamp))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slugify(name)}.ics"'
    response["Cache-Control"] = CACHE_CONTROL
    return response


def milestone_event(milestone: Milestone, *, stamp: datetime) -> Event:
    """One all-day event on the due date; its UID never changes, so a moved deadline moves in Outlook."""
    inspection = milestone.inspection
    met = milestone.status == Milestone.Status.MET
    summary = f"{'Met: ' if met else ''}{milestone} – {inspection.area.name}"
    if milestone.estimated:
        summary += " (estimated)"
    page = absolute_url(reverse("inspections:detail", args=[inspection.pk]))
    event = Event.new(
        uid=f"milestone-{milestone.pk}@{urlsplit(settings.SITE_URL).hostname}",
        summary=summary,
        start=milestone.due,
        end=milestone.due + timedelta(days=1),
        stamp=stamp,
        description=f"{milestone.explanation}\n\nRule: {milestone.source}\n\nInspection: {page}",
        url=page,
        # A deadline is not a meeting: it should not show the person as busy all day.
        transparency="TRANSPARENT",
    )
    if not met:
        alarm = Alarm.new(description=f"Due tomorrow: {summary}")
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-1))
        event.add_component(alarm)
    return event


# The only write of this module: a new random token replaces the old one, so every old address stops working.
def calendar_token_renew(*, user) -> CalendarToken:
    with transaction.atomic():
        calendar_token, _ = CalendarToken.objects.update_or_create(user=user, defaults={"token": new_calendar_token()})
    return calendar_token
