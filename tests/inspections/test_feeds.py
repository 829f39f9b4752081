"""Calendar feeds: what Outlook receives, who may open a feed by its token, and the page that gives the addresses."""
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from inspections.feeds import calendar_token_renew
from inspections.models import CalendarToken, Inspection, LocalArea, Milestone
from wsoa.roles import Role

SITE_URL = "https://send.barnsley.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL
    settings.COUNCIL_NAME = "Barnsley Metropolitan Borough Council"


@pytest.fixture
def inspection(db):
    area = LocalArea.objects.create(name="Barnsley", local_authority="Barnsley Metropolitan Borough Council")
    return Inspection.objects.create(
        area=area,
        framework="2016",
        starts_on=date(2021, 9, 20),
        ends_on=date(2021, 9, 24),
        received_on=date(2021, 11, 17),
        published_on=date(2021, 11, 19),
        outcome=Inspection.Outcome.WSOA_REQUIRED,
    )


@pytest.fixture
def officer(make_user, inspection):
    person = make_user(Role.OFFICER)
    inspection.responsible_people.add(person)
    return person


def add_milestone(inspection: Inspection, number: int = 1, **fields) -> Milestone:
    values = {
        "key": "wsoa_due",
        "sequence": number,
        "label": "Written Statement of Action due",
        "due": date(2022, 2, 28),
        "rule_key": "wsoa-2016",
        "rule_label": "70 working days after the letter",
        "source": "Joint inspection handbook, paragraph 114",
        "confidence": "high",
        "explanation": "70 working days after the final letter was received on 17 November 2021.",
    } | fields
    return Milestone.objects.create(inspection=inspection, **values)


def token_for(person) -> str:
    return calendar_token_renew(user=person).token


def feed(client, name: str, *args):
    return client.get(reverse(f"inspections:{name}", args=args))


def events_of(response) -> list:
    return Calendar.from_ical(response.content).walk("VEVENT")


def events_by_summary(response) -> dict:
    return {str(event["SUMMARY"]): event for event in events_of(response)}


def test_inspection_feed_is_an_all_day_event_per_milestone(client, officer, inspection):
    add_milestone(inspection)
    add_milestone(inspection, key="review", sequence=1, label="First review meeting", due=date(2022, 6, 6))

    response = feed(client, "inspection_feed", token_for(officer), inspection.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="barnsley-send-deadlines.ics"'
    assert response["Cache-Control"] == "private, max-age=900"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["PRODID"]) == "-//Barnsley Metropolitan Borough Council//SEND improvement plan//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Barnsley SEND deadlines"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/London"
    events = events_by_summary(response)
    assert set(events) == {
        "Written Statement of Action due – Barnsley",
        "First review meeting – Barnsley",
    }
    event = events["Written Statement of Action due – Barnsley"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert type(start) is date and type(end) is date
    assert (start, end) == (date(2022, 2, 28), date(2022, 3, 1))
    assert "VALUE=DATE" in event.to_ical().decode()
    assert isinstance(event.decoded("DTSTAMP"), datetime)


def test_event_says_why_the_date_is_due_and_links_to_the_inspection(client, officer, inspection):
    add_milestone(inspection)

    [event] = events_of(feed(client, "inspection_feed", token_for(officer), inspection.pk))

    page = f"{SITE_URL}/inspections/{inspection.pk}/"
    description = str(event["DESCRIPTION"])
    assert "70 working days after the final letter" in description
    assert "Joint inspection handbook, paragraph 114" in description
    assert page in description
    assert str(event["URL"]) == page


def test_event_uids_stay_the_same_from_one_request_to_the_next(client, officer, inspection):
    milestones = [add_milestone(inspection, number) for number in (1, 2)]
    token = token_for(officer)

    first = [str(event["UID"]) for event in events_of(feed(client, "inspection_feed", token, inspection.pk))]
    second = [str(event["UID"]) for event in events_of(feed(client, "inspection_feed", token, inspection.pk))]

    assert first == second
    assert sorted(first) == sorted(f"milestone-{m.pk}@send.barnsley.example.org" for m in milestones)


def test_estimated_and_met_milestones_say_so_and_only_open_ones_remind(client, officer, inspection):
    add_milestone(inspection, 1, label="Revisit", estimated=True)
    add_milestone(inspection, 2, label="Plan submitted", status=Milestone.Status.MET, met_on=date(2022, 2, 20))

    events = events_by_summary(feed(client, "inspection_feed", token_for(officer), inspection.pk))

    assert set(events) == {"Revisit – Barnsley (estimated)", "Met: Plan submitted – Barnsley"}
    [alarm] = events["Revisit – Barnsley (estimated)"].walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)
    assert events["Met: Plan submitted – Barnsley"].walk("VALARM") == []


def test_my_feed_has_the_open_milestones_of_my_inspections_only(client, officer, inspection):
    add_milestone(inspection, 1, label="Mine and open")
    add_milestone(inspection, 2, label="Mine but met", status=Milestone.Status.MET)
    other_area = LocalArea.objects.create(name="Wigan", local_authority="Wigan Council")
    other = Inspection.objects.create(
        area=other_area, framework="2016", starts_on=date(2022, 1, 10), ends_on=date(2022, 1, 14),
        received_on=date(2022, 3, 1), outcome=Inspection.Outcome.WSOA_REQUIRED,
    )
    add_milestone(other, 1, label="Someone else's")

    response = feed(client, "my_feed", token_for(officer))

    assert response.status_code == 200
    assert str(Calendar.from_ical(response.content)["X-WR-CALNAME"]) == "My SEND deadlines"
    assert response["Content-Disposition"] == 'inline; filename="my-send-deadlines.ics"'
    assert set(events_by_summary(response)) == {"Mine and open – Barnsley"}


def test_an_unknown_token_is_not_found(client, officer, inspection):
    token_for(officer)

    assert feed(client, "my_feed", "not-a-token").status_code == 404
    assert feed(client, "inspection_feed", "not-a-token", inspection.pk).status_code == 404


def test_an_unknown_inspection_is_not_found(client, officer, inspection):
    assert feed(client, "inspection_feed", token_for(officer), inspection.pk + 1000).status_code == 404


def test_the_token_of_someone_who_has_left_is_not_found(client, officer, inspection):
    token = token_for(officer)
    officer.is_active = False
    officer.save()

    assert feed(client, "my_feed", token).status_code == 404
    assert feed(client, "inspection_feed", token, inspection.pk).status_code == 404


def test_the_token_of_someone_without_a_role_is_not_found(client, make_user, inspection):
    token = token_for(make_user(None))

    assert feed(client, "my_feed", token).status_code == 404
    assert feed(client, "inspection_feed", token, inspection.pk).status_code == 404


def test_a_feed_needs_no_session_and_sets_no_cookie(officer, inspection):
    add_milestone(inspection)
    outlook = Client()

    response = feed(outlook, "inspection_feed", token_for(officer), inspection.pk)

    assert response.status_code == 200
    assert not response.cookies
    assert len(events_of(response)) == 1


def test_a_feed_cannot_be_posted_to(client, officer, inspection):
    assert client.post(reverse("inspections:my_feed", args=[token_for(officer)])).status_code == 405


def test_subscribe_page_needs_sign_in(client, db):
    response = client.get(reverse("inspections:calendar_subscribe"))

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_subscribe_page_is_forbidden_to_someone_without_a_role(client, make_user):
    client.force_login(make_user(None))

    assert client.get(reverse("inspections:calendar_subscribe")).status_code == 403


def test_subscribe_page_offers_to_create_an_address_without_writing_on_a_visit(client, officer):
    client.force_login(officer)

    page = client.get(reverse("inspections:calendar_subscribe")).content.decode()

    assert "Create my calendar address" in page
    assert ".ics" not in page
    assert not CalendarToken.objects.filter(user=officer).exists()


def test_subscribe_page_shows_absolute_addresses_for_me_and_each_inspection(client, officer, inspection):
    client.force_login(officer)

    response = client.post(reverse("inspections:calendar_subscribe"), follow=True)

    page = response.content.decode()
    token = CalendarToken.objects.get(user=officer).token
    assert "<h1 class=\"govuk-heading-l\">Subscribe to deadlines in your calendar</h1>" in page
    assert f'value="{SITE_URL}/inspections/calendar/{token}/mine.ics"' in page
    assert f'value="{SITE_URL}/inspections/calendar/{token}/inspection-{inspection.pk}.ics"' in page
    assert "readonly" in page and "govuk-warning-text" in page
    assert "Subscribe from web" in page
    assert "Create a new address" in page


def test_a_new_address_stops_the_old_one_working(client, officer, inspection):
    old = token_for(officer)
    client.force_login(officer)

    response = client.post(reverse("inspections:calendar_subscribe"))

    assert response.status_code == 302
    new = CalendarToken.objects.get(user=officer).token
    assert new != old
    outlook = Client()
    assert feed(outlook, "my_feed", old).status_code == 404
    assert feed(outlook, "inspection_feed", old, inspection.pk).status_code == 404
    assert feed(outlook, "my_feed", new).status_code == 200
    assert feed(outlook, "inspection_feed", new, inspection.pk).status_code == 200


def test_a_new_address_needs_the_form_from_this_service(officer):
    old = token_for(officer)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)

    assert strict.post(reverse("inspections:calendar_subscribe")).status_code == 403
    assert CalendarToken.objects.get(user=officer).token == old


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["my_feed", "inspection_feed"])
def test_queries_do_not_grow_with_the_number_of_milestones(client, officer, inspection, name):
    token = token_for(officer)
    args = [token] if name == "my_feed" else [token, inspection.pk]
    url = reverse(f"inspections:{name}", args=args)
    for number in range(1, 4):
        add_milestone(inspection, number)
    with_3 = _queries_for(Client(), url)
    for number in range(4, 31):
        add_milestone(inspection, number)

    with_30 = _queries_for(Client(), url)

    assert with_30 == with_3 <= 6
    assert len(events_of(Client().get(url))) == 30


def test_text_with_newlines_semicolons_and_commas_comes_back_unchanged(client, officer, inspection):
    awkward = "Review; then report,\nBEGIN:VEVENT\r\nSUMMARY:injected"
    add_milestone(inspection, label=awkward, explanation="Line one;\nline two, with END:VCALENDAR")

    response = feed(client, "inspection_feed", token_for(officer), inspection.pk)

    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{awkward.replace(chr(13), '')} – Barnsley"
    assert str(event["DESCRIPTION"]).startswith("Line one;\nline two, with END:VCALENDAR")
    assert b"\nSUMMARY:injected" not in response.content


def test_an_area_name_with_a_line_break_stays_inside_the_calendars_name(client, officer, inspection):
    inspection.area.name = "Barnsley\r\nX-WR-CALNAME:injected"
    inspection.area.save()

    response = feed(client, "inspection_feed", token_for(officer), inspection.pk)

    assert response.status_code == 200
    assert str(Calendar.from_ical(response.content)["X-WR-CALNAME"]).startswith("Barnsley")
    assert b"\nX-WR-CALNAME:injected" not in response.content
