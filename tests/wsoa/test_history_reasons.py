"""Every change to plan data is attributable: each history record says why, in words."""
from datetime import date, timedelta

import pytest
from django.apps import apps
from simple_history.models import HistoricalChanges

from actions import services
from tests.actions.conftest import World

pytestmark = pytest.mark.django_db


def _historical_models():
    """Every history table that records saves (the tables of many-to-many changes hang off those records)."""
    return [
        model for model in apps.get_models()
        if issubclass(model, HistoricalChanges) and any(f.name == "history_change_reason" for f in model._meta.fields)
    ]


def test_every_history_record_of_the_demo_has_a_reason_in_words(demo_loaded):
    models = _historical_models()
    assert len(models) >= 15
    blank = {model.__name__: model.objects.filter(history_change_reason__isnull=True).count()
             + model.objects.filter(history_change_reason="").count() for model in models}
    assert {name: count for name, count in blank.items() if count} == {}


def test_services_say_what_they_did(world: World):
    admin = world.people["administrator"]
    action = services.action_create(strand=world.strand, by=admin, reference="1.4", title="Audit plans",
                                    due_date=date.today() + timedelta(days=30))
    services.action_update(action=action, by=admin, expected_version=action.version, title="Audit twenty plans",
                           partners="Schools forum")
    strand = services.strand_create(plan=world.plan, by=admin, number=7, title="Transitions")
    services.strand_update(strand=strand, by=admin, title="Transitions to adulthood")
    reasons = list(action.history.order_by("history_date", "history_id").values_list("history_change_reason",
                                                                                      flat=True))
    assert reasons == ["Action added. Added as Not started", "Edited: title, partners"]
    assert list(strand.history.order_by("history_date").values_list("history_change_reason", flat=True)) == [
        "Strand added", "Changed: title"]


def test_a_save_outside_the_services_still_gets_words(world: World):
    world.action.title = "Changed in a shell"
    world.action.save()
    assert world.action.history.latest().history_change_reason == "Changed"


def test_inspection_writes_say_what_they_did(make_user):
    from inspections import services as inspection_services
    from tests.inspections.factories import BarnsleyAreaFactory
    from wsoa.roles import Role

    admin = make_user(Role.ADMINISTRATOR)
    inspection = inspection_services.inspection_create(
        by=admin, area=BarnsleyAreaFactory(), framework="2016", starts_on=date(2021, 9, 20),
        ends_on=date(2021, 9, 24), outcome="wsoa_required", today=date(2022, 1, 10),
    )
    inspection_services.inspection_update(inspection=inspection, by=admin, received_on=date(2021, 11, 17),
                                          today=date(2022, 1, 10))
    reasons = list(inspection.history.order_by("history_date", "history_id").values_list("history_change_reason",
                                                                                          flat=True))
    assert reasons[0] == "Inspection added" and reasons[-1] == "Changed: final letter received"
