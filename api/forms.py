"""The one form of the token pages: naming a new token."""
from django import forms

from wsoa.fields import BoundedTextMixin

from .models import ApiToken


class TokenForm(BoundedTextMixin, forms.Form):
    name = forms.CharField(
        label="Name", max_length=ApiToken._meta.get_field("name").max_length,
        help_text="What it is for, so you know which to revoke later. For example, Power BI SEND dashboard",
        error_messages={"required": "Enter a name for the token, for example Power BI SEND dashboard"},
    )
