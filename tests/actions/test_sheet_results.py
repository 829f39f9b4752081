"""A plan sheet read in the background comes back from its JSON exactly as the reader gave it."""

import json
from datetime import date
from pathlib import Path

from actions.plan_sheet import read_plan_sheet
from actions.sheet_results import result_as_json, result_from_json

FIXTURES = Path(__file__).with_name("fixtures")


def test_a_messy_plan_read_comes_back_from_json_equal_dates_problems_and_columns_included():
    with (FIXTURES / "messy_wsoa.xlsx").open("rb") as file:
        result = read_plan_sheet(file, filename="Blackpool WSOA.xlsx", today=date(2023, 6, 1))
    assert result.warnings and result.errors and any(action.due for action in result.actions)

    stored = json.loads(json.dumps(result_as_json(result)))  # as the database keeps it

    assert result_from_json(stored) == result
    assert all(isinstance(action.due, date) for action in result_from_json(stored).actions if action.due)
