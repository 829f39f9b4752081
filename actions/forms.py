"""Forms for the action plan's pages: an action, a strand, the quick monthly update and the list's filters."""
from datetime import date, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import ForeignKey

from inspections.models import SignificantWeakness
from wsoa.fields import BoundedTextMixin, DateField, integer_bounds_of, max_length_of
from wsoa.roles import Role

from .models import ACTION_EDITABLE_FIELDS, Action, Plan, Strand, Subgroup, validate_evidence_links
from .ratings import Legend


def _rating_choices(legend: Legend) -> list[tuple[str, str]]:
    return [(entry.key, entry.label) for entry in legend]


def _possible_leads(plan: Plan):
    """People who may lead an action in the plan's area: its officers, subgroup leads and administrators."""
    return (
        get_user_model().objects.filter(
            is_active=True,
            memberships__area_id=plan.inspection.area_id,
            memberships__role__in=[Role.OFFICER, Role.SUBGROUP_LEAD, Role.ADMINISTRATOR],
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


# The action form edits every editable field but the lead written as a name (an import keeps a lead with no
# account that way; on the form a person is chosen instead).
ACTION_FORM_FIELDS = tuple(name for name in ACTION_EDITABLE_FIELDS if name != "lead_name")


class ActionForm(BoundedTextMixin, forms.Form):
    """Adding or changing an action. ``version`` is the version the person opened, for the lost-edit check."""

    message_names = {"rating_reason": "The reason the rating got worse"}

    strand = forms.ModelChoiceField(queryset=Strand.objects.none(), empty_label=None)
    reference = forms.CharField(
        max_length=max_length_of(Action, "reference"), help_text="For example, 2.3",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"required": "Enter the action's reference, for example 2.3"},
    )
    title = forms.CharField(
        label="Action", max_length=max_length_of(Action, "title"), error_messages={"required": "Enter the action"}
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    lead_officer = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, label="Lead officer", empty_label="No lead chosen"
    )
    lead_organisation = forms.CharField(
        max_length=max_length_of(Action, "lead_organisation"), required=False, label="Lead organisation"
    )
    partners = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    start_date = DateField(label="Start date", required=False)
    due_date = DateField(label="Due date", required=False)
    ongoing = forms.BooleanField(required=False, label="Ongoing (no due date)")
    success_criteria = forms.CharField(
        required=False, label="Success criteria", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How you will know the action has made a difference",
    )
    rating = forms.ChoiceField(widget=forms.RadioSelect, label="Rating", error_messages={"required": "Choose a rating"})
    rating_reason = forms.CharField(
        required=False, label="Why the rating got worse", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the rating is worse than before",
    )
    evidence_links = forms.CharField(
        required=False, label="Evidence links", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One web address per line, starting with https://. Each is added to the action's evidence.",
        validators=[validate_evidence_links],
    )
    evidence_of_impact = forms.CharField(
        required=False, label="Evidence and impact", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What has changed for children and families so far, and how you know",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, **integer_bounds_of(Action, "version"),
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), "Open the action again to change it: this page's version is wrong"
        ),
    )

    def __init__(self, *args, plan: Plan, strands=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.legend = plan.legend
        self.fields["rating"].choices = _rating_choices(self.legend)
        self.fields["lead_officer"].queryset = _possible_leads(plan)
        self.fields["strand"].label = plan.section_word
        self.fields["strand"].error_messages["required"] = f"Choose a {plan.section_word.lower()}"
        if strands is None:
            del self.fields["strand"]
        else:
            self.fields["strand"].queryset = strands

    @classmethod
    def initial_for(cls, action) -> dict:
        """The form's values for an action, or for one of its history records (which has the same fields)."""
        values = {name: getattr(action, _by_id(name)) for name in ACTION_FORM_FIELDS}
        values["version"] = action.version
        return values

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    def rebased(self, *, opened: dict, current: dict) -> tuple[dict, list[str]]:
        """After a refused save: only the fields this person changed from what they opened, on top of the
        action as it is saved now, and which of their changes clash with the other person's.

        ``opened`` and ``current`` are ``initial_for`` the version they opened and the saved action. The
        result is the new form's initial values (saving it unchanged never reverts a field this person did
        not touch) and the names of their fields the other person also changed, to something else.
        """
        mine = {
            name: _comparable(value) for name, value in self.cleaned_data.items()
            if name != "version" and _comparable(value) != opened.get(name)
        }
        clashes = [name for name, value in mine.items() if current.get(name) not in (opened.get(name), value)]
        return {**current, **mine}, clashes


def _by_id(name: str) -> str:
    """A chosen strand or person is held by its id (``strand_id``), as a history record holds it too."""
    return f"{name}_id" if isinstance(Action._meta.get_field(name), ForeignKey) else name


def _comparable(value):
    """A form's cleaned value as ``initial_for`` gives it: a chosen strand or person by its id."""
    return getattr(value, "pk", value)


class StrandForm(BoundedTextMixin, forms.Form):
    title = forms.CharField(max_length=max_length_of(Strand, "title"))
    weaknesses = forms.ModelMultipleChoiceField(
        queryset=SignificantWeakness.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, label="Weaknesses it answers",
    )
    subgroup = forms.ModelChoiceField(queryset=Subgroup.objects.none(), required=False, empty_label="No subgroup")

    def __init__(self, *args, plan: Plan, may_move: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weaknesses"].queryset = plan.inspection.weaknesses.order_by("number")
        self.fields["title"].label = f"{plan.section_word} title"
        if may_move:
            self.fields["subgroup"].queryset = Subgroup.objects.filter(plan=plan).select_related("lead")
        else:
            del self.fields["subgroup"]


def month_choices(today: date) -> list[tuple[str, str]]:
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    return [
        (this_month.isoformat(), f"{this_month:%B %Y} (this month)"),
        (last_month.isoformat(), f"{last_month:%B %Y} (last month)"),
    ]


class ProgressUpdateForm(BoundedTextMixin, forms.Form):
    """The quick monthly update: rating, what happened, evidence, and a reason when the rating got worse."""

    message_names = {"narrative": "What progress was made", "reason": "The reason the rating is worse"}

    month = forms.TypedChoiceField(
        widget=forms.RadioSelect, coerce=date.fromisoformat, label="Which month is this update for?"
    )
    rating = forms.ChoiceField(widget=forms.RadioSelect, label="Rating", error_messages={
        "required": "Choose a rating"})
    narrative = forms.CharField(
        label="What progress was made?", widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what progress was made this month"},
    )
    evidence = forms.CharField(
        label="Evidence (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Web addresses of documents, one per line, are added to the action's evidence; anything else you "
        "write (where inspectors can find a paper file, say) stays with this update",
    )
    reason = forms.CharField(
        label="Why is the rating worse? (if it is)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )
    # "<update id>.<version>" of the saved update the person opened to revise; blank for a new update.
    revising = forms.RegexField(regex=r"^\d{1,18}\.\d{1,9}$", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, legend: Legend, today: date, current_rating_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.legend, self.today, self.current_rating_label = legend, today, current_rating_label
        self.fields["month"].choices = month_choices(today)
        self.fields["rating"].choices = _rating_choices(legend)
        self.fields["reason"].help_text = (
            f"Needed if the rating is worse than before. It is now {current_rating_label}."
        )

    def clean_revising(self) -> tuple[int, int] | None:
        value = self.cleaned_data["revising"]
        if not value:
            return None
        update_id, version = value.split(".")
        return int(update_id), int(version)

    @staticmethod
    def initial_for(update) -> dict:
        """The form opened on a saved update, to revise it."""
        return {
            "month": update.month.isoformat(), "rating": update.rating, "narrative": update.narrative,
            "evidence": update.evidence, "reason": update.reason_for_worse_rating,
            "revising": f"{update.pk}.{update.version}",
        }


class ActionFilterForm(BoundedTextMixin, forms.Form):
    """The action list's filters, sent with GET so a filtered list can be bookmarked and shared."""

    q = forms.CharField(required=False, label="Search", help_text="Reference, title or description")
    # Plain (id, label) choices, not model choices: a model object per option cost more than the list itself.
    strand = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    lead = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Lead officer")
    rating = forms.ChoiceField(required=False)
    overdue = forms.BooleanField(required=False, label="Overdue only")
    due_this_quarter = forms.BooleanField(required=False)
    # The narrower filters a board's dashboard links to (selectors.ActionFilters): kept as hidden fields, so that
    # changing another filter keeps them, and said in words above the list.
    weakness = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    subgroup = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    due_by = forms.DateField(required=False, widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])
    changed_since = forms.DateField(required=False, widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])
    added_since = forms.DateField(required=False, widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])
    update_missing = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, plan: Plan, strands, leads, quarter_name: str, **kwargs):
        """``strands`` and ``leads`` are (id, label) pairs."""
        super().__init__(*args, **kwargs)
        self.fields["strand"].choices = [("", "All"), *strands]
        self.fields["strand"].label = plan.section_word
        self.fields["lead"].choices = [("", "All"), *leads]
        self.fields["rating"].choices = [("", "All"), *_rating_choices(plan.legend)]
        self.fields["due_this_quarter"].label = f"Due this quarter ({quarter_name})"


# --- Importing a plan from a spreadsheet -------------------------------------------------------------

# A plan of a few hundred actions is well under 1 MB; a bigger file is the wrong one (or a data dump).
MAX_PLAN_UPLOAD_BYTES = 5 * 1024 * 1024


class PlanImportForm(forms.Form):
    spreadsheet = forms.FileField(
        label="Upload the spreadsheet",
        help_text="An Excel workbook (.xlsx) or a CSV file, up to 5 MB. Nothing is saved until you have checked it.",
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv",
        }),
        error_messages={
            "required": "Select the spreadsheet to import",
            "empty": "The selected file is empty",
            "invalid": "Select the spreadsheet to import",
        },
    )

    def clean_spreadsheet(self):
        upload = self.cleaned_data["spreadsheet"]
        if upload.size > MAX_PLAN_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_PLAN_UPLOAD_BYTES // 2**20} MB "
                f"(it is {upload.size / 2**20:.1f} MB)"
            )
        return upload


# --- The plan on a past day ---------------------------------------------------------------------------


class PastDayForm(forms.Form):
    """The overview's date picker: sent with GET, then the page is asked for again with ``?on=YYYY-MM-DD``."""

    on = DateField(
        label="See the plan as it stood on", help_text="For example, 14 3 2025",
        error_messages={"required": "Enter the day to see the plan on"},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_on(self) -> date:
        day = self.cleaned_data["on"]
        if day is not None and day > self.today:
            raise forms.ValidationError("The date must be today or in the past")
        return day


class RatingWordsForm(forms.Form):
    """What each rating word of a spreadsheet that the plan's legend does not know means (the check page)."""

    def __init__(self, *args, words, legend: Legend, **kwargs):
        super().__init__(*args, **kwargs)
        self.words = list(words)
        choices = [("", "Choose a rating"), *((entry.key, entry.label) for entry in legend)]
        for position, word in enumerate(self.words):
            rows = len(word.rows)
            self.fields[f"word-{position}"] = forms.ChoiceField(
                label=f"“{word.written}” ({rows} row{'s' if rows != 1 else ''})", choices=choices,
                error_messages={"required": f"Choose what “{word.written}” means",
                                "invalid_choice": f"Choose what “{word.written}” means"},
            )
            self.fields[f"legend-{position}"] = forms.BooleanField(
                required=False, label=f"Add “{word.written}” to the legend as a word for that rating",
            )

    def rows(self):
        """(word, its rating field, its legend checkbox) for the template."""
        return [(word, self[f"word-{i}"], self[f"legend-{i}"]) for i, word in enumerate(self.words)]

    def mapping(self) -> tuple[dict[str, tuple[str, str]], set[str]]:
        words = {word.key: (word.written, self.cleaned_data[f"word-{i}"]) for i, word in enumerate(self.words)}
        into_legend = {word.key for i, word in enumerate(self.words) if self.cleaned_data[f"legend-{i}"]}
        return words, into_legend
