"""What an admin page would post back: its form and inline formsets as they stand, so a test changes one field."""
from django import forms


def _values(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        key, value = form.add_prefix(name), form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif value is None and isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
            data[key] = []
        elif value is None:
            data[key] = ""
        elif isinstance(value, str | int):
            data[key] = value
        elif isinstance(field.widget, forms.MultiWidget):  # a date and a time in two boxes
            parts = zip(field.widget.widgets, field.widget.decompress(value), strict=True)
            for index, (widget, part) in enumerate(parts):
                data[f"{key}_{index}"] = widget.format_value(part)
        else:  # dates and numbers as the widget writes them
            data[key] = field.widget.format_value(value)
        if field.show_hidden_initial and key in data:  # a callable default's hidden copy, as the page has it
            data[form.add_initial_prefix(name)] = data[key]
    return data


def posted(response, **changes) -> dict:
    """The POST data of the admin page in ``response`` as it stands, with ``changes`` (a value of None drops
    the field, as an unticked box does)."""
    data = _values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_values(formset.management_form))
        for form in formset.forms:
            data.update(_values(form))
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def extra_row(data: dict, prefix: str) -> str:
    """The prefix of the first empty row of an inline ("memberships-1"), to fill in a new related object."""
    return f"{prefix}-{data[f'{prefix}-INITIAL_FORMS']}"
