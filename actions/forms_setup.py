"""Forms for setting a plan up: its settings with the rating legend as rows, and rows of subgroups and strands.

The rows are Django formsets. "Add another" works without JavaScript (the page comes back with one more empty
row, nothing saved); with JavaScript a row is added or removed in place. An empty new row is left out.
Choices are plain (id, label) pairs worked out once for the page, so a page of rows costs no query per row.
"""
from django import forms
from django.forms import BaseFormSet, formset_factory
from django.forms.utils import ErrorDict, ErrorList

from wsoa.fields import BoundedTextMixin, max_length_of

from .models import Plan, Strand, Subgroup
from .ratings import DEFAULT_LEGEND, GOVUK_TAG_COLOURS, RATING_KEYS, Legend, LegendError, legend_from_json

# The legend's rows: the five stored ratings, named as people say them.
RATING_NAMES = {"blue": "Blue", "green": "Green", "amber": "Amber", "red": "Red", "not_started": "Not started"}
# GOV.UK Frontend's tag colours, each with enough contrast for its text (govuk-tag--<colour>).
COLOUR_CHOICES = sorted(((colour, colour.replace("-", " ").capitalize()) for colour in GOVUK_TAG_COLOURS),
                        key=lambda choice: choice[1])
OFF_THE_SCALE = "off"
PLACE_CHOICES = [
    ("", "Choose a place"),
    *((str(place), f"{place}{' (best)' if place == 1 else ' (worst)' if place == len(RATING_KEYS) else ''}")
      for place in range(1, len(RATING_KEYS) + 1)),
    (OFF_THE_SCALE, "Not on the scale (never better or worse)"),
]
MAX_ROWS = 50  # more subgroups or strands than any plan has; more rows in one page is not a person typing
LABEL_MAX_LENGTH = 60


class PlanSettingsForm(forms.Form):
    section_label = forms.ChoiceField(
        choices=Plan.SectionLabel.choices, widget=forms.RadioSelect, label="What does the plan call its sections?",
        error_messages={"required": "Choose what the plan calls its sections"},
    )
    reminder_day = forms.IntegerField(
        label="Day of the month action leads are reminded to post their update", min_value=1, max_value=28,
        help_text="From 1 to 28, so that it falls in every month",
        error_messages={
            "required": "Enter the day of the month for the reminder",
            "invalid": "The reminder day must be a whole number from 1 to 28",
            "min_value": "The reminder day must be a whole number from 1 to 28",
            "max_value": "The reminder day must be a whole number from 1 to 28",
        },
    )
    escalation_working_days = forms.IntegerField(
        label="Working days after the reminder before subgroup leads hear what is missing", min_value=1,
        max_value=20, help_text="From 1 to 20 working days",
        error_messages={
            "required": "Enter the number of working days before subgroup leads hear what is missing",
            "invalid": "The working days before subgroup leads hear must be a whole number from 1 to 20",
            "min_value": "The working days before subgroup leads hear must be a whole number from 1 to 20",
            "max_value": "The working days before subgroup leads hear must be a whole number from 1 to 20",
        },
    )

    @staticmethod
    def initial_for(plan: Plan | None) -> dict:
        if plan is None:
            return {"section_label": Plan.SectionLabel.STRAND, "reminder_day": 1, "escalation_working_days": 5}
        return {name: getattr(plan, name) for name in ("section_label", "reminder_day", "escalation_working_days")}


class LegendRowForm(BoundedTextMixin, forms.Form):
    key = forms.ChoiceField(
        choices=[("", "Choose a rating"), *RATING_NAMES.items()], label="Rating",
        error_messages={"required": "Choose which rating this row is"},
    )
    label = forms.CharField(
        label="Words shown", max_length=LABEL_MAX_LENGTH, help_text="For example, Amber – some risk",
        error_messages={"required": "Enter the words the rating shows"},
    )
    colour = forms.ChoiceField(
        choices=[("", "Choose a colour"), *COLOUR_CHOICES], label="Colour",
        error_messages={"required": "Choose the rating's colour"},
    )
    place = forms.ChoiceField(
        choices=PLACE_CHOICES, label="Place from best to worst",
        help_text="Moving an action to a worse place needs a reason",
        error_messages={"required": "Choose the rating's place from best to worst"},
    )
    complete = forms.BooleanField(required=False, label="Counts as complete")
    synonyms = forms.CharField(
        required=False, max_length=300, label="Other words for it in imported spreadsheets (optional)",
        help_text="Separate them with commas",
    )

    @staticmethod
    def initial_for(legend: Legend) -> list[dict]:
        return [
            {
                "key": entry.key, "label": entry.label, "colour": entry.colour, "complete": entry.complete,
                "place": OFF_THE_SCALE if entry.severity is None else str(entry.severity + 1),
                "synonyms": ", ".join(entry.synonyms),
            }
            for entry in legend
        ]

    def as_json(self) -> dict:
        data = self.cleaned_data
        place = data["place"]
        return {
            "key": data["key"], "label": data["label"].strip(), "colour": data["colour"],
            "severity": None if place == OFF_THE_SCALE else int(place) - 1, "complete": data["complete"],
            "synonyms": [word.strip() for word in data["synonyms"].split(",") if word.strip()],
        }


class RowsFormSet(BaseFormSet):
    """Rows with "Add another" and a quiet redraw: a page asked for one more row shows no errors yet."""

    remove_label = "Remove this row"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiet = False

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.remove_label

    @classmethod
    def with_one_more_row(cls, data, **kwargs):
        """The rows as typed, with an empty one added, drawn without checking them."""
        data = data.copy()
        prefix = kwargs.get("prefix") or cls.get_default_prefix()
        try:
            total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
        except ValueError:
            total = 0
        data[f"{prefix}-TOTAL_FORMS"] = str(max(0, min(total + 1, cls.max_num)))
        formset = cls(data, **kwargs)
        formset.quiet = True
        formset._non_form_errors = ErrorList()
        formset._errors = []
        for form in formset.forms:
            form._errors = ErrorDict()
        return formset

    def kept_forms(self) -> list[forms.Form]:
        """The rows to save: not removed, and not a new row left empty."""
        return [
            form for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not (self.can_delete and self._should_delete_form(form))
        ]


class LegendFormSet(RowsFormSet):
    remove_label = "Remove this rating"

    def clean(self):
        if any(self.errors):
            return
        rows = [form.as_json() for form in self.kept_forms()]
        places = [row["severity"] for row in rows if row["severity"] is not None]
        shared = sorted({place + 1 for place in places if places.count(place) > 1})
        if shared:
            raise forms.ValidationError(
                f"Two ratings share place {', '.join(map(str, shared))}: give each rating its own place"
            )
        try:
            legend_from_json(rows)
        except LegendError as error:
            raise forms.ValidationError(_legend_problem_in_words(str(error))) from None
        # Stored best first, then the ratings off the scale: the order the pages and the exports list them in.
        self.legend_json = sorted(rows, key=lambda row: (row["severity"] is None, row["severity"] or 0))


def _legend_problem_in_words(problem: str) -> str:
    """The legend check speaks of keys ("The legend needs amber."); the page calls them ratings."""
    if problem.startswith("The legend needs "):
        missing = problem.removeprefix("The legend needs ").rstrip(".").split(", ")
        return f"The legend needs a row for {', '.join(RATING_NAMES[key] for key in missing)}"
    if problem.startswith("The legend lists "):
        twice = problem.removeprefix("The legend lists ").removesuffix(" more than once.").split(", ")
        return f"Each rating has one row: {', '.join(RATING_NAMES[key] for key in twice)} has more than one"
    if problem.startswith("A rating legend must be a non-empty list"):
        return "The legend needs a row for Green, Amber, Red and Not started"
    return problem.rstrip(".")


LegendRows = formset_factory(
    LegendRowForm, formset=LegendFormSet, extra=0, can_delete=True, max_num=len(RATING_KEYS), absolute_max=MAX_ROWS,
)


def legend_rows_initial(plan: Plan | None) -> list[dict]:
    return LegendRowForm.initial_for(plan.legend if plan is not None else DEFAULT_LEGEND)


class _ExistingRow(forms.Form):
    """A row that may be an existing subgroup or strand, named by a hidden id that must be one of the plan's."""

    pk = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, widget=forms.HiddenInput,
        error_messages={"invalid_choice": "This row is no longer in the plan: open the page again"},
    )

    def __init__(self, *args, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing
        self.fields["pk"].choices = [("", ""), *((pk, pk) for pk in existing)]

    @property
    def instance(self):
        return self.existing.get(self.cleaned_data.get("pk"))


class SubgroupRowForm(BoundedTextMixin, _ExistingRow):
    name = forms.CharField(
        label="Subgroup name", max_length=max_length_of(Subgroup, "name"),
        error_messages={"required": "Enter the subgroup's name"},
    )
    lead = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Subgroup lead",
                                  error_messages={"invalid_choice": "Choose a lead from the people in the area"})
    members = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Members",
        error_messages={"invalid_choice": "Choose members from the people in the area"},
    )

    def __init__(self, *args, people: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        choices = [(pk, person_label) for pk, (_, person_label) in people.items()]
        self.fields["lead"].choices = [("", "No lead yet"), *choices]
        self.fields["members"].choices = choices

    def chosen(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "lead": self.people[data["lead"]][0] if data["lead"] else None,
            "members": [self.people[pk][0] for pk in data["members"]],
            "subgroup": self.instance,
        }

    @staticmethod
    def initial_for(subgroup: Subgroup) -> dict:
        return {"pk": subgroup.pk, "name": subgroup.name, "lead": subgroup.lead_id,
                "members": [person.pk for person in subgroup.members.all()]}


class StrandRowForm(BoundedTextMixin, _ExistingRow):
    number = forms.IntegerField(min_value=1, max_value=999, error_messages={
        "required": "Enter the number", "invalid": "The number must be a whole number from 1 to 999",
        "min_value": "The number must be a whole number from 1 to 999",
        "max_value": "The number must be a whole number from 1 to 999",
    })
    title = forms.CharField(max_length=max_length_of(Strand, "title"))
    weaknesses = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Weaknesses it answers",
        error_messages={"invalid_choice": "Choose weaknesses of this plan's inspection"},
    )
    subgroup = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Subgroup",
                                      error_messages={"invalid_choice": "Choose a subgroup of this plan"})

    def __init__(self, *args, plan: Plan, weaknesses: dict, subgroups: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.weaknesses, self.subgroups = weaknesses, subgroups
        word = plan.section_word
        self.fields["number"].label = f"{word} number"
        self.fields["title"].label = f"{word} title"
        self.fields["title"].error_messages["required"] = f"Enter the {word.lower()}'s title"
        self.fields["weaknesses"].choices = [(pk, f"{w.number}. {w.title}") for pk, w in weaknesses.items()]
        self.fields["subgroup"].choices = [("", "No subgroup"), *((pk, s.name) for pk, s in subgroups.items())]

    def chosen(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"], "title": data["title"],
            "weaknesses": [self.weaknesses[pk] for pk in data["weaknesses"]],
            "subgroup": self.subgroups.get(data["subgroup"]), "strand": self.instance,
        }

    @staticmethod
    def initial_for(strand: Strand) -> dict:
        return {"pk": strand.pk, "number": strand.number, "title": strand.title, "subgroup": strand.subgroup_id,
                "weaknesses": [weakness.pk for weakness in strand.weaknesses.all()]}


class ExistingRowsFormSet(RowsFormSet):
    """Rows of subgroups or strands: each existing one at most once."""

    def clean(self):
        if any(self.errors):
            return
        named = [form.cleaned_data.get("pk") for form in self.kept_forms() if form.cleaned_data.get("pk")]
        if len(named) != len(set(named)):
            raise forms.ValidationError("A row appears twice: open the page again")


SubgroupRows = formset_factory(SubgroupRowForm, formset=ExistingRowsFormSet, extra=0, absolute_max=MAX_ROWS,
                               max_num=MAX_ROWS)
StrandRows = formset_factory(StrandRowForm, formset=ExistingRowsFormSet, extra=0, absolute_max=MAX_ROWS,
                             max_num=MAX_ROWS)
