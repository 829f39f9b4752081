"""Forms for an area's set-up pages: partners, closure days, and a national deadline rule."""

from typing import get_args

from django import forms

from wsoa.fields import BoundedTextMixin, DateField, integer_bounds_of, max_length_of

from .deadline_table import Confidence, Unit
from .models import DeadlineRuleSetting, NonWorkingDay, PartnerOrganisation

UNIT_WORDS = {"working_days": "Working days", "months": "Months", "years": "Years"}
ANCHOR_WORDS = {
    "received": "the letter was received", "published": "the report was published",
    "submitted": "the plan was submitted", "resubmitted": "the plan was submitted again",
    "decided": "the fitness decision", "accepted": "the plan was accepted",
    "revisit_published": "the revisit report was published",
}


def rule_when(rule) -> str:
    """ "70 working days after the letter was received" """
    unit = UNIT_WORDS.get(rule.unit, rule.unit).lower()
    if rule.amount == 1:
        unit = unit.removesuffix("s")
    return f"{rule.amount} {unit} after {ANCHOR_WORDS.get(rule.anchor, rule.anchor)}"


class PartnerForm(BoundedTextMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=max_length_of(PartnerOrganisation, "name"),
                           help_text="For example, NHS South Yorkshire Integrated Care Board")
    kind = forms.ChoiceField(label="Kind of organisation", choices=PartnerOrganisation.Kind.choices,
                             widget=forms.RadioSelect)
    starts_on = DateField(label="Date it started", required=False,
                          help_text="Leave blank if it was in place for the whole inspection. For example, 1 7 2022")
    ends_on = DateField(label="Date it ended", required=False,
                        help_text="Leave blank while it is still in place. For example, 30 6 2022")
    successor = forms.ModelChoiceField(
        label="Taken over by", required=False, queryset=PartnerOrganisation.objects.none(), empty_label="No successor",
        help_text="The organisation that took on its part of the plan when it ended",
    )

    def __init__(self, *args, area, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = PartnerOrganisation.objects.filter(area=area).order_by("starts_on", "name")
        self.fields["successor"].queryset = others.exclude(pk=partner.pk) if partner else others


class ClosureForm(BoundedTextMixin, forms.Form):
    day = DateField(label="Date", help_text="A weekday the council is closed. For example, 27 12 2027")
    name = forms.CharField(label="What it is", max_length=max_length_of(NonWorkingDay, "name"),
                           help_text="For example, Council closure day")


class RuleForm(BoundedTextMixin, forms.Form):
    label = forms.CharField(label="Name of the milestone", max_length=max_length_of(DeadlineRuleSetting, "label"))
    amount = forms.IntegerField(label="How long", **integer_bounds_of(DeadlineRuleSetting, "amount"))
    unit = forms.ChoiceField(label="In", choices=[(unit, UNIT_WORDS.get(unit, unit)) for unit in get_args(Unit)],
                             widget=forms.RadioSelect)
    source = forms.CharField(label="Source", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="The regulation, handbook paragraph or letter the rule comes from")
    confidence = forms.ChoiceField(label="How sure it is", widget=forms.RadioSelect,
                                   choices=[(c, c.capitalize()) for c in get_args(Confidence)])
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label="In use", required=False,
                                help_text="A rule not in use gives no milestones")
    why = forms.CharField(label="Why are you changing it?", max_length=200,
                          help_text="Kept in the rule's history. For example, the 2024 handbook changed the period")
