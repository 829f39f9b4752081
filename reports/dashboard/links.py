"""Where each number of the dashboard leads: the plan's action list with the filter that lists the actions behind
it, on the dashboard's day (``on=``, which the list reads as today's plan when the day is today), so a link in a
snapshot issued today still lists what the board was sent once that day has passed."""
import re
from datetime import date
from urllib.parse import quote_plus

from django.urls import reverse

from actions.past_day import ON

# What ``quote_plus`` leaves as it is: a value made only of these is its own quoted form.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")


def _quoted(value) -> str:
    text = "on" if value is True else value.isoformat() if isinstance(value, date) else str(value)
    return text if _UNQUOTED.fullmatch(text) else quote_plus(text)


class Links:
    def __init__(self, *, plan_pk: int, day: date):
        self.day = day
        self._list = reverse("actions:action_list", args=[plan_pk])
        self._action = reverse("actions:action", args=[0]).removesuffix("0/")
        self._on = f"{ON}={_quoted(day)}"

    def actions(self, **filters) -> str:
        """The action list with these filters (``True`` is a ticked box, a date its ISO form; empty ones left out)."""
        # ``urlencode`` as it would write it (a dashboard makes a few hundred of these), the day last.
        query = [f"{_quoted(name)}={_quoted(value)}" for name, value in filters.items()
                 if not (value is None or value == "" or value is False)]
        return f"{self._list}?{'&'.join([*query, self._on])}"

    def action(self, pk: int) -> str:
        return f"{self._action}{int(pk)}/?{self._on}"
