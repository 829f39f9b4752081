"""The database refuses what the services would refuse, so a script or the admin site cannot slip past them."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.models import ImpactMeasure, Plan, ProgressUpdate
from actions.ratings import DEFAULT_LEGEND, legend_to_json
from tests.actions.factories import (
    ActionFactory,
    ImpactMeasureFactory,
    MeasureReadingFactory,
    OngoingActionFactory,
    PlanFactory,
    ProgressUpdateFactory,
    StrandFactory,
    WeaknessMeasureFactory,
)

pytestmark = pytest.mark.django_db


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_a_new_plan_has_the_default_brag_legend_and_calls_its_sections_strands():
    plan = PlanFactory()
    assert plan.legend == DEFAULT_LEGEND
    assert plan.rating_legend == legend_to_json(DEFAULT_LEGEND)
    assert (plan.section_word, plan.section_word_plural) == ("Strand", "Strands")


def test_a_plan_legend_that_cannot_be_used_fails_validation():
    plan = PlanFactory.build(rating_legend=[{"key": "green", "label": "Green", "colour": "green"}])
    with pytest.raises(ValidationError) as error:
        plan.full_clean(exclude=["inspection"])
    assert "The legend needs amber, not_started, red." in error.value.message_dict["rating_legend"]


def test_an_action_cannot_be_due_before_it_starts():
    _refused(lambda: ActionFactory(start_date=date(2024, 5, 1), due_date=date(2024, 4, 30)))


def test_an_ongoing_action_has_no_due_date():
    assert OngoingActionFactory().due_date is None
    _refused(lambda: ActionFactory(ongoing=True, due_date=date(2030, 1, 1)))


def test_a_reference_is_unique_within_its_plan():
    first = ActionFactory(reference="2.3")
    ActionFactory(reference="2.3")  # another plan
    _refused(lambda: ActionFactory(reference="2.3", strand=first.strand))


def test_ratings_are_legend_keys():
    _refused(lambda: ActionFactory(rating="purple"))


def test_a_strand_number_is_unique_within_its_plan():
    strand = StrandFactory(number=4)
    _refused(lambda: StrandFactory(plan=strand.plan, number=4))


def test_one_update_per_action_and_month_on_the_first_of_the_month():
    update = ProgressUpdateFactory(month=date(2024, 5, 1))
    _refused(lambda: ProgressUpdateFactory(action=update.action, month=date(2024, 5, 1)))
    _refused(lambda: ProgressUpdateFactory(month=date(2024, 5, 2)))
    assert ProgressUpdate.objects.count() == 1


def test_an_impact_measure_belongs_to_a_strand_or_a_weakness():
    assert ImpactMeasureFactory().strand is not None
    assert WeaknessMeasureFactory().weakness is not None
    _refused(lambda: ImpactMeasure.objects.create(plan=PlanFactory(), name="Orphan"))


def test_one_reading_per_measure_and_period():
    reading = MeasureReadingFactory(period=date(2024, 4, 1))
    _refused(lambda: MeasureReadingFactory(measure=reading.measure, period=date(2024, 4, 1)))


def test_the_reminder_day_exists_in_every_month():
    _refused(lambda: PlanFactory(reminder_day=31))
    assert Plan.objects.count() == 0
