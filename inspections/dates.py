"""How dates read in the service's words, whatever the server's locale: "17 November 2021", "4 Apr 2023",
"June 2025"."""

from datetime import date

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: date) -> str:
    """ "17 November 2021": spelt out, without a leading zero, for explanations and e-mails."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """ "4 Apr 2023": for history lines and tables, where the long form would not fit."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def month_and_year(day: date) -> str:
    """ "June 2025": the month an update or a reminder is about."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_and_date(day: date) -> str:
    """ "Friday 14 March 2025": a single day someone picked, where the day of the week helps them place it."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {long_date(day)}"
