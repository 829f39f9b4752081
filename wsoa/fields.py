"""Form fields in the GOV.UK pattern: the date input with separate day, month and year boxes."""

import re
from datetime import date

from django import forms

# A date a person types into this service lies between these. 1900 is before any record a council keeps about
# a plan; 2100 is after any deadline, due date or re-inspection with decades to spare. Outside them a date is
# a slip of the keys (2202 for 2022), and it would cost more than a form error: the working-day counts on a
# timeline walk day by day, so a year like 9999 would make one page count millions of days.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

_DIGITS = re.compile(r"[0-9]+")


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
