"""An area's partners and closure days, and the national deadline rules, changed in the service's own pages:
who may, what a change moves (the deadlines, worked out again once it commits), and bad input in words."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from inspections.models import DeadlineRuleSetting, Milestone, NonWorkingDay, PartnerOrganisation
from inspections.schedules import milestones_recompute
from inspections.services import approvals_missing
from tests.inspections.barnsley import SOON_AFTER_THE_LETTER, WSOA_DUE
from tests.inspections.factories import LocalAreaFactory, WsoaRequiredInspectionFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: date | None) -> dict:
    if day is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


@pytest.fixture
def inspection():
    inspection = WsoaRequiredInspectionFactory()
    milestones_recompute(inspection_id=inspection.pk, today=SOON_AFTER_THE_LETTER)
    return inspection


@pytest.fixture
def admin(client, make_user, inspection):
    person = make_user(Role.ADMINISTRATOR, areas=[inspection.area])
    client.force_login(person)
    return person


@pytest.fixture
def clock():
    with time_machine.travel(SOON_AFTER_THE_LETTER, tick=False):
        yield


def _wsoa_due(inspection) -> date:
    return Milestone.objects.get(inspection=inspection, key="wsoa_due").due


def _partner_post(name, kind, *, starts_on=None, ends_on=None, successor=None) -> dict:
    return {"name": name, "kind": kind, **_date("starts_on", starts_on), **_date("ends_on", ends_on),
            "successor": successor.pk if successor else ""}


def test_an_administrator_adds_the_icb_and_ends_the_ccg_with_the_icb_as_its_successor(client, admin, inspection):
    area = inspection.area
    answer = client.post(reverse("inspections:partner_add", args=[area.pk]),
                         _partner_post("NHS Barnsley CCG", "ccg"))
    assert answer.status_code == 302
    client.post(reverse("inspections:partner_add", args=[area.pk]),
                _partner_post("South Yorkshire ICB", "icb", starts_on=date(2022, 7, 1)))
    ccg, icb = PartnerOrganisation.objects.get(kind="ccg"), PartnerOrganisation.objects.get(kind="icb")
    answer = client.post(reverse("inspections:partner_edit", args=[area.pk, ccg.pk]),
                         _partner_post("NHS Barnsley CCG", "ccg", ends_on=date(2022, 6, 30), successor=icb))
    assert answer.status_code == 302
    page = client.get(reverse("inspections:area_setup", args=[area.pk])).content.decode()
    assert "From the start until 30 June 2022" in page and "From 1 July 2022" in page
    inspection.refresh_from_db()
    assert approvals_missing(inspection, on=date(2022, 3, 1)) == [area.local_authority, "NHS Barnsley CCG"]
    assert approvals_missing(inspection, on=date(2022, 7, 1)) == [area.local_authority, "South Yorkshire ICB"]
    reasons = list(ccg.history.order_by("history_date").values_list("history_change_reason", "history_user"))
    assert reasons == [("Partner NHS Barnsley CCG added", admin.pk), ("Partner NHS Barnsley CCG changed", admin.pk)]


def test_a_partner_that_cannot_be_is_refused_in_words_and_nothing_is_saved(client, admin, inspection):
    area = inspection.area
    other_area_partner = PartnerOrganisation.objects.create(area=LocalAreaFactory(), name="Elsewhere ICB", kind="icb")
    url = reverse("inspections:partner_add", args=[area.pk])
    page = client.post(url, _partner_post("NHS Barnsley CCG", "ccg", starts_on=date(2022, 7, 1),
                                          ends_on=date(2022, 6, 30))).content.decode()
    assert "The end date must be the same as or after the start date" in page
    page = client.post(url, _partner_post("X", "ccg", successor=other_area_partner)).content.decode()
    assert "Select a valid choice" in page  # another area's partner is not on offer
    page = client.post(url, {**_partner_post("x" * 5000, "nonsense"), "starts_on_2": "99999999999999999999"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Name must be 200 characters or fewer" in text and "Date it started must" in text
    assert not area.partners.exists()


def test_a_closure_day_moves_the_deadline_past_it_and_removing_it_moves_it_back(
        client, admin, inspection, clock, tasks_in_process, django_capture_on_commit_callbacks):
    assert _wsoa_due(inspection) == WSOA_DUE
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("inspections:closure_add", args=[inspection.area.pk]),
                             {**_date("day", date(2022, 1, 5)), "name": "Council closure day"}, follow=True)
    assert "5 January 2022 is a closure day. The deadlines of 1 inspection are being worked out again." in \
        answer.content.decode()
    assert _wsoa_due(inspection) == date(2022, 3, 1)
    closure = NonWorkingDay.objects.get(area=inspection.area)
    assert closure.history.get().history_change_reason == "Closure day 2022-01-05 added"
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert "1 March 2022" in page or "1 Mar 2022" in page or "March 1, 2022" in page
    confirm = client.get(reverse("inspections:closure_remove", args=[inspection.area.pk, closure.pk]))
    assert "Remove the closure day of Wednesday 5 January 2022?" in confirm.content.decode()
    assert NonWorkingDay.objects.exists()  # asking is not removing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("inspections:closure_remove", args=[inspection.area.pk, closure.pk]))
    assert not NonWorkingDay.objects.exists() and _wsoa_due(inspection) == WSOA_DUE
    removed = NonWorkingDay.history.filter(history_type="-").get()
    assert removed.history_change_reason == "Closure day 2022-01-05 removed" and removed.history_user == admin


@pytest.mark.parametrize(("day", "words"), [
    (date(2022, 1, 8), "Saturday 8 January 2022 is a weekend or a bank holiday already"),
    (date(2022, 1, 3), "Monday 3 January 2022 is a weekend or a bank holiday already"),  # New Year, moved
])
def test_a_day_that_is_not_a_working_day_anyway_is_refused(client, admin, inspection, day, words):
    page = client.post(reverse("inspections:closure_add", args=[inspection.area.pk]),
                       {**_date("day", day), "name": "Closed"}).content.decode()
    assert words in page and not NonWorkingDay.objects.exists()


def test_the_same_closure_day_twice_and_bad_dates_are_refused_in_words(client, admin, inspection):
    url = reverse("inspections:closure_add", args=[inspection.area.pk])
    client.post(url, {**_date("day", date(2022, 1, 5)), "name": "Closed"})
    page = client.post(url, {**_date("day", date(2022, 1, 5)), "name": "Closed again"}).content.decode()
    assert "5 January 2022 is already a closure day of Barnsley" in page
    for bad in ({"day_0": "31", "day_1": "2", "day_2": "2022"}, {"day_0": "1", "day_1": "1", "day_2": "9" * 30}):
        answer = client.post(url, {**bad, "name": "Closed"})
        assert answer.status_code == 200 and "Date must" in answer.content.decode()
    assert NonWorkingDay.objects.count() == 1


def test_people_of_the_area_read_its_set_up_and_only_its_administrators_change_it(client, make_user, inspection):
    area = inspection.area
    closure = NonWorkingDay.objects.create(area=area, day=date(2022, 1, 5), name="Council closure day")
    partner = PartnerOrganisation.objects.create(area=area, name="NHS Barnsley CCG", kind="ccg")
    client.force_login(make_user(Role.OFFICER, areas=[area]))
    page = client.get(reverse("inspections:area_setup", args=[area.pk])).content.decode()
    assert "NHS Barnsley CCG" in page and "Council closure day" in page and "Add a closure day" not in page
    for url in (reverse("inspections:partner_add", args=[area.pk]),
                reverse("inspections:partner_edit", args=[area.pk, partner.pk]),
                reverse("inspections:closure_add", args=[area.pk]),
                reverse("inspections:closure_remove", args=[area.pk, closure.pk])):
        assert client.get(url).status_code == 403
        assert client.post(url, {**_date("day", date(2022, 1, 6)), "name": "x", "kind": "icb"}).status_code == 403
    assert client.get(reverse("inspections:rule_list")).status_code == 403
    assert NonWorkingDay.objects.count() == 1 and PartnerOrganisation.objects.count() == 1


def test_another_areas_administrator_finds_none_of_it(client, make_user, inspection):
    area = inspection.area
    closure = NonWorkingDay.objects.create(area=area, day=date(2022, 1, 5), name="Council closure day")
    partner = PartnerOrganisation.objects.create(area=area, name="NHS Barnsley CCG", kind="ccg")
    client.force_login(make_user(Role.ADMINISTRATOR, email="admin@elsewhere.example.org", areas=[LocalAreaFactory()]))
    for url in (reverse("inspections:area_setup", args=[area.pk]),
                reverse("inspections:partner_add", args=[area.pk]),
                reverse("inspections:partner_edit", args=[area.pk, partner.pk]),
                reverse("inspections:closure_add", args=[area.pk]),
                reverse("inspections:closure_remove", args=[area.pk, closure.pk])):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "x"}).status_code == 404
    assert NonWorkingDay.objects.filter(area=area).count() == 1


def test_administrators_read_the_rules_and_only_a_superuser_changes_one_which_moves_the_deadlines(
        client, admin, inspection, clock, tasks_in_process, django_capture_on_commit_callbacks, django_user_model):
    rule = DeadlineRuleSetting.objects.get(key="wsoa_due_from_received")
    listing = client.get(reverse("inspections:rule_list")).content.decode()
    assert "70 working days after the letter was received" in listing and rule.source[:40] in listing
    assert client.get(reverse("inspections:rule_edit", args=[rule.pk])).status_code == 403
    superuser = django_user_model.objects.create_superuser(email="root@example.org", password="x" * 20,
                                                           first_name="Root", last_name="User")
    client.force_login(superuser)
    fields = {"label": rule.label, "amount": "71", "unit": "working_days", "source": rule.source,
              "confidence": rule.confidence, "note": rule.note, "active": "on", "why": "Checking the count"}
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("inspections:rule_edit", args=[rule.pk]), fields, follow=True)
    assert "being worked out again" in answer.content.decode()
    assert _wsoa_due(inspection) == date(2022, 3, 1)
    rule.refresh_from_db()
    assert rule.amount == 71
    assert rule.history.latest().history_change_reason == "Deadline rule changed: Checking the count"
    page = client.post(reverse("inspections:rule_edit", args=[rule.pk]), {**fields, "amount": "2000000000"})
    assert "How long must be between 0 and 2,500 working days" in page.content.decode()
    page = client.post(reverse("inspections:rule_edit", args=[rule.pk]), {**fields, "unit": "fortnights", "why": ""})
    text = page.content.decode()
    assert 'id="id_unit-error"' in text and 'id="id_why-error"' in text  # both named at their fields
    rule.refresh_from_db()
    assert rule.amount == 71 and rule.unit == "working_days"
