"""How the feed writes a CSV cell, with no database: Excel must never run a cell as a formula, and numbers and
dates must stay what they are."""
from datetime import UTC, date, datetime

import pytest

from api.listing import csv_cell, csv_text


@pytest.mark.parametrize(("value", "written"), [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("+44 114 000", "'+44 114 000"), ("-1 to 3", "'-1 to 3"), ("@SUM(A1)", "'@SUM(A1)"), ("  =1+1", "'  =1+1"),
    ("\tTab", "'\tTab"), ("Audit EHC plans", "Audit EHC plans"), ("", ""),
    (-1.5, "-1.5"), (42, "42"), (None, ""), (True, "true"), (False, "false"),
    (date(2025, 3, 14), "2025-03-14"), (datetime(2025, 3, 14, 9, 30, tzinfo=UTC), "2025-03-14T09:30:00+00:00"),
    ([3, 7], "3; 7"), (["=x"], "'=x"),
])
def test_a_cell_is_written_as_excel_should_read_it(value, written):
    assert csv_cell(value) == written


def test_a_csv_has_its_heading_row_and_quotes_text_on_several_lines():
    text = csv_text([{"id": 1, "narrative": "Met twice.\nBoth panels."}], columns=["id", "narrative"])
    assert text == 'id,narrative\r\n1,"Met twice.\nBoth panels."\r\n'
