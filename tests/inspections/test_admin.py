"""Administrators' set-up pages: a rule or closure day edited there moves the stored deadlines; an inspection's
lifecycle is not edited there, and its other details pass the same checks as on the service's pages."""
import json
from datetime import date

import pytest
from django.urls import reverse

from inspections.models import DeadlineRuleSetting, Inspection, LifecycleEvent, Milestone
from inspections.schedules import milestones_recompute
from tests.admin_forms import posted
from tests.inspections.factories import WsoaRequiredInspectionFactory
from wsoa.models import User
from wsoa.roles import Role


@pytest.fixture
def admin_client(client, db):
    """The administration site is for superusers only (tests/wsoa/test_admin.py)."""
    client.force_login(User.objects.create_superuser("administrator@test.example.org", "a-long-password-for-tests"))
    return client


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("root@test.example.org", "a-long-password-for-tests"))
    return client


def _wsoa_due(inspection) -> date:
    return Milestone.objects.get(inspection=inspection, key="wsoa_due").due


def test_editing_the_70_day_rule_in_the_admin_recomputes_every_2016_inspection(
    superuser_client, db, django_capture_on_commit_callbacks
):
    admin_client = superuser_client
    inspection = WsoaRequiredInspectionFactory()
    milestones_recompute(inspection_id=inspection.pk)
    assert _wsoa_due(inspection) == date(2022, 2, 28)
    rule = DeadlineRuleSetting.objects.get(key="wsoa_due_from_received")
    url = reverse("admin:inspections_deadlinerulesetting_change", args=[rule.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data.update(amount=60, conditions="{}" if not rule.conditions else json.dumps(rule.conditions))
    for flag in ("requires_wsoa", "official_deadline_overrides", "estimated", "active"):
        if not data[flag]:
            data.pop(flag)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _wsoa_due(inspection) == date(2022, 2, 14)  # 60 working days after 17 November 2021
    change = rule.history.latest()
    assert (change.amount, change.history_user.email) == (60, "root@test.example.org")
    assert change.history_change_reason.startswith("Changed in the administration site: amount")


def test_an_inconsistent_rule_is_refused_with_a_reason(superuser_client, db):
    admin_client = superuser_client
    rule = DeadlineRuleSetting.objects.get(key="review_meetings_after_acceptance")
    url = reverse("admin:inspections_deadlinerulesetting_change", args=[rule.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: ("" if form.initial.get(name) is None else form.initial.get(name)) for name in form.fields}
    data.update(conditions=json.dumps(rule.conditions), unit="fortnights")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "unknown unit" in response.content.decode()


def _inspection_page(client, inspection):
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    return url, client.get(url)


def test_an_inspections_status_decision_and_lifecycle_dates_cannot_be_changed_in_the_admin(admin_client, db):
    inspection = WsoaRequiredInspectionFactory()
    url, page = _inspection_page(admin_client, inspection)
    lifecycle = {
        "status": "closed", "decision": "not_fit", "submitted_on": "01/02/2022", "decided_on": "02/02/2022",
        "resubmitted_on": "03/02/2022", "accepted_on": "04/02/2022", "revisit_published_on": "05/02/2022",
        "closed_on": "06/02/2022",
    }
    for name in lifecycle:
        assert f'name="{name}"' not in page.content.decode()
    response = admin_client.post(url, posted(page, lead_inspector="A. Inspector", **lifecycle))
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.lead_inspector == "A. Inspector"  # its other details are saved
    assert (inspection.status, inspection.decision) == (Inspection.Status.DRAFT, "")
    assert [getattr(inspection, name) for name in lifecycle if name.endswith("_on")] == [None] * 6
    assert not LifecycleEvent.objects.exists()


def test_inspection_dates_saved_in_the_admin_pass_the_services_checks(admin_client, db):
    inspection = WsoaRequiredInspectionFactory()
    url, page = _inspection_page(admin_client, inspection)
    response = admin_client.post(url, posted(page, received_on="20/09/2021"))
    assert response.status_code == 200
    assert "The letter cannot be received before the inspection ended" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.received_on == date(2021, 11, 17)


def test_an_inspection_saved_in_the_admin_moves_its_deadlines_and_names_who_and_why(
    admin_client, db, django_capture_on_commit_callbacks
):
    inspection = WsoaRequiredInspectionFactory()
    milestones_recompute(inspection_id=inspection.pk)
    url, page = _inspection_page(admin_client, inspection)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, posted(page, received_on="18/11/2021"))
    assert response.status_code == 302
    assert _wsoa_due(inspection) == date(2022, 3, 1)  # 70 working days after Thursday 18 November 2021
    record = inspection.history.latest()
    assert record.history_user.email == "administrator@test.example.org"
    assert record.history_change_reason == "Changed in the administration site: final letter received"


def test_inspections_are_added_on_the_service_pages_not_in_the_admin(admin_client, db):
    assert admin_client.get(reverse("admin:inspections_inspection_add")).status_code == 403


def test_people_of_another_area_cannot_be_made_responsible_for_an_inspection(admin_client, make_user, db):
    inspection = WsoaRequiredInspectionFactory()
    elsewhere = make_user(Role.OFFICER, "officer@elsewhere.example.org", areas=[])
    url, page = _inspection_page(admin_client, inspection)
    response = admin_client.post(url, posted(page, responsible_people=[elsewhere.pk]))
    assert response.status_code == 200 and "has no role in Barnsley" in response.content.decode()
    assert not inspection.responsible_people.exists()


def test_partners_and_closure_days_are_kept_on_the_service_pages_not_in_the_admin(superuser_client, db):
    inspection = WsoaRequiredInspectionFactory()
    area_page = superuser_client.get(reverse("admin:inspections_localarea_change", args=[inspection.area.pk]))
    assert area_page.status_code == 200 and "Partner organisations" not in area_page.content.decode()
    assert superuser_client.get("/admin/inspections/nonworkingday/").status_code == 404
