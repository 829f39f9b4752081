"""An area's own set-up, changed in the service's pages: its partner organisations and its local closure days;
and the national deadline rules, which only superusers change.

Every change is saved with who made it and why (the history's change reason). A closure day or a rule moves
deadlines, so once the change commits the schedules it can move are worked out again in the background
(``schedules.schedules_recompute_later``); the answer says how many inspections that is.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from .calendar import WorkingDayCalendar
from .models import DeadlineRuleSetting, LocalArea, NonWorkingDay, PartnerOrganisation
from .rules import rule_from_row
from .schedules import schedules_recompute_later

RULE_FIELDS_EDITED = ("label", "amount", "unit", "source", "confidence", "note", "active")
# The longest a rule may run, by unit: about ten years, past any inspection's follow-up.
LONGEST = {"working_days": 2_500, "months": 120, "years": 10}
UNIT_NAMES = {"working_days": "working days", "months": "months", "years": "years"}


class SetupError(ValueError):
    """A change refused, with the field it is about (or none) and the reason in words."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Outcome:
    saved: object
    recomputing: int  # inspections whose deadlines are being worked out again


def _save(instance, *, by, reason: str) -> None:
    instance._history_user = by
    instance._change_reason = reason
    instance.save()


def partner_save(
    *, area: LocalArea, by, name: str, kind: str, starts_on: date | None, ends_on: date | None,
    successor: PartnerOrganisation | None, partner: PartnerOrganisation | None = None,
) -> PartnerOrganisation:
    """Add a partner to the area, or change one of its partners."""
    if starts_on and ends_on and ends_on < starts_on:
        raise SetupError("The end date must be the same as or after the start date", field="ends_on")
    if successor is not None:
        if successor.area_id != area.pk:
            raise SetupError("Choose a successor from this area's partners", field="successor")
        if partner is not None and successor.pk == partner.pk:
            raise SetupError("A partner cannot be its own successor", field="successor")
        if successor.starts_on and starts_on and successor.starts_on < starts_on:
            raise SetupError(f"{successor.name} starts before this partner does, so it cannot be its successor",
                             field="successor")
    with transaction.atomic():
        adding = partner is None
        partner = partner or PartnerOrganisation(area=area)
        partner.name, partner.kind, partner.successor = name, kind, successor
        partner.starts_on, partner.ends_on = starts_on, ends_on
        _save(partner, by=by, reason=f"Partner {name} added" if adding else f"Partner {name} changed")
    return partner


def closure_add(*, area: LocalArea, by, day: date, name: str) -> Outcome:
    """A local closure day: no longer a working day for the area's deadlines."""
    if not WorkingDayCalendar().is_working_day(day):
        raise SetupError(f"{day:%A} {day.day} {day:%B %Y} is a weekend or a bank holiday already: "
                         "it does not count as a working day", field="day")
    if NonWorkingDay.objects.filter(area=area, day=day).exists():
        raise SetupError(f"{day.day} {day:%B %Y} is already a closure day of {area}", field="day")
    try:
        with transaction.atomic():
            closure = NonWorkingDay(area=area, day=day, name=name)
            _save(closure, by=by, reason=f"Closure day {day.isoformat()} added")
            recomputing = schedules_recompute_later(area=area)
    except IntegrityError:  # another person added the same day a moment ago
        raise SetupError(f"{day.day} {day:%B %Y} is already a closure day of {area}", field="day") from None
    return Outcome(closure, recomputing)


def closure_remove(*, closure: NonWorkingDay, by) -> Outcome:
    """The day counts as a working day again."""
    with transaction.atomic():
        closure._history_user = by
        closure._change_reason = f"Closure day {closure.day.isoformat()} removed"
        area = closure.area
        closure.delete()
        recomputing = schedules_recompute_later(area=area)
    return Outcome(closure, recomputing)


def rule_change(*, rule: DeadlineRuleSetting, by, why: str, **changes) -> Outcome:
    """Change a national deadline rule's wording, length, source, confidence or use; every inspection of its
    framework has its deadlines worked out again."""
    unknown = set(changes) - set(RULE_FIELDS_EDITED)
    if unknown:
        raise SetupError(f"These cannot be changed here: {', '.join(sorted(unknown))}")
    amount, unit = changes.get("amount", rule.amount), changes.get("unit", rule.unit)
    if unit in LONGEST and not 0 <= amount <= LONGEST[unit]:
        raise SetupError(f"How long must be between 0 and {LONGEST[unit]:,} {UNIT_NAMES[unit]}", field="amount")
    for name, value in changes.items():
        setattr(rule, name, value)
    try:
        rule_from_row(rule)
    except (ValueError, TypeError) as error:
        raise SetupError(f"The rule would not work: {error}") from error
    with transaction.atomic():
        _save(rule, by=by, reason=f"Deadline rule changed: {why}")
        recomputing = schedules_recompute_later(framework=rule.framework)
    return Outcome(rule, recomputing)
