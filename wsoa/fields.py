"""Form fields in the GOV.UK pattern: the date input with separate day, month and year boxes."""

from datetime import date

from django import forms


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


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = DateInputWidget

    def __init__(self, *, required: bool = True, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, required=required, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        label = self.label or "Date"
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{label} must be a real date, in numbers")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date") from None
