"""Barnsley's real case, shared by the schedule and reminder tests.

Letter dated Monday 15 November, received Wednesday 17 November, published Friday 19 November 2021; the Written
Statement of Action was due Monday 28 February 2022, 70 working days after receipt. Counting working days only,
30 before the deadline is Monday 17 January, 10 is Monday 14 February, 5 is Monday 21 February, 1 is Friday
25 February 2022.
"""
from datetime import date

RECEIVED = date(2021, 11, 17)
PUBLISHED = date(2021, 11, 19)
WSOA_DUE = date(2022, 2, 28)
SOON_AFTER_THE_LETTER = date(2021, 11, 22)
THIRTY_BEFORE = date(2022, 1, 17)
TEN_BEFORE = date(2022, 2, 14)
FIVE_BEFORE = date(2022, 2, 21)
ONE_BEFORE = date(2022, 2, 25)
FIRST_DAY_OVERDUE = date(2022, 3, 1)
BARNSLEY_DATES = {
    "framework": "2016",
    "starts_on": date(2021, 9, 20),
    "ends_on": date(2021, 9, 24),
    "letter_dated": date(2021, 11, 15),
    "received_on": RECEIVED,
    "published_on": PUBLISHED,
    "outcome": "wsoa_required",
}
