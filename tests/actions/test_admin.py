"""The admin site sets a plan up, but leaves actions and updates to the pages that check versions and reasons."""
import pytest
from django.urls import reverse

from tests.actions.factories import ActionFactory, ProgressUpdateFactory, StrandFactory, UserFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True))
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
