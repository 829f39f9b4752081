"""A real worker writes a plan's export files after a change commits, so the next download only reads them."""
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from actions import services
from actions.plan_export import EXPORT_FOLDER, plan_data_version
from tests.actions.factories import ActionFactory, PlanFactory, StrandFactory, UserFactory
from tests.integration.conftest import wait_until
from wsoa.roles import Role

pytestmark = pytest.mark.integration


def test_after_an_edit_the_worker_writes_the_files_the_download_then_serves(celery_worker, client):
    plan = PlanFactory()
    strand = StrandFactory(plan=plan, number=1, title="Leadership")
    action = ActionFactory(strand=strand, reference="1.1", title="Publish the local offer")
    services.action_update(action=action, by=UserFactory(), expected_version=action.version, title="Retitled offer")
    plan = type(plan).objects.select_related("inspection__area").get(pk=plan.pk)
    folder = Path(settings.MEDIA_ROOT) / EXPORT_FOLDER
    expected = {f"plan-{plan.pk}-{plan_data_version(plan)}.{fmt}" for fmt in ("xlsx", "csv")}

    wait_until(lambda: expected <= {path.name for path in folder.glob(f"plan-{plan.pk}-*")}, timeout=30,
               what="the worker to write both export files")

    kept = (folder / f"plan-{plan.pk}-{plan_data_version(plan)}.csv").read_bytes()
    assert b"Retitled offer" in kept
    client.force_login(UserFactory(roles=[Role.BOARD_CHAIR]))
    assert client.get(reverse("actions:plan_export", args=[plan.pk, "csv"])).content == kept
