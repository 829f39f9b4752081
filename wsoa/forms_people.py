"""The People pages' forms: inviting a person, giving a role, changing or moving one, deactivating.

The area and role offered are those the person filling the form may give; what is finally allowed is the
service's decision (``wsoa.services``), whose refusal the page shows on the field.
"""

from django import forms

from .fields import BoundedTextMixin, max_length_of
from .models import User
from .roles import ROLE_ORDER, Role, grantable_roles
from .selectors import areas_to_give_roles_in


def _role_choices(user, area_ids) -> list[tuple[str, str]]:
    offered = {role for area_id in area_ids for role in grantable_roles(user, area_id)}
    return [("", "Choose a role")] + [(role, Role(role).label) for role in ROLE_ORDER if role in offered]


class AreaRoleForm(forms.Form):
    area = forms.TypedChoiceField(label="Local area", coerce=int, error_messages={
        "required": "Choose the local area", "invalid_choice": "Choose one of your local areas"})
    role = forms.ChoiceField(label="Role", error_messages={
        "required": "Choose a role", "invalid_choice": "Choose one of the roles you can give"})

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {area.pk: area for area in areas_to_give_roles_in(by)}
        self.fields["area"].choices = [("", "Choose a local area")] + [(pk, a.name) for pk, a in self.areas.items()]
        self.fields["role"].choices = _role_choices(by, self.areas)
        if len(self.areas) == 1 and not self.is_bound:
            self.initial.setdefault("area", next(iter(self.areas)))

    def chosen_area(self):
        return self.areas[self.cleaned_data["area"]]


class PersonForm(BoundedTextMixin, forms.Form):
    """Who is invited: the e-mail address they sign in with, and their name."""

    email = forms.EmailField(
        label="E-mail address", max_length=max_length_of(User, "email"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter their e-mail address",
                        "invalid": "Enter an e-mail address like name@example.gov.uk"},
    )
    first_name = forms.CharField(label="First name", max_length=max_length_of(User, "first_name"),
                                 error_messages={"required": "Enter their first name"})
    last_name = forms.CharField(label="Last name", max_length=max_length_of(User, "last_name"),
                                error_messages={"required": "Enter their last name"})


class InviteForm(PersonForm, AreaRoleForm):
    job_title = forms.CharField(label="Job title (optional)", required=False,
                                max_length=max_length_of(User, "job_title"))
    organisation = forms.CharField(label="Organisation (optional)", required=False,
                                   max_length=max_length_of(User, "organisation"))
    field_order = ["email", "first_name", "last_name", "job_title", "organisation", "area", "role"]


class DeactivateForm(BoundedTextMixin, forms.Form):
    reason = forms.CharField(label="Why (optional)", required=False, max_length=200,
                             help_text="For example, left the council in March")
