"""Every write to impact measures: adding and changing a measure, and saving a table of its readings.

As in ``services``: keyword arguments, one transaction, who did it and why in words for the history. A change
of a measure checks the version the person opened; a table of readings checks each value they saw, so of two
people at work on the same measure the second is told, and nobody's figure is lost without a word.
"""
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from inspections.models import SignificantWeakness

from .errors import ActionPlanError, MeasureChanged, ReadingsChanged
from .measure_numbers import format_measure_value, typed_form
from .measure_periods import period_label
from .models import ImpactMeasure, MeasureReading, Plan, Strand
from .services import _changed_reason, _check_weaknesses, _refuse_unknown, _save, _set_changes, _validated

# What a person may change on a measure (the form, the service and the page's summary list agree on these).
MEASURE_FIELDS = (
    "strand", "weakness", "name", "unit", "baseline", "baseline_period", "target", "target_date", "direction",
    "source", "frequency",
)


def _check_measure_links(plan: Plan, strand: Strand | None, weakness: SignificantWeakness | None) -> None:
    if strand is None and weakness is None:
        raise ActionPlanError({"strand": f"Choose the {plan.section_word.lower()} or the weakness it measures"})
    if strand is not None and strand.plan_id != plan.pk:
        raise ActionPlanError({"strand": f"Choose a {plan.section_word.lower()} of this plan"})
    if weakness is not None:
        try:
            _check_weaknesses(plan, [weakness])
        except ActionPlanError:
            raise ActionPlanError({"weakness": "Choose a weakness from this plan's inspection"}) from None


def _measure_problems(measure: ImpactMeasure) -> dict[str, str]:
    problems = {}
    if not measure.name:
        problems["name"] = "Enter the measure's name"
    if measure.target is not None and measure.baseline is not None and measure.target == measure.baseline:
        problems["target"] = "The target must differ from the baseline"
    elif measure.target is not None and measure.baseline is not None:
        better = measure.target > measure.baseline
        if better != (measure.direction == ImpactMeasure.Direction.HIGHER):
            way = "above" if measure.direction == ImpactMeasure.Direction.HIGHER else "below"
            problems["target"] = (
                f"The target must be {way} the baseline: {measure.get_direction_display().lower()}"
            )
    if measure.baseline_period and measure.target_date and measure.target_date <= measure.baseline_period:
        problems["target_date"] = "The target date must be after the baseline's date"
    return problems


def _check_measure(measure: ImpactMeasure) -> None:
    _check_measure_links(measure.plan, measure.strand, measure.weakness)
    problems = _measure_problems(measure)
    if problems:
        raise ActionPlanError(problems)
    _validated(measure, exclude=["plan", "strand", "weakness"])


def impact_measure_create(
    *, plan: Plan, by, name: str, strand: Strand | None = None, weakness: SignificantWeakness | None = None,
    unit: str = "", baseline: Decimal | None = None, baseline_period: date | None = None,
    target: Decimal | None = None, target_date: date | None = None,
    direction: str = ImpactMeasure.Direction.HIGHER, source: str = "",
    frequency: str = ImpactMeasure.Frequency.MONTHLY,
) -> ImpactMeasure:
    """Add a measure of the impact on a strand (or a weakness) of the plan."""
    with transaction.atomic():
        measure = ImpactMeasure(plan=plan, strand=strand, weakness=weakness)
        _set_changes(measure, {
            "name": name, "unit": unit, "baseline": baseline, "baseline_period": baseline_period, "target": target,
            "target_date": target_date, "direction": direction, "source": source, "frequency": frequency,
        })
        _check_measure(measure)
        _save(measure, by=by, reason="Impact measure added")
    return measure


def impact_measure_update(*, measure: ImpactMeasure, by, expected_version: int, **changes) -> ImpactMeasure:
    """Change a measure (its plan stays), unless someone else changed it since the person opened it at
    ``expected_version``: then :class:`MeasureChanged`, with the measure as it is now, and nothing is saved."""
    _refuse_unknown(changes, MEASURE_FIELDS)
    with transaction.atomic():
        locked = (
            ImpactMeasure.objects.select_for_update(of=("self",)).select_related("plan__inspection")
            .get(pk=measure.pk)
        )
        if locked.version != expected_version:
            raise MeasureChanged(current=locked)
        changed = _set_changes(locked, changes)
        _check_measure(locked)
        if changed:  # the row is locked until commit, so nobody else's save comes between
            locked.version += 1
            _save(locked, by=by, reason=_changed_reason(ImpactMeasure, changed))
    return locked


# --- readings ------------------------------------------------------------------------------------------


def reading_digest(value: Decimal | None, note: str = "") -> str:
    """A short fingerprint of a reading (its value and note) as a page showed it; "" for no reading."""
    if value is None:
        return ""
    text = f"{typed_form(value)}|{' '.join(note.split())}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _digest_of(reading: MeasureReading | None) -> str:
    return reading_digest(reading.value, reading.source_note) if reading else ""


@dataclass(frozen=True)
class ReadingRow:
    """One row of the readings table as the person left it.

    ``value`` None is no reading (removing a saved one also needs ``remove``); ``seen`` is the digest of the
    reading the row showed when the page was opened ("" for none): what the person started from.
    """

    period: date
    value: Decimal | None
    source_note: str = ""
    remove: bool = False
    seen: str = ""

    @property
    def wanted(self) -> str:
        return "" if self.remove or self.value is None else reading_digest(self.value, self.source_note)


@dataclass(frozen=True)
class ReadingsSaved:
    recorded: list[date]
    changed: list[date]
    removed: list[date]

    @property
    def words(self) -> str:
        """ "2 readings recorded, 1 changed and 1 removed"; "No readings changed"."""
        parts = [f"{len(days)} {what}" for days, what in (
            (self.recorded, "recorded"), (self.changed, "changed"), (self.removed, "removed")) if days]
        if not parts:
            return "No readings changed"
        first, *rest = parts
        number, what = first.split(" ", 1)
        first = f"{number} reading{'' if number == '1' else 's'} {what}"
        return first if not rest else f"{', '.join([first, *rest[:-1]])} and {rest[-1]}"


def measure_readings_save(*, measure: ImpactMeasure, by, rows: Sequence[ReadingRow]) -> ReadingsSaved:
    """Record, change and remove a measure's readings from one table, all or nothing.

    Only the rows the person changed from what they saw are saved. One of those whose reading someone else
    changed meanwhile refuses the whole save with :class:`ReadingsChanged`; one that cannot be saved refuses
    it with ``ActionPlanError``, keyed by the period's ISO date. Each reading's history says what happened in
    words, and who did it.
    """
    with transaction.atomic():
        locked = ImpactMeasure.objects.select_for_update().get(pk=measure.pk)
        saved = {reading.period: reading for reading in MeasureReading.objects.select_for_update().filter(
            measure=locked, period__in=[row.period for row in rows])}
        asked = [row for row in rows if row.wanted != row.seen and row.wanted != _digest_of(saved.get(row.period))]
        moved = {row.period: saved.get(row.period) for row in asked if _digest_of(saved.get(row.period)) != row.seen}
        if moved:
            raise ReadingsChanged(current=moved)
        problems: dict[str, str] = {}
        writes = [_reading_write(locked, row, saved.get(row.period), problems) for row in asked]
        if problems:
            raise ActionPlanError(problems)
        done = ReadingsSaved(recorded=[], changed=[], removed=[])
        for write in writes:
            _reading_apply(write, unit=locked.unit, by=by, done=done)
    return done


@dataclass(frozen=True)
class _Write:
    reading: MeasureReading
    kind: str  # "recorded", "changed" or "removed"
    label: str  # the period's name
    before: Decimal | None = None


def _reading_write(measure: ImpactMeasure, row: ReadingRow, saved: MeasureReading | None, problems: dict):
    """The change the row asks for, checked but not saved yet (None, with the problem, if it cannot be made)."""
    label = period_label(row.period, measure.frequency)
    key = row.period.isoformat()
    if row.period.day != 1:
        problems[key] = f"{label} is not the first day of a period"
    elif row.remove:
        return _Write(saved, "removed", label)
    elif row.value is None:
        problems[key] = f"Enter the value for {label}, or tick “Remove” to remove its reading"
    else:
        reading = saved or MeasureReading(measure=measure, period=row.period)
        before = saved.value if saved else None
        reading.value, reading.source_note = row.value, " ".join(row.source_note.split())
        try:
            _validated(reading, exclude=["measure"])
        except ActionPlanError as error:
            problems[key] = f"The reading for {label}: {' '.join(error.messages)}"
        else:
            return _Write(reading, "changed" if saved else "recorded", label, before)
    return None


def _reading_apply(write: _Write, *, unit: str, by, done: ReadingsSaved) -> None:
    reading, who = write.reading, str(by) if by else "someone"
    reason = f"Reading for {write.label} {write.kind} by {who}"
    if write.kind == "removed":
        reading._history_user = by
        reading._change_reason = f"{reason} (it was {format_measure_value(reading.value, unit)})"
        reading.delete()
        done.removed.append(write.reading.period)
        return
    if write.kind == "changed":
        old, new = (format_measure_value(value, unit) for value in (write.before, reading.value))
        reason += f" ({old} → {new})" if old != new else " (its source note)"
    _save(reading, by=by, reason=reason)
    (done.changed if write.kind == "changed" else done.recorded).append(reading.period)
