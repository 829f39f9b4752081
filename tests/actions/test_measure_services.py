"""The impact measure services: what a measure may be, the version check, and a table of readings saved all or
nothing with each reading's history in words."""
from datetime import date
from decimal import Decimal

import pytest

from actions import measures
from actions.errors import ActionPlanError, MeasureChanged, ReadingsChanged
from actions.measures import ReadingRow, reading_digest
from actions.models import ImpactMeasure, MeasureReading
from tests.actions.factories import ImpactMeasureFactory, MeasureReadingFactory, PlanFactory, StrandFactory
from tests.inspections.factories import WeaknessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(make_user):
    from wsoa.roles import Role

    return make_user(Role.SUBGROUP_LEAD, first_name="Sam", last_name="Okafor")


@pytest.fixture
def measure(db) -> ImpactMeasure:
    return ImpactMeasureFactory(unit="%", baseline=Decimal(35), target=Decimal(60), baseline_period=date(2026, 9, 1))


def _create(plan, by, **fields):
    return measures.impact_measure_create(plan=plan, by=by, **{"name": "EHC plans within 20 weeks", **fields})


def test_a_measure_is_added_with_its_source_and_frequency_and_who_added_it(sam):
    strand = StrandFactory()
    measure = _create(strand.plan, sam, strand=strand, unit=" % ", baseline=Decimal(35), target=Decimal(60),
                      source="  Synergy case management, monthly ", frequency="quarterly")
    assert (measure.unit, measure.source, measure.frequency, measure.version) == (
        "%", "Synergy case management, monthly", "quarterly", 1
    )
    record = measure.history.get()
    assert (record.history_change_reason, record.history_user) == ("Impact measure added", sam)


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({}, "strand", "Choose the strand or the weakness it measures"),
    ({"strand": "other plan"}, "strand", "Choose a strand of this plan"),
    ({"weakness": "other inspection"}, "weakness", "Choose a weakness from this plan's inspection"),
    ({"baseline": Decimal(40), "target": Decimal(30)}, "target", "The target must be above the baseline"),
    ({"direction": "lower", "baseline": Decimal(215), "target": Decimal(300)}, "target",
     "The target must be below the baseline"),
    ({"baseline": Decimal(40), "target": Decimal(40)}, "target", "The target must differ from the baseline"),
    ({"baseline_period": date(2027, 1, 1), "target_date": date(2026, 1, 1)}, "target_date",
     "The target date must be after the baseline's date"),
    ({"frequency": "weekly"}, "frequency", "is not a valid choice"),
])
def test_a_measure_that_cannot_be_is_refused_beside_the_field(sam, fields, field, message):
    plan = PlanFactory()
    own = StrandFactory(plan=plan)
    if fields.get("strand") == "other plan":
        fields["strand"] = StrandFactory()
    elif fields.get("weakness") == "other inspection":
        fields = {"strand": own, "weakness": WeaknessFactory()}
    elif field != "strand":
        fields = {"strand": own, **fields}
    with pytest.raises(ActionPlanError) as refused:
        _create(plan, sam, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert not ImpactMeasure.objects.exists()


def test_a_measure_of_a_weakness_alone_needs_no_strand(sam):
    weakness = WeaknessFactory()
    plan = PlanFactory(inspection=weakness.inspection)
    assert _create(plan, sam, weakness=weakness).strand is None


def test_a_change_says_which_fields_changed_and_moves_the_version_on(sam, measure):
    changed = measures.impact_measure_update(measure=measure, by=sam, expected_version=1, target=Decimal(65),
                                             source="Synergy", name=measure.name)
    assert changed.version == 2 and changed.target == 65
    assert changed.history.latest().history_change_reason == "Changed: target, source"
    same = measures.impact_measure_update(measure=measure, by=sam, expected_version=2, target=Decimal(65))
    assert same.version == 2 and measure.history.count() == 2  # nothing changed, nothing written


def test_a_change_from_an_old_version_is_refused_and_saves_nothing(sam, measure):
    measures.impact_measure_update(measure=measure, by=sam, expected_version=1, target=Decimal(65))
    with pytest.raises(MeasureChanged) as refused:
        measures.impact_measure_update(measure=measure, by=sam, expected_version=1, target=Decimal(70))
    assert refused.value.current.target == 65
    assert ImpactMeasure.objects.get().target == 65


def test_unknown_fields_are_a_programming_error(sam, measure):
    with pytest.raises(TypeError):
        measures.impact_measure_update(measure=measure, by=sam, expected_version=1, plan=PlanFactory())


# --- readings ------------------------------------------------------------------------------------------


def test_readings_are_recorded_changed_and_removed_with_their_reasons(sam, measure):
    MeasureReadingFactory(measure=measure, period=date(2026, 10, 1), value=38, source_note="")
    MeasureReadingFactory(measure=measure, period=date(2026, 11, 1), value=39, source_note="")
    done = measures.measure_readings_save(measure=measure, by=sam, rows=[
        ReadingRow(period=date(2026, 10, 1), value=None, remove=True, seen=reading_digest(Decimal(38))),
        ReadingRow(period=date(2026, 11, 1), value=Decimal(40), seen=reading_digest(Decimal(39))),
        ReadingRow(period=date(2026, 12, 1), value=Decimal("41.5"), source_note="  SEN2   return "),
        ReadingRow(period=date(2027, 1, 1), value=None),  # an empty box: nothing
    ])
    assert (done.recorded, done.changed, done.removed) == ([date(2026, 12, 1)], [date(2026, 11, 1)],
                                                           [date(2026, 10, 1)])
    assert done.words == "1 reading recorded, 1 changed and 1 removed"
    reasons = list(MeasureReading.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-3:] == [
        "Reading for October 2026 removed by Sam Okafor (it was 38%)",
        "Reading for November 2026 changed by Sam Okafor (39% → 40%)",
        "Reading for December 2026 recorded by Sam Okafor",
    ]
    assert all(record.history_user == sam for record in MeasureReading.history.order_by("-history_id")[:3])
    assert MeasureReading.objects.get(period=date(2026, 12, 1)).source_note == "SEN2 return"


def test_a_quarterly_reading_is_named_by_its_quarter(sam, measure):
    measure.frequency = "quarterly"
    measure.save()
    measures.measure_readings_save(measure=measure, by=sam, rows=[ReadingRow(period=date(2026, 10, 1),
                                                                             value=Decimal(40))])
    assert MeasureReading.history.latest().history_change_reason == (
        "Reading for Q3 2026/27 (October to December 2026) recorded by Sam Okafor"
    )


def test_one_bad_row_saves_nothing(sam, measure):
    with pytest.raises(ActionPlanError) as refused:
        measures.measure_readings_save(measure=measure, by=sam, rows=[
            ReadingRow(period=date(2026, 10, 1), value=Decimal(40)),
            ReadingRow(period=date(2026, 11, 15), value=Decimal(41)),  # not the first day of a month
            ReadingRow(period=date(2026, 12, 1), value=Decimal("123456789012345")),  # too many digits
        ])
    assert set(refused.value.message_dict) == {"2026-11-15", "2026-12-01"}
    assert not MeasureReading.objects.exists() and not MeasureReading.history.exists()


def test_a_saved_reading_is_removed_only_when_asked_to(sam, measure):
    MeasureReadingFactory(measure=measure, period=date(2026, 10, 1), value=38, source_note="")
    with pytest.raises(ActionPlanError) as refused:
        measures.measure_readings_save(measure=measure, by=sam, rows=[
            ReadingRow(period=date(2026, 10, 1), value=None, seen=reading_digest(Decimal(38)))
        ])
    assert refused.value.message_dict["2026-10-01"] == [
        "Enter the value for October 2026, or tick “Remove” to remove its reading"
    ]
    assert MeasureReading.objects.get().value == 38


def test_a_row_left_as_it_was_is_not_saved_again(sam, measure):
    MeasureReadingFactory(measure=measure, period=date(2026, 10, 1), value=38, source_note="")
    seen = reading_digest(Decimal(38))
    done = measures.measure_readings_save(measure=measure, by=sam, rows=[
        ReadingRow(period=date(2026, 10, 1), value=Decimal("38.0"), seen=seen)
    ])
    assert done.words == "No readings changed" and MeasureReading.history.count() == 1


def test_a_reading_changed_meanwhile_refuses_the_whole_save(sam, measure):
    MeasureReadingFactory(measure=measure, period=date(2026, 10, 1), value=37, source_note="")  # someone else's
    with pytest.raises(ReadingsChanged) as refused:
        measures.measure_readings_save(measure=measure, by=sam, rows=[
            ReadingRow(period=date(2026, 10, 1), value=Decimal(39), seen=reading_digest(Decimal(38))),
            ReadingRow(period=date(2026, 11, 1), value=Decimal(40)),
        ])
    assert refused.value.current[date(2026, 10, 1)].value == 37
    assert list(MeasureReading.objects.values_list("value", flat=True)) == [37]


def test_the_same_value_someone_else_already_saved_is_no_conflict(sam, measure):
    MeasureReadingFactory(measure=measure, period=date(2026, 10, 1), value=39, source_note="")
    done = measures.measure_readings_save(measure=measure, by=sam, rows=[
        ReadingRow(period=date(2026, 10, 1), value=Decimal(39), seen="")
    ])
    assert done.words == "No readings changed"
