"""The dashboard's links to the action list are what ``urlencode`` writes for the same filters, the day last."""
from datetime import date
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from reports.dashboard.links import Links

DAY = date(2025, 3, 14)


@pytest.mark.parametrize("filters", [
    {}, {"rating": "amber"}, {"strand": 12, "rating": "not_started"}, {"overdue": True, "weakness": 3},
    {"subgroup": 4, "update_missing": True}, {"due_by": date(2025, 4, 8)}, {"changed_since": date(2025, 2, 11)},
    {"rating": "a key & more/é", "strand": None, "overdue": False, "search": ""},
], ids=["none", "rating", "strand", "overdue", "missing", "due-by", "changed", "quoted"])  # fmt: skip
def test_a_link_to_the_action_list_is_urlencodes_query_with_the_day_last(filters):
    kept = {name: "on" if value is True else value.isoformat() if isinstance(value, date) else value
            for name, value in filters.items() if not (value is None or value == "" or value is False)}
    expected = f"{reverse('actions:action_list', args=[7])}?{urlencode({**kept, 'on': DAY.isoformat()})}"
    assert Links(plan_pk=7, day=DAY).actions(**filters) == expected


def test_a_link_to_an_action_shows_it_on_the_day():
    assert Links(plan_pk=7, day=DAY).action(42) == f"{reverse('actions:action', args=[42])}?on=2025-03-14"
