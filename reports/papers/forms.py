"""Forms of the committee report pages. What is typed is checked here for its shape (dates, lengths); what the
report's state allows is the services' to say."""
from django import forms

from wsoa.fields import BoundedTextMixin, DateField, max_length_of

from ..models import Report
from .branding import COLOUR_CHOICES
from .kinds import GENERATED_CHOICES, NUMBERING_CHOICES, TITLE_FIELDS


class ReportStartForm(BoundedTextMixin, forms.Form):
    inspection = forms.ModelChoiceField(queryset=None, label="Inspection",
                                        error_messages={"required": "Choose the inspection the report is about"})
    template = forms.ModelChoiceField(queryset=None, label="Template",
                                      error_messages={"required": "Choose the kind of report"})
    meeting_on = DateField(label="Meeting date", error_messages={"required": "Enter the date of the meeting"})
    data_on = DateField(label="Show the figures as they stood at the end of",
                        error_messages={"required": "Enter the day the figures are for"})
    changes_since = DateField(label="Changes since (optional)", required=False)
    meeting = forms.ModelChoiceField(queryset=None, required=False, label="Board meeting (board packs only)")
    weakness = forms.ModelChoiceField(queryset=None, required=False,
                                      label="Area of weakness (revisit packs; leave empty for every one)")
    title = forms.CharField(label="Title (optional)", required=False, max_length=max_length_of(Report, "title"))

    def __init__(self, *args, inspections, templates, meetings, weaknesses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = inspections
        self.fields["inspection"].label_from_instance = lambda i: f"{i.area}: inspection of {i.starts_on:%B %Y}"
        self.fields["template"].queryset = templates
        self.fields["template"].label_from_instance = lambda t: f"{t.name} ({t.area})"
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"{m.board.name}, {m.held_on:%-d %B %Y}"
        self.fields["weakness"].queryset = weaknesses
        self.fields["weakness"].label_from_instance = lambda w: f"Weakness {w.number}: {w.title}"


class SectionForm(BoundedTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    text = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 12}))


class TitleBlockForm(BoundedTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    title = forms.CharField(label="Title", max_length=max_length_of(Report, "title"),
                            error_messages={"required": "Enter the report's title"})

    def __init__(self, *args, fields: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for key in fields:
            if key in TITLE_FIELDS:
                self.fields[key] = forms.CharField(label=TITLE_FIELDS[key], required=False, max_length=300)

    def values(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if key in TITLE_FIELDS}


class ApproveForm(BoundedTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    role_words = forms.CharField(label="You approve this report as", max_length=200,
                                 help_text="Your role, for example Executive Director (Children's Services)",
                                 error_messages={"required": "Enter the role you approve this report as"})


class TemplateCopyForm(BoundedTextMixin, forms.Form):
    name = forms.CharField(label="Name of the copy", max_length=200,
                           error_messages={"required": "Enter a name for the copy"})


class TemplateForm(BoundedTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter a name for the template"})
    numbering = forms.ChoiceField(label="Numbering", choices=NUMBERING_CHOICES, widget=forms.RadioSelect,
                                  error_messages={"required": "Choose how sections are numbered"})
    title_fields = forms.MultipleChoiceField(label="Title block", choices=list(TITLE_FIELDS.items()),
                                             required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in TITLE_FIELDS.items():
            self.fields[f"default_{key}"] = forms.CharField(
                label=f"{label}: what a new report says (optional)", required=False, max_length=300)

    def defaults(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"default_{key}"] for key in TITLE_FIELDS}


class TemplateSectionForm(BoundedTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    heading = forms.CharField(label="Heading", max_length=200,
                              error_messages={"required": "Enter the section's heading"})
    generated = forms.ChoiceField(label="What the section holds", required=False, widget=forms.RadioSelect,
                                  choices=[("", "Narrative: the author writes it"), *GENERATED_CHOICES])
    guidance = forms.CharField(label="Guidance for the author (optional)", required=False, widget=forms.Textarea)
    starter = forms.CharField(label="Starter text (optional)", required=False, widget=forms.Textarea,
                              help_text="May name {area}, {council}, {plan}, {meeting}, {meeting_date}, "
                                        "{data_date}, {weakness_count} and {inspection}")
    bold = forms.BooleanField(label="Print the text in bold", required=False)

    def __init__(self, *args, adding: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not adding:
            del self.fields["generated"]  # what a section is filled with is chosen when it is added


class VersionForm(forms.Form):
    """A button's form: the template's version, so a move or removal is not made on a page someone changed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)


class BrandingForm(BoundedTextMixin, forms.Form):
    council_name = forms.CharField(label="Council name (optional)", required=False, max_length=200,
                                   help_text="Printed at the top of every report. Left empty, the area's local "
                                             "authority is printed")
    colour = forms.ChoiceField(label="Heading colour", choices=COLOUR_CHOICES, widget=forms.RadioSelect,
                               error_messages={"required": "Choose a heading colour"},
                               help_text="Each keeps the contrast of the text on white at the AA level or better")
    logo = forms.FileField(label="Logo (optional)", required=False,
                           help_text="A PNG, JPEG, GIF or WebP picture smaller than 2 MB. It is drawn again as a PNG")
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)
