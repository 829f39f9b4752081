"""Administrators' set-up pages: a rule or closure day edited there moves the stored deadlines."""
import json
from datetime import date

import pytest
from django.urls import reverse

from inspections.models import DeadlineRuleSetting, Milestone, NonWorkingDay
from inspections.services import milestones_recompute
from tests.inspections.factories import WsoaRequiredInspectionFactory
from wsoa.roles import Role


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(Role.ADMINISTRATOR))
    return client


def _wsoa_due(inspection) -> date:
    return Milestone.objects.get(inspection=inspection, key="wsoa_due").due


def test_editing_the_70_day_rule_in_the_admin_recomputes_every_2016_inspection(
    admin_client, db, django_capture_on_commit_callbacks
):
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
    assert (change.amount, change.history_user.email) == (60, "administrator@test.example.org")


def test_a_local_closure_day_added_in_the_admin_moves_the_deadline(
    admin_client, db, django_capture_on_commit_callbacks
):
    inspection = WsoaRequiredInspectionFactory()
    milestones_recompute(inspection_id=inspection.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:inspections_nonworkingday_add"),
            {"day": "15/12/2021", "name": "Council closure day", "area": inspection.area.pk},
        )
    assert response.status_code == 302
    assert NonWorkingDay.objects.count() == 1
    assert _wsoa_due(inspection) == date(2022, 3, 1)


def test_an_inconsistent_rule_is_refused_with_a_reason(admin_client, db):
    rule = DeadlineRuleSetting.objects.get(key="review_meetings_after_acceptance")
    url = reverse("admin:inspections_deadlinerulesetting_change", args=[rule.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: ("" if form.initial.get(name) is None else form.initial.get(name)) for name in form.fields}
    data.update(conditions=json.dumps(rule.conditions), unit="fortnights")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "unknown unit" in response.content.decode()
