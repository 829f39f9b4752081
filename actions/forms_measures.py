"""Forms for impact measures: the measure itself, and the table of its readings with one box per period.

Numbers are typed as people write them ("41%", "1,204") and read by ``measure_numbers``; what a save may do
(which strand, what a target is, when a reading is removed) is the services' to say, in ``measures``.
"""
import json
from datetime import date

from django import forms

from inspections.models import SignificantWeakness
from wsoa.fields import BoundedTextMixin, DateField, integer_bounds_of, max_length_of

from .measure_numbers import NumberProblem, parse_or_none, typed_form
from .measure_periods import period_label
from .measures import MEASURE_FIELDS, ReadingRow, reading_digest
from .models import ImpactMeasure, MeasureReading, Plan, Strand

# A number box holds a number: 50 characters is far more than "9,999,999,999.9999 visits a month".
NUMBER_BOX_LENGTH = 50


def _number_box(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=NUMBER_BOX_LENGTH, help_text=hint,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )


class ImpactMeasureForm(BoundedTextMixin, forms.Form):
    """Adding or changing a measure. ``version`` is the version the person opened, for the lost-edit check."""

    strand = forms.ModelChoiceField(queryset=Strand.objects.none(), required=False)
    weakness = forms.ModelChoiceField(
        queryset=SignificantWeakness.objects.none(), required=False, label="Weakness it measures (optional)",
        empty_label="None", help_text="When the measure is about a weakness more than one strand answers",
    )
    name = forms.CharField(
        label="Measure", max_length=max_length_of(ImpactMeasure, "name"),
        help_text="For example, EHC plans issued within 20 weeks",
        error_messages={"required": "Enter the measure, for example EHC plans issued within 20 weeks"},
    )
    unit = forms.CharField(
        label="Unit (optional)", max_length=max_length_of(ImpactMeasure, "unit"), required=False,
        help_text="For example, %, days or plans", widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    baseline = _number_box("Baseline (optional)", "The value before the plan's work began, for example 35%")
    baseline_period = DateField(label="Date of the baseline", required=False)
    target = _number_box("Target (optional)", "For example, 60%")
    target_date = DateField(label="Target date", required=False)
    direction = forms.ChoiceField(
        label="Which way is better?", choices=ImpactMeasure.Direction.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose whether higher or lower is better"},
    )
    source = forms.CharField(
        label="Where the figure comes from (optional)", max_length=max_length_of(ImpactMeasure, "source"),
        required=False, help_text="For example, Synergy case management, monthly extract",
    )
    frequency = forms.ChoiceField(
        label="How often is it read?", choices=ImpactMeasure.Frequency.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose how often the measure is read"},
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, **integer_bounds_of(ImpactMeasure, "version"),
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), "Open the measure again to change it: this page's version is wrong"
        ),
    )
    message_names = {"direction": "Which way is better", "frequency": "How often it is read"}

    def __init__(self, *args, plan: Plan, strands: list[Strand], may_measure_a_weakness: bool, **kwargs):
        super().__init__(*args, **kwargs)
        word = plan.section_word
        self.fields["strand"].queryset = Strand.objects.filter(pk__in=[strand.pk for strand in strands])
        self.fields["strand"].label = word
        self.fields["strand"].empty_label = "None: it measures a weakness" if may_measure_a_weakness else None
        self.fields["strand"].required = not may_measure_a_weakness
        self.fields["strand"].error_messages["required"] = f"Choose the {word.lower()} it measures"
        self.fields["weakness"].queryset = plan.inspection.weaknesses.order_by("number")

    @staticmethod
    def initial_for(measure) -> dict:
        """The form's values for a measure (or one of its history records, which has the same fields)."""
        values = {name: getattr(measure, f"{name}_id" if name in ("strand", "weakness") else name)
                  for name in MEASURE_FIELDS}
        values["baseline"], values["target"] = typed_form(measure.baseline), typed_form(measure.target)
        values["version"] = measure.version
        return values

    def clean(self):
        data = super().clean()
        unit = data.get("unit") or ""
        for name in ("baseline", "target"):
            if name in data:
                data[name] = self._number(name, data[name], unit)
        for value, day in (("baseline", "baseline_period"), ("target", "target_date")):
            if data.get(value) is not None and day in data and data[day] is None:
                self.add_error(day, f"Enter the {self.fields[day].label.lower()}")
        return data

    def _number(self, name: str, text: str, unit: str):
        try:
            return parse_or_none(text, unit=unit)
        except NumberProblem as problem:
            self.add_error(name, f"{self.fields[name].label.removesuffix(' (optional)')} {problem}")
            return None

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEASURE_FIELDS}

    def rebased(self, *, opened: dict | None, current: dict) -> tuple[dict, list[str]]:
        """After a refused save: this person's changes (from what they opened) on top of the measure as saved
        now, and the labels of the fields the other person changed too, to something else. With no record of
        what they opened, every field that differs is in question."""
        mine = {
            name: self.cleaned_data.get(name) for name in MEASURE_FIELDS
            if opened is None or _comparable(self.cleaned_data.get(name)) != _comparable(opened.get(name))
        }
        clashes = [
            self.fields[name].label.removesuffix(" (optional)") for name, value in mine.items()
            if _comparable(current.get(name)) != _comparable(value)
            and (opened is None or _comparable(current.get(name)) != _comparable(opened.get(name)))
        ]
        typed = {name: typed_form(value) if name in ("baseline", "target") else value for name, value in mine.items()}
        return {**current, **typed}, clashes


def _comparable(value):
    """A cleaned value as ``initial_for`` holds it: a chosen strand or weakness by its id, a number as typed."""
    value = getattr(value, "pk", value)
    if value is None or value == "":
        return ""
    return typed_form(value) if not isinstance(value, str | int | date) else value


# --- the readings table --------------------------------------------------------------------------------


class ReadingsForm(BoundedTextMixin, forms.Form):
    """One row per period: the value, a source note, and for a saved reading a box to tick to remove it.

    ``seen`` holds each row's reading as the page showed it (its digest), so that the save changes only what
    this person changed, and is refused where someone else changed the same reading meanwhile.
    """

    seen = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20_000)

    def __init__(self, *args, measure: ImpactMeasure, periods: list[date], readings: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure, self.periods, self.readings = measure, periods, readings
        note_length = max_length_of(MeasureReading, "source_note")
        for period in periods:
            label = period_label(period, measure.frequency)
            saved = readings.get(period)
            self.fields[f"value-{period:%Y-%m}"] = _number_box(f"Value for {label}")
            self.fields[f"note-{period:%Y-%m}"] = forms.CharField(
                label=f"Source note for {label}", required=False, max_length=note_length
            )
            self.initial[f"value-{period:%Y-%m}"] = typed_form(saved.value) if saved else ""
            self.initial[f"note-{period:%Y-%m}"] = saved.source_note if saved else ""
            if saved:
                self.fields[f"remove-{period:%Y-%m}"] = forms.BooleanField(
                    label=f"Remove the reading for {label}", required=False
                )
        self.initial["seen"] = json.dumps(
            {f"{period:%Y-%m}": reading_digest(saved.value, saved.source_note) for period, saved in readings.items()}
        )

    def rows_for_template(self) -> list[dict]:
        """Each period with its bound boxes, newest first (the period most likely to be filled in is on top)."""
        rows = []
        for period in reversed(self.periods):
            key = f"{period:%Y-%m}"
            rows.append({
                "period": period, "label": period_label(period, self.measure.frequency),
                "value": self[f"value-{key}"], "note": self[f"note-{key}"],
                "remove": self[f"remove-{key}"] if f"remove-{key}" in self.fields else None,
                "saved": self.readings.get(period),
            })
        return rows

    def clean_seen(self) -> dict[str, str]:
        try:
            seen = json.loads(self.cleaned_data["seen"] or "{}")
        except ValueError:
            seen = None
        if not isinstance(seen, dict) or not all(isinstance(v, str) for v in seen.values()):
            raise forms.ValidationError("Open the readings page again: this page is out of date")
        return seen

    def clean(self):
        data = super().clean()
        self.parsed: list[ReadingRow] = []
        seen = data.get("seen") or {}
        for period in self.periods:
            key = f"{period:%Y-%m}"
            name = f"value-{key}"
            if name not in data:
                continue
            try:
                value = parse_or_none(data[name], unit=self.measure.unit)
            except NumberProblem as problem:
                self.add_error(name, f"{self.fields[name].label} {problem}")
                continue
            self.parsed.append(ReadingRow(
                period=period, value=value, source_note=data.get(f"note-{key}", ""),
                remove=bool(data.get(f"remove-{key}")), seen=seen.get(key, ""),
            ))
        return data

    def field_for(self, period_iso: str) -> str | None:
        """The value box of the period a service's problem is about (keyed by its ISO date)."""
        try:
            period = date.fromisoformat(period_iso)
        except ValueError:
            return None
        name = f"value-{period:%Y-%m}"
        return name if name in self.fields else None

    def rebased_data(self, *, current: dict, moved: dict):
        """After a save refused because readings changed: the data to open the table again with. Rows the
        person left as they were show the readings as saved now; rows they changed keep what they typed, and
        those someone else changed meanwhile now start from the saved reading, so saving again keeps theirs."""
        data = self.data.copy()
        seen = dict(self.cleaned_data.get("seen") or {})
        for row in self.parsed:
            key, saved = f"{row.period:%Y-%m}", current.get(row.period)
            if row.wanted == row.seen:
                data[f"value-{key}"] = typed_form(saved.value) if saved else ""
                data[f"note-{key}"] = saved.source_note if saved else ""
                data.pop(f"remove-{key}", None)
            if row.wanted == row.seen or row.period in moved:
                seen[key] = reading_digest(saved.value, saved.source_note) if saved else ""
        data["seen"] = json.dumps(seen)
        return data
