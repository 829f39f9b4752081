"""An impact measure's numbers as people write and read them: "41%", "215 days", "1,204 plans", typed or shown.

Pure: no database. Values are ``Decimal`` with at most 10 digits before the point and 4 after it (the model's
``DecimalField(max_digits=14, decimal_places=4)``), so a value this module accepts always fits the column.
"""
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_DIGITS, DECIMAL_PLACES = 14, 4
LARGEST = Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES) - Decimal(1).scaleb(-DECIMAL_PLACES)  # 9,999,999,999.9999
PERCENT = "%"
# Units written before the number, with no space: "£1,204".
PREFIX_UNITS = {"£", "$", "€"}
# Words whose singular is not the word without its "s".
_SINGULAR = {"children": "child", "people": "person", "young people": "young person", "families": "family"}
# What a person may type: a sign, digits (grouped in threes with commas, or not), a point and decimals.
_NUMBER = re.compile(r"[+\-\u2212]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.[0-9]+)?")
_DIGIT = re.compile(r"[0-9]")


class NumberProblem(ValueError):
    """Why a typed value is not a measure's number, as the end of a sentence that starts with the box's label:
    "must be a number, like 41 or 1,204"."""


# --- reading what people type --------------------------------------------------------------------------


def parse_measure_value(text: str, *, unit: str = "") -> Decimal:
    """ "41%", "41", "1,204", " 12.5 ", "215 days" → Decimal; anything else raises :class:`NumberProblem`.

    The measure's own unit may be typed after the number (or £ before it); no other words are. Percentages
    lie between 0 and 100, and no measure's value is negative: a measure counts, times or rates something.
    """
    number = _without_unit(" ".join(str(text).split()), unit.strip())
    if not _DIGIT.search(number) or not _NUMBER.fullmatch(number):
        raise NumberProblem(f"must be a number, like {_example(unit)}")
    value = Decimal(number.replace(",", "").replace("\u2212", "-"))
    if value < 0:
        raise NumberProblem("must be 0 or more")
    if unit.strip() == PERCENT and value > 100:
        raise NumberProblem("must be a percentage between 0 and 100")
    if value > LARGEST:
        raise NumberProblem(f"must be less than {format_number(LARGEST + Decimal('0.0001'))}")
    if -value.as_tuple().exponent > DECIMAL_PLACES:
        raise NumberProblem(f"must have no more than {DECIMAL_PLACES} decimal places")
    return value + 0  # "-0" → 0


def _without_unit(text: str, unit: str) -> str:
    """The typed text without the measure's unit (any letter case), or "%" for a percentage, before or after."""
    candidates = {unit, PERCENT} if unit == PERCENT else {unit}
    for written in sorted((c for c in candidates if c), key=len, reverse=True):
        lowered, unit_lowered = text.lower(), written.lower()
        if lowered.endswith(unit_lowered):
            return text[: len(text) - len(written)].strip()
        if written in PREFIX_UNITS and text.startswith(written):
            return text[len(written):].strip()
        singular = _singular(written)
        if singular != written and lowered.endswith(singular.lower()):
            return text[: len(text) - len(singular)].strip()
    return text


def _example(unit: str) -> str:
    return "41%" if unit.strip() == PERCENT else "41 or 1,204"


def parse_or_none(text: str, *, unit: str = "") -> Decimal | None:
    """A blank box is no value; otherwise as :func:`parse_measure_value`."""
    return None if not str(text).strip() else parse_measure_value(text, unit=unit)


# --- writing numbers for people ------------------------------------------------------------------------


def format_number(value: Decimal | int | float) -> str:
    """ "1,204", "12.5", "41" (never "41.0000"), with up to the 4 decimal places a measure keeps."""
    value = Decimal(value).quantize(Decimal(1).scaleb(-DECIMAL_PLACES), rounding=ROUND_HALF_UP)
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_measure_value(value: Decimal | int | float | None, unit: str = "", *, empty: str = "–") -> str:
    """ "41%", "215 days", "1,204 plans", "1 day", "£1,204"; ``empty`` for no value."""
    if value is None:
        return empty
    try:
        number = format_number(value)
    except (InvalidOperation, ValueError):
        return empty
    unit = unit.strip()
    if not unit:
        return number
    if unit == PERCENT:
        return f"{number}%"
    if unit in PREFIX_UNITS:
        return f"-{unit}{number[1:]}" if number.startswith("-") else f"{unit}{number}"
    return f"{number} {_singular(unit) if Decimal(value) == 1 else unit}"


def format_change(change: Decimal | None, unit: str = "") -> str:
    """The size of a change: "6 percentage points", "35 days", "1 plan" (no sign: the words say which way)."""
    if change is None:
        return ""
    size = abs(change)
    if unit.strip() == PERCENT:
        return f"{format_number(size)} percentage point{'' if size == 1 else 's'}"
    return format_measure_value(size, unit)


def typed_form(value: Decimal | None) -> str:
    """A saved value as it goes back into a box to be changed: "1204", "12.5" (no grouping, no unit)."""
    if value is None:
        return ""
    return format_number(value).replace(",", "")


def _singular(unit: str) -> str:
    """ "days" → "day", "visits a month" → "visit a month", "children" → "child"; others as written."""
    lowered = unit.lower()
    for plural, singular in _SINGULAR.items():
        if lowered == plural or lowered.startswith(f"{plural} "):
            return singular + unit[len(plural):]
    words = unit.split(" ")
    for position, word in enumerate(words[:2]):
        if len(word) > 2 and word.isalpha() and word.endswith("s") and not word.endswith("ss"):
            words[position] = word[:-1]
            break
    return " ".join(words)
