"""Forms for the governance pages: a board and its members, a meeting's record, and what the meeting decided."""
from django import forms
from django.contrib.auth import get_user_model

from actions.models import Action, Strand, Subgroup
from wsoa.fields import BoundedTextMixin, DateField, integer_bounds_of, max_length_of

from .cadence import MAX_INTERVAL_WEEKS, MAX_REPORT_DUE_WORKING_DAYS
from .models import MINUTES_LINK_SCHEMES, ActionArising, AgendaItem, Board, BoardMember, Meeting, SubgroupReport
from .report_sections import sections_of, text_normalised
from .services_reports import REASON_MAX_LENGTH

TIME_HINT = "Use the 24-hour clock, for example 10:00 or 14:30"


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label, input_formats=["%H:%M", "%H.%M", "%H:%M:%S"], help_text=TIME_HINT,
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"}),
        error_messages={"required": f"Enter the {label.lower()}", "invalid": f"{label} must be a time like 10:00"},
    )


class BoardForm(BoundedTextMixin, forms.Form):
    """Setting a board up (with the plan it oversees) or changing it (the plan stays)."""

    plan = forms.ModelChoiceField(
        queryset=None, label="Plan it oversees", empty_label=None,
        error_messages={"required": "Choose the plan the board oversees"},
    )
    name = forms.CharField(
        max_length=max_length_of(Board, "name"), error_messages={"required": "Enter the board's name"}
    )
    kind = forms.ChoiceField(choices=Board.Kind.choices, widget=forms.RadioSelect, label="Kind of board")
    chair = forms.ModelChoiceField(
        queryset=None, required=False, label="Chair", empty_label="No chair with an account",
    )
    chair_name = forms.CharField(
        max_length=max_length_of(Board, "chair_name"), required=False, label="Chair's name (if they have no account)"
    )
    frequency = forms.ChoiceField(choices=Board.Frequency.choices, widget=forms.RadioSelect, label="How often it meets")
    week_of_month = forms.ChoiceField(
        choices=[("", "Not monthly"), *Board.WeekOfMonth.choices], required=False, label="Week of the month",
        help_text="For monthly meetings",
    )
    interval_weeks = forms.IntegerField(
        min_value=1, max_value=MAX_INTERVAL_WEEKS, required=False, label="Weeks between meetings",
        help_text="For meetings every few weeks", widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Weeks between meetings must be a whole number",
            "min_value": f"Weeks between meetings must be between 1 and {MAX_INTERVAL_WEEKS}",
            "max_value": f"Weeks between meetings must be between 1 and {MAX_INTERVAL_WEEKS}",
        },
    )
    weekday = forms.TypedChoiceField(choices=Board.Weekday.choices, coerce=int, label="Day of the week")
    usual_time = _time_field("Usual start time")
    starts_on = DateField(label="First meeting on or after")
    report_due_working_days = forms.IntegerField(
        min_value=0, max_value=MAX_REPORT_DUE_WORKING_DAYS, label="Reports due, working days before the meeting",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many working days before the meeting reports are due",
            "invalid": "Working days before the meeting must be a whole number",
            "min_value": f"Working days before the meeting must be between 0 and {MAX_REPORT_DUE_WORKING_DAYS}",
            "max_value": f"Working days before the meeting must be between 0 and {MAX_REPORT_DUE_WORKING_DAYS}",
        },
    )
    reminders_on = forms.BooleanField(required=False, label="E-mail subgroup leads the reports they owe")

    def __init__(self, *args, plans=None, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        if plans is None:
            del self.fields["plan"]
        else:
            self.fields["plan"].queryset = plans
        self.fields["chair"].queryset = chairs

    @staticmethod
    def initial_for(board: Board) -> dict:
        return {name: getattr(board, "chair_id" if name == "chair" else name) for name in BOARD_FORM_FIELDS}

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "plan"}


BOARD_FORM_FIELDS = (
    "name", "kind", "chair", "chair_name", "frequency", "week_of_month", "interval_weeks", "weekday", "usual_time",
    "starts_on", "report_due_working_days", "reminders_on",
)


class BoardMemberForm(BoundedTextMixin, forms.Form):
    user = forms.ModelChoiceField(
        queryset=None, required=False, label="Person", empty_label="Someone without an account"
    )
    name = forms.CharField(max_length=max_length_of(BoardMember, "name"), required=False,
                           label="Name (if they have no account)")
    organisation = forms.CharField(max_length=max_length_of(BoardMember, "organisation"), required=False)
    role_on_board = forms.CharField(
        max_length=max_length_of(BoardMember, "role_on_board"), required=False, label="Role on the board",
        help_text="For example, Director of Children's Services",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class MeetingForm(BoundedTextMixin, forms.Form):
    held_on = DateField(label="Date")
    time = _time_field("Start time")
    status = forms.ChoiceField(choices=Meeting.Status.choices, widget=forms.RadioSelect, label="Status")
    spotlight = forms.ModelChoiceField(
        queryset=Subgroup.objects.none(), required=False, label="Spotlight subgroup", empty_label="No spotlight",
        help_text="Choosing one here keeps it: the rotation continues from it",
    )
    minutes_link = forms.URLField(
        max_length=max_length_of(Meeting, "minutes_link"), required=False, label="Link to the minutes",
        assume_scheme="https", help_text="A web address starting with https://",
        error_messages={"invalid": "Enter the link to the minutes as a web address starting with https://"},
    )
    minutes_text = forms.CharField(required=False, label="Minutes", widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, subgroups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spotlight"].queryset = subgroups

    def clean_minutes_link(self):
        link = self.cleaned_data["minutes_link"]
        if link and link.split(":", 1)[0].lower() not in MINUTES_LINK_SCHEMES:
            raise forms.ValidationError("Enter the link to the minutes as a web address starting with https://")
        return link

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        return {
            "held_on": meeting.held_on, "time": meeting.time, "status": meeting.status,
            "spotlight": meeting.spotlight_id, "minutes_link": meeting.minutes_link,
            "minutes_text": meeting.minutes_text,
        }


class AgendaItemForm(BoundedTextMixin, forms.Form):
    title = forms.CharField(max_length=max_length_of(AgendaItem, "title"), label="Item",
                            error_messages={"required": "Enter the agenda item"})
    presenter_name = forms.CharField(max_length=max_length_of(AgendaItem, "presenter_name"), required=False,
                                     label="Presented by")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(BoundedTextMixin, forms.Form):
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Enter what the board decided"})


class ActionArisingForm(BoundedTextMixin, forms.Form):
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=max_length_of(Action, "title"),
                           error_messages={"required": "Enter what is to be done"})
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False, label="Owner",
                                   empty_label="Someone without an account")
    owner_name = forms.CharField(max_length=max_length_of(ActionArising, "owner_name"), required=False,
                                 label="Owner's name (if they have no account)")
    due_on = DateField(label="Due", required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class PlanActionForm(BoundedTextMixin, forms.Form):
    strand = forms.ModelChoiceField(queryset=Strand.objects.none(), empty_label=None,
                                    error_messages={"required": "Choose the strand the action belongs to"})
    reference = forms.CharField(
        max_length=max_length_of(Action, "reference"), required=False, label="Reference",
        help_text="Leave empty for the strand's next number, for example 2.7",
    )

    def __init__(self, *args, strands, section_word: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strand"].queryset = strands
        self.fields["strand"].label = section_word


class ReportForm(BoundedTextMixin, forms.Form):
    """A subgroup's report: its narrative sections (as the kind declares them, report_sections.SECTIONS) and
    the version the person opened, for the lost-work check."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, **integer_bounds_of(SubgroupReport, "version"),
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), "Open the report again to change it: this page's version is wrong"
        ),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections_of(kind)
        for section in self.sections:
            self.fields[section.key] = forms.CharField(
                label=section.label, help_text=f"{section.hint}. Up to {section.max_length:,} characters.",
                required=False, max_length=section.max_length,
                strip=False, widget=forms.Textarea(attrs={"rows": section.rows}),
            )

    @staticmethod
    def initial_for(report: SubgroupReport) -> dict:
        return {**{key: str(text) for key, text in report.sections.items()}, "version": report.version}

    def texts(self) -> dict[str, str]:
        return {section.key: self.cleaned_data[section.key] for section in self.sections}

    def rebased(self, *, opened: dict, current: dict) -> tuple[dict, list[str]]:
        """After a refused save: the sections this person changed from what they opened, on top of the report
        as it is saved now, and which of them the other person changed too (to something else)."""
        mine = {key: text for key, text in self.texts().items() if text_normalised(text) != opened.get(key, "")}
        clashes = [key for key, text in mine.items()
                   if current.get(key, "") not in (opened.get(key, ""), text_normalised(text))]
        return {**current, **mine}, clashes


class ReportReopenForm(BoundedTextMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the report being reopened?", max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It is kept in the report's history, with your name",
        error_messages={"required": "Enter why the report is being reopened"},
    )
    message_names = {"reason": "The reason"}
