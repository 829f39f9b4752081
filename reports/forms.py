"""Forms of the dashboards' pages: the date picker (GET, sent on as ``?on=YYYY-MM-DD``)."""
from actions.forms import PastDayForm


class DashboardDayForm(PastDayForm):
    """The plan pages' date picker, worded for a dashboard."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "See the dashboard as it stood at the end of"
        self.fields["on"].error_messages["required"] = "Enter the day to see the dashboard on"
