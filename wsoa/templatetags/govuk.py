"""Template tags that draw Django forms as GOV.UK Design System components."""

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _kind(field) -> str:
    from wsoa.fields import DateInputWidget

    widget = field.field.widget
    if isinstance(widget, DateInputWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.inclusion_tag("includes/field.html")
def govuk_field(field, *, classes: str = "", hint: str = ""):
    """One form group: label, hint, error message and the control, wired with aria-describedby."""
    if field.errors and _kind(field) == "date":
        field.field.widget.attrs["error"] = True
    described_by = []
    if hint or field.help_text or _kind(field) == "date":
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    return {
        "field": field,
        "kind": _kind(field),
        "classes": classes,
        "hint": hint or field.help_text,
        "described_by": " ".join(described_by),
    }


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(*forms_with_errors):
    """The error summary at the top of a page, linking each message to its field."""
    items = []
    for form in forms_with_errors:
        if form is None:
            continue
        if isinstance(form, forms.BaseFormSet):
            items += _formset_errors(form)
            continue
        for message in form.non_field_errors():
            items.append({"href": "", "message": message})
        for field in form:
            # A group of radios or checkboxes is reached through its first option.
            anchor = f"{field.auto_id}_0" if _kind(field) in {"radios", "checkboxes", "date"} else field.auto_id
            for message in field.errors:
                items.append({"href": f"#{anchor}", "message": message})
    return {"errors": items}


def _formset_errors(formset) -> list[dict]:
    """A formset's own errors, then each row's, the row named by its number ("Row 2: Enter the name")."""
    items = [{"href": "", "message": message} for message in formset.non_form_errors()]
    for number, form in enumerate(formset.forms, start=1):
        for message in form.non_field_errors():
            items.append({"href": "", "message": f"Row {number}: {message}"})
        for field in form:
            anchor = f"{field.auto_id}_0" if _kind(field) in {"radios", "checkboxes", "date"} else field.auto_id
            for message in field.errors:
                items.append({"href": f"#{anchor}", "message": f"Row {number}: {message}"})
    return items


@register.simple_tag
def govuk_options(field):
    """A select's <option>s drawn in one go: a template per option costs more than the rest of a long list."""
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    chosen = {str(item) for item in values if item is not None}
    return _options(field.field.choices, chosen)


def _options(choices, chosen: set[str]) -> SafeString:
    # Each value and label is escaped as format_html would escape it, and the list marked safe once: format_html
    # for every option of a long list costs more than the rest of the field.
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # a group of options
            parts.append(f'<optgroup label="{conditional_escape(value)}">{_options(label, chosen)}</optgroup>')
            continue
        selected = " selected" if str(value) in chosen else ""
        parts.append(f'<option value="{conditional_escape(str(value))}"{selected}>{conditional_escape(label)}</option>')
    return mark_safe("".join(parts))  # noqa: S308
