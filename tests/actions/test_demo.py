"""The demo plan: loaded twice it is the same plan, Jo owes exactly three updates, every change is attributed."""
from collections import Counter
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from actions.models import Action, ImpactMeasure, MeasureReading, Plan, ProgressUpdate, Strand, Subgroup
from actions.ratings import is_worse
from actions.reminders import update_cycle_for, update_reminders_send
from actions.selectors import actions_needing_update
from inspections.selectors import working_day_calendar
from wsoa.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo_data", "--quiet-logins", stdout=StringIO())
    return Plan.objects.select_related("inspection__area").get(inspection__area__name="Demo Borough")


def this_month():
    return timezone.localdate().replace(day=1)


def snapshot() -> dict:
    models = (Plan, Subgroup, Strand, Action, ProgressUpdate, ImpactMeasure, MeasureReading)
    counts = {model.__name__: model.objects.count() for model in models}
    counts.update({f"history of {model.__name__}": model.history.count() for model in models})
    counts["people"] = User.objects.count()
    counts["actions"] = sorted(Action.objects.values_list("reference", "rating", "version", "completed_on"))
    return counts


def test_loading_the_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("demo_data", "--quiet-logins", stdout=StringIO())
    assert snapshot() == before


def test_jo_smith_owes_exactly_three_updates_this_month(demo, client):
    jo = User.objects.get(email="officer@demo.example.org")
    owed = list(actions_needing_update(jo, this_month()))
    assert len(owed) == 3
    led = Action.objects.filter(lead_officer=jo)
    assert led.filter(completed_on__isnull=True).count() > 3  # and some already updated this month
    assert led.filter(completed_on__isnull=False).exists()

    client.force_login(jo)
    page = client.get(reverse("actions:my_actions")).content.decode()
    assert f"({len(owed)})" in page
    for action in owed:
        assert escape(f"{action.reference} {action.title}") in page


def test_every_action_and_update_has_history_with_a_person(demo):
    actions = Action.objects.filter(plan=demo)
    assert actions.count() >= 24
    for action in actions:
        records = list(action.history.all())
        assert records, action.reference
        assert all(record.history_user_id for record in records), action.reference
    assert not ProgressUpdate.history.filter(history_user__isnull=True).exists()
    assert not ProgressUpdate.objects.filter(action__plan=demo, author__isnull=True).exists()
    led = ProgressUpdate.objects.filter(action__plan=demo, action__lead_officer__isnull=False)
    assert all(update.author_id == update.action.lead_officer_id for update in led.select_related("action"))


def test_history_is_dated_in_the_month_each_update_reports_on(demo):
    first_saved = {}
    for record in ProgressUpdate.history.order_by("-history_date"):
        first_saved[record.id] = timezone.localtime(record.history_date).date()
    for update in ProgressUpdate.objects.filter(action__plan=demo):
        posted = first_saved[update.pk]
        assert update.month <= posted < update.month + relativedelta(months=1), update
        assert timezone.localdate(update.created_at) == posted


def test_the_plan_follows_the_demo_inspection_one_subgroup_per_weakness(demo):
    weaknesses = list(demo.inspection.weaknesses.order_by("number"))
    strands = list(Strand.objects.filter(plan=demo).select_related("subgroup__lead").prefetch_related("weaknesses"))
    assert demo.section_label == "strand"
    assert len(strands) == len(weaknesses) == 4
    assert [list(strand.weaknesses.all()) for strand in strands] == [[weakness] for weakness in weaknesses]
    assert len({strand.subgroup_id for strand in strands}) == 4
    assert all(strand.subgroup.lead and strand.subgroup.lead.is_active for strand in strands)
    assert "Sam Okafor" in {str(strand.subgroup.lead) for strand in strands}
    for strand in strands:
        assert 6 <= strand.actions.count() <= 10, strand
        assert ImpactMeasure.objects.filter(strand=strand).exists()
    organisations = set(Action.objects.filter(plan=demo).values_list("lead_organisation", flat=True))
    assert {"Demo Borough Council", "NHS Demo Integrated Care Board", "Demo Parent Carer Forum"} <= organisations
    dues = [action.due_date for action in Action.objects.filter(plan=demo, due_date__isnull=False)]
    assert (max(dues) - min(dues)).days > 365


def test_a_year_of_updates_with_ratings_that_change_and_reasons_when_worse(demo):
    updates = ProgressUpdate.objects.filter(action__plan=demo)
    months = set(updates.values_list("month", flat=True))
    assert months == {this_month() - relativedelta(months=n) for n in range(12)}
    assert Counter(Action.objects.filter(plan=demo).values_list("rating", flat=True)).keys() >= {
        "green", "amber", "red", "blue"
    }
    worse = [update for update in updates if is_worse(update.previous_rating, update.rating)]
    assert {(update.previous_rating, update.rating) for update in worse} >= {("green", "amber"), ("amber", "red")}
    assert all(update.reason_for_worse_rating for update in worse)
    assert updates.filter(previous_rating="amber", rating="green").exists()
    readings = MeasureReading.objects.filter(measure__plan=demo)
    assert readings.values("period").distinct().count() == 11  # monthly, up to last month


def test_the_monthly_reminder_to_jo_lists_the_three_actions(demo, django_capture_on_commit_callbacks):
    jo = User.objects.get(email="officer@demo.example.org")
    calendar = working_day_calendar(demo.inspection.area)
    cycle = update_cycle_for(demo, this_month(), calendar)
    with django_capture_on_commit_callbacks(execute=True):
        update_reminders_send(today=cycle.reminder_on)
    to_jo = [message for message in mail.outbox if message.to == [jo.email]]
    assert len(to_jo) == 1
    for action in actions_needing_update(jo, this_month()):
        assert f"{action.reference} {action.title}" in to_jo[0].body


def test_the_demo_measures_have_a_source_a_baseline_a_target_and_a_year_of_readings(demo, client):
    measures = ImpactMeasure.objects.filter(plan=demo).prefetch_related("readings")
    assert len({measure.strand_id for measure in measures}) == 4
    by_name = {measure.name: measure for measure in measures}
    for name in ("EHC needs assessments completed within 20 weeks", "Average days from request to EHC plan",
                 "Annual reviews completed on time"):
        assert name in by_name
    assert by_name["Average days from request to EHC plan"].direction == "lower"
    assert {measure.frequency for measure in measures} == {"monthly", "quarterly"}
    for measure in measures:
        assert measure.source and measure.baseline is not None and measure.target is not None, measure
        assert measure.baseline_period and measure.target_date, measure
        readings = list(measure.readings.all())
        if measure.frequency == "monthly":
            assert 9 <= len(readings) <= 12, measure
        else:
            assert 3 <= len(readings) <= 4 and all(reading.period.month in (1, 4, 7, 10) for reading in readings)
    timely = by_name["EHC needs assessments completed within 20 weeks"]
    assert [reading.value for reading in timely.readings.all()][-1] == 41
    client.force_login(User.objects.get(email="admin@demo.example.org"))
    page = client.get(reverse("actions:measure", args=[timely.pk])).content.decode()
    assert "EHC needs assessments completed within 20 weeks: 41% (target 60% by" in page


def test_the_neighbours_inspection_has_no_plan_yet_and_its_administrator_is_shown_how_to_set_one_up(demo, client):
    from inspections.models import Inspection

    inspection = Inspection.objects.get(area__name="Neighbour Borough")
    assert not Plan.objects.filter(inspection__area__name="Neighbour Borough").exists()
    create = reverse("actions:plan_create", args=[inspection.pk])
    client.force_login(User.objects.get(email="admin@neighbour.example.org"))
    assert create in client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert create in client.get(reverse("actions:index")).content.decode()
    client.force_login(User.objects.get(email="officer@neighbour.example.org"))
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert create not in page and "No plan has been set up for this inspection yet." in page
