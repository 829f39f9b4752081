"""Where each number of the dashboard leads: the plan's action list with the filter that lists the actions behind
it, on the dashboard's day (``on=``, which the list reads as today's plan when the day is today), so a link in a
snapshot issued today still lists what the board was sent once that day has passed."""
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from actions.past_day import ON


class Links:
    def __init__(self, *, plan_pk: int, day: date):
        self.day = day
        self._list = reverse("actions:action_list", args=[plan_pk])
        self._action = reverse("actions:action", args=[0]).removesuffix("0/")

    def actions(self, **filters) -> str:
        """The action list with these filters (``True`` is a ticked box, a date its ISO form; empty ones left out)."""
        query = {}
        for name, value in filters.items():
            if value is None or value == "" or value is False:
                continue
            query[name] = "on" if value is True else value.isoformat() if isinstance(value, date) else value
        query[ON] = self.day.isoformat()
        return f"{self._list}?{urlencode(query)}"

    def action(self, pk: int) -> str:
        return f"{self._action}{int(pk)}/?{urlencode({ON: self.day.isoformat()})}"
