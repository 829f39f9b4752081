"""Forms for inspections: dates and outcome, lifecycle steps, approvals, judgements and the letter import."""

from django import forms
from django.utils import timezone

from wsoa.fields import BoundedTextMixin, DateField, max_length_of
from wsoa.models import User
from wsoa.roles import area_ids_where

from .letter_actions import item_for_editing
from .models import Inspection, LocalArea, PlanApproval, SignificantWeakness
from .services import inspection_date_problems

DATE_FIELDS = ("starts_on", "ends_on", "letter_dated", "received_on", "published_on", "official_deadline")


class InspectionForm(BoundedTextMixin, forms.ModelForm):
    area = forms.ModelChoiceField(
        queryset=LocalArea.objects.all(),
        required=False,
        label="Local area",
        empty_label="A new local area",
    )
    new_area_name = forms.CharField(
        label="New local area's name", required=False, help_text="For example, Barnsley",
        max_length=max_length_of(LocalArea, "name"),
    )
    new_local_authority = forms.CharField(
        label="Its local authority", required=False, help_text="For example, Barnsley Metropolitan Borough Council",
        max_length=max_length_of(LocalArea, "local_authority"),
    )
    starts_on = DateField(
        label="Inspection started", error_messages={"required": "Enter the date the inspection started"}
    )
    ends_on = DateField(label="Inspection ended", error_messages={"required": "Enter the date the inspection ended"})
    letter_dated = DateField(label="Date on the letter", required=False)
    received_on = DateField(
        label="Final letter received",
        required=False,
        help_text=(
            "The 70 working days run from this date. If you only know the publication date, the deadline is estimated."
        ),
    )
    published_on = DateField(label="Letter published", required=False)
    official_deadline = DateField(
        label="Official deadline",
        required=False,
        help_text="Only if Ofsted's covering letter gives one: it overrides the computed date.",
    )
    responsible_people = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="People reminded about deadlines",
    )

    class Meta:
        model = Inspection
        fields = [
            "area",
            "framework",
            *DATE_FIELDS,
            "outcome",
            "lead_inspector",
            "cqc_lead_inspector",
            "report_url",
            "responsible_people",
        ]
        widgets = {"framework": forms.RadioSelect}
        error_messages = {"framework": {"required": "Choose the inspection framework"}}

    # The page's order, which the error summary follows: the new area's boxes come straight after the area.
    field_order = [
        "area", "new_area_name", "new_local_authority", "framework", *DATE_FIELDS, "outcome", "lead_inspector",
        "cqc_lead_inspector", "report_url", "responsible_people",
    ]

    report_url = forms.URLField(
        label="Published report", required=False, assume_scheme="https",
        max_length=max_length_of(Inspection, "report_url"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas = area_ids_where(user, "inspections.add_inspection")
        self.fields["area"].queryset = LocalArea.objects.filter(pk__in=areas).order_by("name")
        # People of the person's own areas only: another area's staff are not listed, nor can be chosen.
        self.fields["responsible_people"].queryset = (
            User.objects.filter(is_active=True, memberships__area_id__in=areas).distinct().order_by(
                "first_name", "last_name"
            )
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("area") and not cleaned.get("new_area_name"):
            self.add_error("new_area_name", "Choose a local area or enter the name of a new one")
        if cleaned.get("new_area_name") and not cleaned.get("area") and not cleaned.get("new_local_authority"):
            self.add_error("new_local_authority", "Enter the local authority of the new local area")
        framework, outcome = cleaned.get("framework"), cleaned.get("outcome")
        if framework == "2016" and outcome in {"1", "2", "3"}:
            self.add_error("outcome", "Outcomes 1 to 3 belong to area SEND inspections (2023 framework)")
        if framework == "2023" and outcome in {"wsoa_required", "no_wsoa"}:
            self.add_error(
                "outcome", "A Written Statement of Action belongs to the 2016 framework: choose outcome 1, 2 or 3"
            )
        dates = {field: cleaned.get(field) for field in DATE_FIELDS}
        for field, message in inspection_date_problems(today=timezone.localdate(), **dates).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class TransitionForm(BoundedTextMixin, forms.Form):
    to_status = forms.ChoiceField(label="What happened", widget=forms.RadioSelect)
    happened_on = DateField(label="When")
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("When cannot be in the future")
        return day


class ApprovalForm(BoundedTextMixin, forms.Form):
    organisation = forms.CharField(label="Organisation", max_length=max_length_of(PlanApproval, "organisation"))
    approved_by = forms.CharField(
        label="Approved by",
        max_length=max_length_of(PlanApproval, "approved_by"),
        help_text="For example, Cabinet Member for Children's Services under delegated authority, or the ICB board",
    )
    approved_on = DateField(label="Date approved")


class JudgementForm(forms.Form):
    revisit_judgement = forms.ChoiceField(
        label="Revisit judgement", choices=SignificantWeakness.Judgement.choices, widget=forms.RadioSelect
    )
    judged_on = DateField(label="Date of the revisit letter", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("revisit_judgement") and not cleaned.get("judged_on"):
            self.add_error("judged_on", "Enter the date of the revisit letter")
        return cleaned


class LetterUploadForm(forms.Form):
    letter = forms.FileField(
        label="Upload the outcome letter",
        help_text="A PDF of the letter, or a .txt file of its text. Up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.txt,application/pdf,text/plain"}),
    )


def _items(text: str) -> list[str]:
    """Items typed one per paragraph: blank lines separate them, wrapped lines join."""
    return [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]


class LetterReviewForm(BoundedTextMixin, forms.Form):
    """What the letter said, ready to correct before anything is saved."""

    area_name = forms.CharField(
        label="Local area", max_length=max_length_of(LocalArea, "name"),
        error_messages={"required": "Enter the name of the local area"},
    )
    local_authority = forms.CharField(
        label="Local authority", max_length=max_length_of(LocalArea, "local_authority"),
        error_messages={"required": "Enter the local authority"},
    )
    framework = forms.ChoiceField(label="Framework", choices=Inspection.Framework.choices, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(label="Outcome", choices=Inspection.Outcome.choices, required=False)
    starts_on = DateField(
        label="Inspection started", error_messages={"required": "Enter the date the inspection started"}
    )
    ends_on = DateField(label="Inspection ended", error_messages={"required": "Enter the date the inspection ended"})
    letter_dated = DateField(label="Date on the letter", required=False)
    received_on = DateField(
        label="Final letter received",
        required=False,
        help_text="The deadline counts from this date: enter it if you know it.",
    )
    published_on = DateField(label="Letter published", required=False)
    lead_inspector = forms.CharField(
        label="Lead inspector", max_length=max_length_of(Inspection, "lead_inspector"), required=False
    )
    cqc_lead_inspector = forms.CharField(
        label="CQC lead inspector", max_length=max_length_of(Inspection, "cqc_lead_inspector"), required=False
    )
    partners = forms.CharField(
        label="Partner organisations jointly responsible with the local authority",
        help_text="One a line, such as the clinical commissioning group or integrated care board. Each must "
        "approve the plan.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    main_findings = forms.CharField(label="Main findings", required=False, widget=forms.Textarea(attrs={"rows": 10}))
    weaknesses = forms.CharField(
        label="Areas of significant weakness or for priority action",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    areas_for_improvement = forms.CharField(
        label="Areas for improvement", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    SECTIONED = [
        (kind, section)
        for kind in ("strength", "development")
        for section in ("identifying", "meeting", "improving", "")
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Finding

        for kind, section in self.SECTIONED:
            kind_label = Finding.Kind(kind).label + "s" if kind == "strength" else "Areas for development"
            section_label = Finding.Section(section).label if section else "No section"
            self.fields[f"{kind}_{section or 'none'}"] = forms.CharField(
                label=f"{kind_label}: {section_label.lower()}", required=False, widget=forms.Textarea(attrs={"rows": 6})
            )

    def clean(self):
        cleaned = super().clean()
        dates = {
            field: cleaned.get(field)
            for field in ("starts_on", "ends_on", "letter_dated", "received_on", "published_on")
        }
        for field, message in inspection_date_problems(today=timezone.localdate(), **dates).items():
            if field not in self.errors:
                self.add_error(field, message)
        framework, outcome = cleaned.get("framework"), cleaned.get("outcome")
        if framework == "2016" and outcome in {"1", "2", "3"}:
            self.add_error("outcome", "Outcomes 1 to 3 belong to area SEND inspections (2023 framework)")
        if framework == "2023" and outcome in {"wsoa_required", "no_wsoa"}:
            self.add_error("outcome", "A Written Statement of Action belongs to the 2016 framework")
        return cleaned

    def findings(self) -> list[tuple[str, str, str]]:
        """(kind, section, text) for every finding typed in the form, in order."""
        found = [("main", "", text) for text in _items(self.cleaned_data["main_findings"])]
        for kind, section in self.SECTIONED:
            found += [(kind, section, text) for text in _items(self.cleaned_data[f"{kind}_{section or 'none'}"])]
        found += [("improvement", "", text) for text in _items(self.cleaned_data["areas_for_improvement"])]
        return found

    def weakness_texts(self) -> list[str]:
        return _items(self.cleaned_data["weaknesses"])

    def partner_names(self) -> list[str]:
        names = (" ".join(line.split()) for line in self.cleaned_data["partners"].splitlines())
        return list(dict.fromkeys(name for name in names if name))

    @classmethod
    def initial_from_letter(cls, letter: dict) -> dict:
        """The form's starting values from `letter_as_dict` output."""

        def joined(items):
            return "\n\n".join(items)

        def actions(items):
            return [item_for_editing(item["text"], item["bullets"], item["responsible_body"]) for item in items]

        def by_section(items, section):
            return joined(item["text"] for item in items if (item.get("section") or "") == section)

        outcome = ""
        if letter.get("framework") == "2016" and letter.get("wsoa_required") is not None:
            outcome = "wsoa_required" if letter["wsoa_required"] else "no_wsoa"
        elif letter.get("outcome"):
            outcome = str(letter["outcome"])
        bodies = letter.get("jointly_responsible", [])
        councils = [body["name"] for body in bodies if body["kind"] == "council"]
        initial = {
            "area_name": letter.get("area_name") or "",
            "local_authority": councils[0] if councils else "",
            "partners": "\n".join(body["name"] for body in bodies if body["kind"] != "council"),
            "framework": letter.get("framework") or "",
            "outcome": outcome,
            "starts_on": letter.get("inspection_start"),
            "ends_on": letter.get("inspection_end"),
            "letter_dated": letter.get("letter_date"),
            "lead_inspector": letter.get("lead_inspector") or "",
            "cqc_lead_inspector": letter.get("cqc_lead_inspector") or "",
            "main_findings": joined(letter.get("main_findings", [])),
            "weaknesses": joined(
                letter.get("significant_weaknesses", []) + actions(letter.get("priority_actions", []))
            ),
            "areas_for_improvement": joined(actions(letter.get("areas_for_improvement", []))),
        }
        for kind, section in cls.SECTIONED:
            source = letter.get("strengths" if kind == "strength" else "areas_for_development", [])
            initial[f"{kind}_{section or 'none'}"] = by_section(source, section)
        return initial
