"""Form fields in the GOV.UK pattern: the day/month/year date input, and text whose length limit is said in words."""

import re
from datetime import date

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import connection

# A date a person types into this service lies between these. 1900 is before any record a council keeps about
# a plan; 2100 is after any deadline, due date or re-inspection with decades to spare. Outside them a date is
# a slip of the keys (2202 for 2022), and it would cost more than a form error: the working-day counts on a
# timeline walk day by day, so a year like 9999 would make one page count millions of days.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

# Free text kept in a TextField has no column limit, so the form sets one. 10,000 characters is about four
# pages of A4: far more than any narrative, note or list of findings needs, small enough that a pasted
# document (or a megabyte from a script) never reaches the database, the pages or the exports.
LONG_TEXT_MAX_LENGTH = 10_000

_DIGITS = re.compile(r"[0-9]+")


def max_length_of(model, field_name: str) -> int:
    """The column's limit, so that a form refuses what the database would."""
    return model._meta.get_field(field_name).max_length


def integer_bounds_of(model, field_name: str) -> dict[str, int]:
    """``min_value`` and ``max_value`` for a form's IntegerField: what the column holds."""
    low, high = connection.ops.integer_field_range(model._meta.get_field(field_name).get_internal_type())
    return {"min_value": low, "max_value": high}


class DateInputWidget(forms.MultiWidget):
    template_name = "includes/date_input_widget.html"

    def __init__(self, attrs=None):
        boxes = [
            forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-4"}
            ),
        ]
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class _DateBox(forms.Field):
    """One box of a date input, as typed: the date field as a whole says what is wrong with it."""

    def __init__(self):
        super().__init__(required=False)

    def to_python(self, value):
        return str(value or "").strip()


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages; any text at all gives one of them."""

    widget = DateInputWidget

    def __init__(self, *, required: bool = True, **kwargs):
        super().__init__(
            fields=(_DateBox(), _DateBox(), _DateBox()), required=required, require_all_fields=False, **kwargs
        )

    def compress(self, data_list):
        day, month, year = data_list or ("", "", "")
        if not (day or month or year):
            return None
        label = self.label or "Date"
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and '.join(missing)}")
        if not all(_DIGITS.fullmatch(part) for part in (day, month, year)):
            raise forms.ValidationError(f"{label} must be a real date, in numbers")
        if len(year) != 4:
            raise forms.ValidationError(f"{label} must have a year of 4 numbers, like 2024")
        if len(day) > 2 or len(month) > 2:
            raise forms.ValidationError(f"{label} must be a real date")
        try:
            typed = date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date") from None
        if not EARLIEST_DATE <= typed <= LATEST_DATE:
            raise forms.ValidationError(f"{label} must be between {EARLIEST_DATE.year} and {LATEST_DATE.year}")
        return typed


class BoundedTextMixin:
    """Every text field of the form has a limit, and its limit and its refusal of null characters are in words.

    A text field without a max_length (free text, kept in a TextField) gets LONG_TEXT_MAX_LENGTH; one backed
    by a CharField column should declare the column's limit with :func:`max_length_of`. The messages are
    set as the form is cleaned, so that they name the field by the label the form finally gave it.
    """

    # How the messages name a field whose label does not read as a name (a question, say).
    message_names: dict[str, str] = {}

    def full_clean(self):
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField):
                _bound(field, self.message_names.get(name) or self[name].label.removesuffix(" (optional)"))
        if self.is_bound:
            boxes = [self.add_prefix(name) for name, field in self.fields.items()
                     if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea)]
            self.data = _line_breaks_as_kept(self.data, boxes)
        super().full_clean()


def _line_breaks_as_kept(data, names: list[str]):
    """The data with each line break in these text areas as one character. A browser sends a text area's line
    break as two (CR LF), so text that fits the limit as it is kept and shown would be refused as too long, and
    kept with both characters."""
    names = [name for name in names if name in data]
    if not names:
        return data
    data = data.copy()
    for name in names:
        if hasattr(data, "setlist"):  # a request's QueryDict: every value of the name
            data.setlist(name, [_one_character_breaks(value) for value in data.getlist(name)])
        else:
            data[name] = _one_character_breaks(data[name])
    return data


def _one_character_breaks(value):
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _bound(field: forms.CharField, label: str) -> None:
    if field.max_length is None:
        field.max_length = LONG_TEXT_MAX_LENGTH
    # A limit changed after the field was made (the sign-in form's e-mail address) leaves the old check behind.
    others = [validator for validator in field.validators if not isinstance(validator, MaxLengthValidator)]
    field.validators = [*others, MaxLengthValidator(field.max_length)]
    escaped = label.replace("%", "%%")  # this message is formatted with the validator's values
    field.error_messages.setdefault("max_length", f"{escaped} must be {field.max_length:,} characters or fewer")
    field.error_messages.setdefault("null_characters_not_allowed", f"{label} must not include a null character")
