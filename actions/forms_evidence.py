"""Forms for evidence: adding a link or a file, and the filters of a weakness's evidence page."""
from django import forms

from wsoa.fields import BoundedTextMixin, DateField, max_length_of

from .evidence_files import ALLOWED_IN_WORDS
from .evidence_models import EvidenceItem
from .weakness_evidence import EvidenceFilters, EvidenceTargets

ACCEPTED_FILES = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.csv,.png,.jpg,.jpeg,.gif,.webp"


class _Choices(forms.MultipleChoiceField):
    """Checkboxes of objects already read for the page (no query of their own); cleaned, the objects chosen."""

    def __init__(self, objects, *, label: str, words=str):
        self.objects = {str(obj.pk): obj for obj in objects}
        super().__init__(
            choices=[(key, words(obj)) for key, obj in self.objects.items()], required=False,
            widget=forms.CheckboxSelectMultiple, label=label,
            error_messages={"invalid_choice": f"Choose {label.lower()} from the list",
                            "invalid_list": f"Choose {label.lower()} from the list"},
        )

    def clean(self, value):
        return [self.objects[key] for key in dict.fromkeys(super().clean(value))]


class EvidenceForm(BoundedTextMixin, forms.Form):
    """A link or an uploaded file, what it is and what it supports."""

    message_names = {"note": "What it shows"}

    title = forms.CharField(
        max_length=max_length_of(EvidenceItem, "title"), required=False,
        help_text="For example, SEND panel minutes, March 2026. Left blank, the file's name or the link is used.",
    )
    dated = DateField(label="Date of the evidence", help_text="For example, 27 3 2026",
                      error_messages={"required": "Enter the date of the evidence"})
    kind = forms.ChoiceField(
        choices=EvidenceItem.Kind.choices, widget=forms.RadioSelect, label="What kind of evidence is it?",
        error_messages={"required": "Choose what kind of evidence it is"},
    )
    note = forms.CharField(
        label="What it shows (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence for the inspectors: what this shows was done, or what difference it made",
    )
    link = forms.CharField(
        label="Web address", required=False, max_length=max_length_of(EvidenceItem, "link"),
        help_text="Starting with https://, for example a shared folder or a published report",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    file = forms.FileField(
        label="Or upload a file", required=False,
        help_text=f"It must be {ALLOWED_IN_WORDS}.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
        error_messages={"invalid": "Select the file again", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, targets: EvidenceTargets, section_word: str = "Strand", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"] = _Choices(targets.actions, label="Actions it supports")
        self.fields["impact_measures"] = _Choices(targets.measures, label="Impact measures it supports")
        self.fields["weaknesses"] = _Choices(
            targets.weaknesses, label="Weaknesses it supports",
            words=lambda weakness: f"Weakness {weakness.number}: {weakness.title}",
        )
        if not targets.measures:
            del self.fields["impact_measures"]
        if not targets.weaknesses:
            del self.fields["weaknesses"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("link") and cleaned.get("file"):
            self.add_error("link", "Enter a web address or choose a file, not both")
        elif not cleaned.get("link") and not cleaned.get("file") and "link" not in self.errors \
                and "file" not in self.errors:
            self.add_error("link", "Enter a web address, or choose a file to upload")
        if not any(cleaned.get(name) for name in ("actions", "impact_measures", "weaknesses")) \
                and "actions" not in self.errors:
            self.add_error("actions", "Choose at least one action, impact measure or weakness it supports")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"], "dated": data["dated"], "kind": data["kind"], "note": data["note"],
            "link": data["link"], "upload": data["file"] or None, "actions": data["actions"],
            "impact_measures": data.get("impact_measures", []), "weaknesses": data.get("weaknesses", []),
        }


class EvidenceFilterForm(forms.Form):
    """The weakness page's filters, sent with GET so a filtered list can be shared."""

    kind = forms.ChoiceField(choices=[("", "All kinds"), *EvidenceItem.Kind.choices], required=False,
                             label="Kind of evidence")
    since = DateField(label="Dated from", required=False)
    until = DateField(label="Dated up to", required=False)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "Dated up to must be the same as or after dated from")
        return cleaned

    def filters(self) -> EvidenceFilters:
        if not self.is_bound or not self.is_valid():
            return EvidenceFilters()
        return EvidenceFilters(kind=self.cleaned_data["kind"], since=self.cleaned_data["since"],
                               until=self.cleaned_data["until"])
