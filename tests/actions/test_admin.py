"""The admin site sets a plan up through the same services as the service pages, and leaves actions and updates
to the pages that check versions and reasons."""
from datetime import date

import pytest
from django.urls import reverse

from actions.models import Strand, Subgroup
from tests.actions.factories import (
    ActionFactory,
    ImpactMeasureFactory,
    MeasureReadingFactory,
    PlanFactory,
    ProgressUpdateFactory,
    StrandFactory,
    SubgroupFactory,
)
from tests.admin_forms import posted
from tests.inspections.factories import WeaknessFactory
from wsoa.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    # The administration site is for superusers only (tests/wsoa/test_admin.py).
    client.force_login(User.objects.create_superuser("root@test.example.org", "a-long-password-for-tests"))
    return client


def test_administrators_set_up_plans_subgroups_strands_and_measures(admin_client):
    strand = StrandFactory()
    for name in ("plan", "subgroup", "strand", "impactmeasure"):
        assert admin_client.get(reverse(f"admin:actions_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:actions_strand_change", args=[strand.pk])).status_code == 200


def test_actions_and_updates_are_read_only_in_the_admin_site(admin_client):
    action = ActionFactory()
    update = ProgressUpdateFactory(action=action)
    page = admin_client.get(reverse("admin:actions_action_change", args=[action.pk]))
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert admin_client.get(reverse("admin:actions_action_add")).status_code == 403
    assert admin_client.get(reverse("admin:actions_progressupdate_change", args=[update.pk])).status_code == 200
    response = admin_client.post(reverse("admin:actions_action_change", args=[action.pk]), {"title": "Changed"})
    action.refresh_from_db()
    assert response.status_code == 403 and action.title != "Changed"


def _page(client, obj, view="change"):
    url = reverse(f"admin:actions_{obj._meta.model_name}_{view}", args=[obj.pk])
    return url, client.get(url)


def test_a_strand_cannot_be_given_another_inspections_weakness_in_the_admin(admin_client):
    own = WeaknessFactory()
    strand = StrandFactory(plan=PlanFactory(inspection=own.inspection), weaknesses=[own])
    other = WeaknessFactory()  # the same area's other inspection
    url, page = _page(admin_client, strand)
    offered = page.context["adminform"].form.fields["weaknesses"].queryset
    assert list(offered) == [own]
    response = admin_client.post(url, posted(page, weaknesses=[own.pk, other.pk]))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert list(strand.weaknesses.all()) == [own]


def test_a_strand_added_in_the_admin_with_another_inspections_weakness_shows_the_services_refusal(admin_client):
    plan = PlanFactory()
    other = WeaknessFactory()
    url = reverse("admin:actions_strand_add")
    data = posted(admin_client.get(url), plan=plan.pk, number=1, title="Joint commissioning", weaknesses=[other.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Choose weaknesses from this plan&#x27;s inspection" in response.content.decode()
    assert not Strand.objects.exists()


def test_a_strand_cannot_be_moved_to_another_plans_subgroup_in_the_admin(admin_client):
    strand = StrandFactory()
    elsewhere = SubgroupFactory()
    url, page = _page(admin_client, strand)
    response = admin_client.post(url, posted(page, subgroup=elsewhere.pk))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    strand.refresh_from_db()
    assert strand.subgroup != elsewhere


def _reason_and_person(obj) -> tuple[str, str]:
    record = obj.history.latest("history_id")
    return record.history_change_reason, record.history_user.email


def test_admin_saves_go_through_the_services_and_name_who_and_why(admin_client):
    strand = StrandFactory()
    person = admin_client.get(reverse("admin:index")).context["user"].email
    for obj, changes, words in (
        (strand.plan, {"reminder_day": 3}, "reminder day"),
        (strand.subgroup, {"name": "Identifying needs"}, "name"),
        (strand, {"title": "Identifying needs early"}, "title"),
    ):
        url, page = _page(admin_client, obj)
        assert admin_client.post(url, posted(page, **changes)).status_code == 302, obj
        assert _reason_and_person(obj) == (f"Changed in the administration site: {words}", person)
    strand.refresh_from_db()
    assert strand.title == "Identifying needs early"


def test_a_subgroup_added_in_the_admin_is_attributed(admin_client):
    plan = PlanFactory()
    url = reverse("admin:actions_subgroup_add")
    data = posted(admin_client.get(url), plan=plan.pk, name="Preparing for adulthood")
    assert admin_client.post(url, data).status_code == 302
    subgroup = Subgroup.objects.get(name="Preparing for adulthood")
    reason, person = _reason_and_person(subgroup)
    assert reason == "Added in the administration site. Subgroup added" and person == "root@test.example.org"


def test_measures_and_readings_are_read_only_in_the_admin_site(admin_client):
    measure = ImpactMeasureFactory(name="Plans within 20 weeks")
    MeasureReadingFactory(measure=measure, period=date(2023, 1, 1), value=40)
    url, page = _page(admin_client, measure)
    assert page.status_code == 200 and "Plans within 20 weeks" in page.content.decode()
    assert 'name="target"' not in page.content.decode() and 'name="readings-0-value"' not in page.content.decode()
    assert admin_client.get(reverse("admin:actions_impactmeasure_add")).status_code == 403
    response = admin_client.post(url, {"name": "Changed", "target": "95"})
    measure.refresh_from_db()
    assert response.status_code == 403 and measure.name == "Plans within 20 weeks"


def test_an_action_cannot_be_reverted_or_rewritten_from_its_history_page(admin_client):
    action = ActionFactory(title="Audit EHC plans")
    version = action.history.latest("history_id").history_id
    url = reverse("admin:actions_action_simple_history", args=[action.pk, version])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"title": "Rewritten", "rating": "red", "reference": action.reference})
    assert response.status_code == 403
    action.refresh_from_db()
    assert (action.title, action.rating) == ("Audit EHC plans", "green")
