"""The progress-rating legend (BRAG by default, configurable per plan) and reading ratings people wrote."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

__all__ = [
    "DEFAULT_LEGEND",
    "GOVUK_TAG_COLOURS",
    "RATING_KEYS",
    "REQUIRED_KEYS",
    "Legend",
    "LegendEntry",
    "LegendError",
    "RatingDecision",
    "RatingConflict",
    "RatingError",
    "RatingRefused",
    "is_complete",
    "is_worse",
    "legend_entry",
    "legend_from_json",
    "legend_keys",
    "legend_to_json",
    "parse_rating",
    "rating_change_decide",
    "rating_change_wording",
    "rating_word_key",
    "reason_needed",
    "short_label",
    "worse_ratings",
]

# The keys are what is stored on an action; a plan's legend decides what each one means and looks like.
RATING_KEYS = ("blue", "green", "amber", "red", "not_started")
NOT_STARTED = "not_started"
# A plan without blue is fine (plain RAG); one without red, amber, green or "not started" cannot rate
# actions at all, and every new or blank-rated action is "not started".
REQUIRED_KEYS = frozenset({"green", "amber", "red", "not_started"})
# Modifier names of GOV.UK Frontend's tag component (govuk-tag--<colour>).
GOVUK_TAG_COLOURS = frozenset(
    {"grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red", "orange", "yellow"}
)
_COLOUR_KEYS = ("blue", "green", "amber", "red")


@dataclass(frozen=True)
class LegendEntry:
    """One rating in a plan's legend.

    ``severity`` orders ratings for :func:`is_worse`: higher is worse, ``None`` is off the scale (not
    started, or a "suspended" blue). ``synonyms`` are extra words that mean this rating on import; the
    key itself, the label and (for colours) the initial letter always count.
    """

    key: str
    label: str
    colour: str
    severity: int | None
    complete: bool = False
    synonyms: tuple[str, ...] = field(default=())


Legend = tuple[LegendEntry, ...]


class LegendError(ValueError):
    """A legend stored on a plan that cannot be used."""


class RatingError(ValueError):
    """Text that is not exactly one rating of the legend; ``str()`` reads as '"R/A" gives two ratings…'."""

    def __init__(self, value: str, problem: str):
        self.value = value
        self.problem = problem
        super().__init__(f'"{value}" {problem}')


class RatingConflict(RatingError):
    """A cell naming two ratings ("R/A"): contradictory, so it is never mapped to one of them."""


DEFAULT_LEGEND: Legend = (
    LegendEntry(
        key="blue",
        label="Blue – complete",
        colour="blue",
        severity=0,
        complete=True,
        synonyms=("complete", "completed", "done", "achieved", "closed"),
    ),
    LegendEntry(
        key="green",
        label="Green – on track",
        colour="green",
        severity=1,
        synonyms=("on track", "on target"),
    ),
    LegendEntry(
        key="amber",
        label="Amber – some risk",
        colour="yellow",
        severity=2,
        synonyms=("some risk", "at risk", "slipping", "some slippage", "delayed"),
    ),
    LegendEntry(
        key="red",
        label="Red – significant risk/off track",
        colour="red",
        severity=3,
        synonyms=("off track", "behind", "significant risk", "not on track", "high risk"),
    ),
    LegendEntry(
        key="not_started",
        label="Not started",
        colour="grey",
        severity=None,
        synonyms=("not yet started", "not due to start", "not due to start yet", "yet to start"),
    ),
)


def legend_entry(key: str, legend: Legend = DEFAULT_LEGEND) -> LegendEntry:
    """The legend's entry for a stored rating key (for its label and tag colour).

    A key the legend no longer has (blue dropped after actions were completed) still shows, in grey, by its
    name, off the scale and not complete: a history page or an old export must still render.
    """
    for entry in legend:
        if entry.key == key:
            return entry
    return LegendEntry(key=key, label=key.replace("_", " ").capitalize(), colour="grey", severity=None)


def legend_keys(legend: Legend) -> set[str]:
    """The rating keys a plan's legend has."""
    return {entry.key for entry in legend}


def short_label(entry: LegendEntry) -> str:
    """ "Amber" for "Amber – some risk": for column headings, where the full label would not fit."""
    return entry.label.split(" – ")[0]


# --- the rule for changing an action's rating --------------------------------------------------------


class RatingRefused(ValueError):
    """A rating change that may not be made as asked; ``str()`` is the message to show the person."""


@dataclass(frozen=True)
class RatingDecision:
    """What a rating change does to the action: whether it is a change at all, and what follows from it."""

    changes: bool  # the rating in force is not already this one: an event is recorded
    worse: bool
    reason: str  # kept with the rating while it is worse, else blank
    completed_on: date | None


def reason_needed(measured_from: str, legend: Legend) -> str:
    return f"Explain why the rating is worse than before (it was {legend_entry(measured_from, legend).label})"


def rating_change_decide(
    *, in_force: str, to: str, reason: str, legend: Legend, completed_on: date | None, effective_on: date,
    measured_from: str | None = None,
) -> RatingDecision:
    """The one rule for changing an action's rating, wherever the change comes from.

    ``to`` must be a rating of the plan's legend. A change worse than ``measured_from`` (the rating in force
    unless the change is measured against another, as a revised monthly update is against the month's
    start) needs a reason; reopening a complete action is worse. A complete rating dates the completion
    (kept if the action was complete already); any other clears it.
    """
    if to not in legend_keys(legend):
        raise RatingRefused("Choose a rating from this plan's legend")
    baseline = in_force if measured_from is None else measured_from
    reason = reason.strip()
    worse = is_worse(baseline, to, legend=legend)
    if worse and not reason:
        raise RatingRefused(reason_needed(baseline, legend))
    complete = legend_entry(to, legend).complete
    return RatingDecision(
        changes=to != in_force,
        worse=worse,
        reason=reason if worse else "",
        completed_on=(completed_on or effective_on) if complete else None,
    )


def rating_change_wording(from_rating: str, to: str, reason: str, legend: Legend) -> str:
    """How a rating change reads in the history, the same from an edit, an update or an import."""
    if not from_rating:
        return f"Added as {legend_entry(to, legend).label}"
    words = f"Rating changed from {legend_entry(from_rating, legend).label} to {legend_entry(to, legend).label}"
    return f"{words}. Why it got worse: {reason}" if reason else words


def is_complete(key: str, legend: Legend = DEFAULT_LEGEND) -> bool:
    """Whether this rating means the action is done (blue by default; nothing in a plain RAG plan)."""
    return legend_entry(key, legend).complete


def is_worse(old: str, new: str, *, legend: Legend = DEFAULT_LEGEND) -> bool:
    """Whether moving an action from ``old`` to ``new`` is a deterioration the board should hear about.

    With the default legend blue < green < amber < red, so green→amber, amber→red and green→red are worse,
    and so is reopening a completed action (blue→anything rated). "Not started" is off the scale: an
    action's first rating is not a change for the worse (a red first rating shows up as red anyway). Going
    back to "not started" from any rating on the scale is worse: an action reported under way (or done) is
    now reported not begun, and the board should hear why. A plan whose blue means "suspended" gives blue
    no severity, so suspending or resuming is never "worse" either. Keys missing from the legend are off
    the scale too.
    """
    old_severity, new_severity = _severity(old, legend), _severity(new, legend)
    if new == NOT_STARTED and old != NOT_STARTED:
        return old_severity is not None
    if old_severity is None or new_severity is None:
        return False
    return new_severity > old_severity


def worse_ratings(baseline: str, legend: Legend) -> list[str]:
    """The legend's ratings that would be worse than ``baseline``, for a form to know when to ask why."""
    return [entry.key for entry in legend if is_worse(baseline, entry.key, legend=legend)]


def _severity(key: str, legend: Legend) -> int | None:
    # A rating the plan's legend no longer has (blue dropped after actions were completed) is off the
    # scale rather than an error: a history page must still render.
    return next((entry.severity for entry in legend if entry.key == key), None)


def rating_word_key(text: str) -> str:
    """How a rating word is compared: "Progressing  and on-track" is "progressing and on track"."""
    return _normalised(" ".join(text.split()))


def parse_rating(text: object, *, legend: Legend = DEFAULT_LEGEND, words: dict[str, str] | None = None) -> str:
    """The rating key for a spreadsheet cell: "Amber", "A", "On track", "Complete", "Green – on track".

    A blank cell is "not started". Two ratings in one cell ("R/A", "Amber/Green") are refused rather than
    guessed: halfway ratings exist in some plans, but rounding them either way would misreport progress.
    ``words`` are the plan's own words for its ratings (``rating_word_key`` → key), chosen on an import.
    """
    original = " ".join(("" if text is None else str(text)).split())
    if not original:
        return "not_started"
    normalised = _normalised(original)

    named = _keys_named_in(normalised, legend)
    if len(named) > 1:
        labels = ", ".join(legend_entry(key, legend).label.split(" – ")[0] for key in named)
        raise RatingConflict(original, f"gives more than one rating ({labels}): choose one")
    mapped = (words or {}).get(normalised)
    if mapped in legend_keys(legend):
        return mapped
    known = _words_to_keys(legend)
    if normalised in known:
        return known[normalised]
    # A rating followed by a remark: "Green (on track)", "Amber - awaiting data", "Completed March 2023".
    for phrase in sorted(known, key=len, reverse=True):
        if len(phrase) > 1 and normalised.startswith(phrase + " "):
            return known[phrase]
    choices = ", ".join(entry.label for entry in legend)
    raise RatingError(original, f"is not a rating in this plan's legend ({choices})")


def legend_to_json(legend: Legend) -> list[dict]:
    """The legend as JSON-ready data to store on a plan."""
    return [
        {
            "key": entry.key,
            "label": entry.label,
            "colour": entry.colour,
            "severity": entry.severity,
            "complete": entry.complete,
            "synonyms": list(entry.synonyms),
        }
        for entry in legend
    ]


def legend_from_json(data: object) -> Legend:
    """A legend from the JSON stored on a plan, checked so that every rating can be shown and imported.

    Each item needs ``key``, ``label`` and ``colour``; ``severity`` defaults to the default legend's for
    that key, ``complete`` to false and ``synonyms`` to none. A legend is read on every page of its plan, so each
    distinct one is checked once per process and then shared (legends are immutable).
    """
    try:
        text = json.dumps(data, sort_keys=True)
    except (TypeError, ValueError):
        return _legend_checked(data)
    return _legend_from_text(text)


@lru_cache(maxsize=256)
def _legend_from_text(text: str) -> Legend:
    return _legend_checked(json.loads(text))


def _legend_checked(data: object) -> Legend:
    if not isinstance(data, list) or not data:
        raise LegendError("A rating legend must be a non-empty list of ratings.")
    defaults = {entry.key: entry for entry in DEFAULT_LEGEND}
    entries = []
    for position, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise LegendError(f"Rating {position} must be an object with a key, label and colour.")
        missing = [name for name in ("key", "label", "colour") if not item.get(name)]
        if missing:
            raise LegendError(f"Rating {position} has no {' or '.join(missing)}.")
        key, label, colour = item["key"], str(item["label"]).strip(), item["colour"]
        if key not in RATING_KEYS:
            raise LegendError(f'Rating {position} has key "{key}"; keys are {", ".join(RATING_KEYS)}.')
        if colour not in GOVUK_TAG_COLOURS:
            raise LegendError(
                f'Rating "{label}" has colour "{colour}"; colours are {", ".join(sorted(GOVUK_TAG_COLOURS))}.'
            )
        severity = item.get("severity", defaults[key].severity)
        if severity is not None and (isinstance(severity, bool) or not isinstance(severity, int) or severity < 0):
            raise LegendError(f'Rating "{label}" needs a severity that is a whole number from 0, or null.')
        complete = item.get("complete", False)
        if not isinstance(complete, bool):
            raise LegendError(f'Rating "{label}" has "complete" that is not true or false.')
        synonyms = item.get("synonyms", [])
        if not isinstance(synonyms, list) or not all(isinstance(word, str) and word.strip() for word in synonyms):
            raise LegendError(f'Rating "{label}" needs its synonyms as a list of words.')
        entries.append(
            LegendEntry(
                key=key,
                label=label,
                colour=colour,
                severity=severity,
                complete=complete,
                synonyms=tuple(word.strip() for word in synonyms),
            )
        )
    legend = tuple(entries)
    _check_legend(legend)
    return legend


def _check_legend(legend: Legend) -> None:
    keys = [entry.key for entry in legend]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise LegendError(f"The legend lists {', '.join(duplicates)} more than once.")
    missing = sorted(REQUIRED_KEYS - set(keys))
    if missing:
        raise LegendError(f"The legend needs {', '.join(missing)}.")
    if sum(entry.complete for entry in legend) > 1:
        raise LegendError("Only one rating can mean complete.")
    labels = [_normalised(entry.label) for entry in legend]
    if len(set(labels)) != len(labels):
        raise LegendError("Two ratings have the same label.")
    owner: dict[str, str] = {}
    for entry in legend:
        for word in _words_for(entry):
            if owner.setdefault(word, entry.key) != entry.key:
                raise LegendError(f'"{word}" would mean both {owner[word]} and {entry.key}.')


def _normalised(text: str) -> str:
    text = text.lower().replace("_", " ")
    text = re.sub(r"[^\w/&]+", " ", text)
    return " ".join(text.split())


def _words_for(entry: LegendEntry) -> Iterable[str]:
    yield _normalised(entry.key)
    yield _normalised(entry.label)
    if entry.key in _COLOUR_KEYS:
        yield entry.key[0]
    for word in entry.synonyms:
        yield _normalised(word)


def _words_to_keys(legend: Legend) -> dict[str, str]:
    return {word: entry.key for entry in legend for word in _words_for(entry)}


def _keys_named_in(normalised: str, legend: Legend) -> list[str]:
    """Colour ratings named in the text, in order: "red/amber" names two, "amber – some risk" one."""
    tokens = re.split(r"[\s/&+,]+|\band\b|\bor\b", normalised)
    tokens = [token for token in tokens if token]
    present = {entry.key for entry in legend}
    named: list[str] = []
    for token in tokens:
        key = token if token in _COLOUR_KEYS else None
        # Letters count only when the whole cell is letters ("R/A"), so "a bit behind" is not amber.
        if key is None and all(len(other) == 1 for other in tokens):
            key = {key[0]: key for key in _COLOUR_KEYS}.get(token)
        if key in present and key not in named:
            named.append(key)
    return named
