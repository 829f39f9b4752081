"""The monthly update cycle: action leads are reminded of the updates they owe; subgroup leads hear what is missing.

Each plan sets the day of the month its leads are reminded (``Plan.reminder_day``; a weekend or bank holiday
moves it to the next working day of the area) and how many working days later each subgroup lead gets one
summary of the updates still missing in their strands (``Plan.escalation_working_days``).

Every e-mail is claimed by an :class:`~actions.models.UpdateReminder` row, unique per kind, person, plan and
month, inserted in the same transaction that queues the e-mail for after the commit: a retried task or a second
worker fails on the row and sends nothing. A run missed on the day (the worker was down) catches up on the
next working days (two at most, and reminders never on or after the summary day), still once per person.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from inspections.calendar import WorkingDayCalendar
from inspections.dates import long_date, month_and_year
from inspections.selectors import working_day_calendars
from wsoa.models import OutgoingEmail
from wsoa.outbox import email_queue
from wsoa.roles import has_perm_in

from .models import Action, Plan, UpdateReminder
from .permissions import ADD_UPDATE
from .ratings import legend_entry
from .selectors import plan_actions_needing_update

# A run missed on its day (the worker down for a morning) still sends for this many working days after it; after
# that the month is left alone rather than e-mailing people about a deadline long gone.
CATCH_UP_WORKING_DAYS = 2


@dataclass(frozen=True)
class UpdateCycle:
    """One month's cycle of a plan: the month whose updates are asked for and the days e-mails may go out."""

    month: date  # first of the month
    reminder_on: date  # action leads are reminded (a working day)
    reminders_until: date  # the last day a missed reminder run catches up (always before the summary day)
    summary_on: date  # subgroup leads hear what is still missing (a working day)
    summaries_until: date

    def reminding(self, today: date) -> bool:
        return self.reminder_on <= today <= self.reminders_until

    def summarising(self, today: date) -> bool:
        return self.summary_on <= today <= self.summaries_until


def update_cycle_for(plan: Plan, month: date, calendar: WorkingDayCalendar) -> UpdateCycle:
    """The cycle asking for ``month``'s updates (``month`` is any day of it)."""
    month = month.replace(day=1)
    reminder_on = calendar.working_day_on_or_after(month.replace(day=plan.reminder_day))
    summary_on = calendar.add_working_days(reminder_on, plan.escalation_working_days)
    if summary_on > reminder_on:
        reminders_until = min(
            calendar.add_working_days(reminder_on, CATCH_UP_WORKING_DAYS), calendar.previous_working_day(summary_on)
        )
    else:
        reminders_until = reminder_on  # no working days between: reminders and summaries go out the same day
    return UpdateCycle(
        month=month,
        reminder_on=reminder_on,
        reminders_until=reminders_until,
        summary_on=summary_on,
        summaries_until=calendar.add_working_days(summary_on, CATCH_UP_WORKING_DAYS),
    )


def update_cycles_on(plan: Plan, today: date, calendar: WorkingDayCalendar) -> list[UpdateCycle]:
    """The cycles under way on ``today``: this month's once its reminder day has come, and the months before.

    Never a month whose reminder day came before the plan was set up: a plan imported mid-month is first
    asked about at its next reminder day, not about months it did not exist in.
    """
    created_on = timezone.localdate(plan.created_at) if plan.created_at else today
    cycles = []
    for months_back in range(3):  # a long escalation can reach into the next month's cycle
        cycle = update_cycle_for(plan, today - relativedelta(months=months_back), calendar)
        if created_on <= cycle.reminder_on <= today:
            cycles.append(cycle)
    return cycles


def _plans_in_cycle(today: date, wanted) -> Iterable[tuple[Plan, UpdateCycle]]:
    """Each plan and cycle at the stage ``wanted`` picks out, on the area's working days only."""
    plans = list(Plan.objects.select_related("inspection__area").order_by("pk"))
    calendars = working_day_calendars({plan.inspection.area_id for plan in plans})  # one query for every area
    for plan in plans:
        calendar = calendars[plan.inspection.area_id]
        if not calendar.is_working_day(today):
            continue
        for cycle in update_cycles_on(plan, today, calendar):
            if wanted(cycle, today):
                yield plan, cycle


def _claim_and_send(
    *, kind: str, plan: Plan, recipient, month: date, actions: list[Action], subject: str, body: str, **claim
) -> bool:
    """Insert the claim row and queue the e-mail for its commit; ``False`` if someone already claimed it."""
    try:
        with transaction.atomic():
            reminder = UpdateReminder.objects.create(
                kind=kind, plan=plan, recipient=recipient, month=month,
                references=", ".join(action.reference for action in actions), **claim,
            )
            email_queue(to=[recipient.email], subject=subject, body=body, reason=OutgoingEmail.Reason.UPDATE_REMINDER,
                        key=f"update-reminder:{reminder.pk}", area_id=plan.inspection.area_id)
    except IntegrityError:
        return False
    return True


def _reachable(person) -> bool:
    return person is not None and person.is_active and bool(person.email)


def _link(name: str, pk: int | None = None) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[pk] if pk is not None else [])


def _actions_word(count: int) -> str:
    return f"{count} action" if count == 1 else f"{count} actions"


# --- reminders to action leads -----------------------------------------------------------------------------


def update_reminders_send(*, today: date) -> int:
    """E-mail every action lead who owes updates for the month one list of those actions; returns e-mails sent."""
    sent = 0
    for plan, cycle in _plans_in_cycle(today, UpdateCycle.reminding):
        owed: dict[int, list[Action]] = defaultdict(list)
        for action in plan_actions_needing_update(plan, cycle.month):
            if _reachable(action.lead_officer):
                owed[action.lead_officer_id].append(action)
        for actions in owed.values():
            lead = actions[0].lead_officer
            if not has_perm_in(lead, ADD_UPDATE, plan.inspection.area_id):
                continue  # named as a lead but may not post updates (a board chair): the summary lists them
            subject, body = _reminder_text(plan, cycle, lead=lead, actions=actions)
            sent += _claim_and_send(
                kind=UpdateReminder.Kind.OFFICER, plan=plan, recipient=lead, month=cycle.month, actions=actions,
                subject=subject, body=body,
            )
    return sent


def _reminder_text(plan: Plan, cycle: UpdateCycle, *, lead, actions: list[Action]) -> tuple[str, str]:
    month, legend = month_and_year(cycle.month), plan.legend
    lines = [
        f"Dear {lead},",
        "",
        f"Please post your {month} update on {'this action' if len(actions) == 1 else f'these {len(actions)} actions'}"
        f" in the {plan}:",
        "",
    ]
    for action in actions:
        due = f"due {long_date(action.due_date)}" if action.due_date else "ongoing" if action.ongoing else "no due date"
        lines += [
            f"{action.reference} {action.title}",
            f"    Rating now: {legend_entry(action.rating, legend).label}; {due}",
            f"    Post the update: {_link('actions:progress_update', action.pk)}",
            "",
        ]
    lines += [
        f"All your actions: {_link('actions:my_actions')}",
        "",
        f"On {long_date(cycle.summary_on)} your subgroup lead is told which {month} updates are still missing.",
    ]
    subject = f"Your {month} update is due on {_actions_word(len(actions))} ({plan.inspection.area})"
    return subject, "\n".join(lines) + "\n"


# --- summaries to subgroup leads ---------------------------------------------------------------------------


def update_summaries_send(*, today: date) -> int:
    """E-mail each subgroup lead one list of the month's updates still missing in their strands; returns e-mails
    sent."""
    sent = 0
    for plan, cycle in _plans_in_cycle(today, UpdateCycle.summarising):
        missing: dict[int, list[Action]] = defaultdict(list)
        for action in plan_actions_needing_update(plan, cycle.month):
            subgroup = action.strand.subgroup
            if subgroup is not None and _reachable(subgroup.lead):
                missing[subgroup.lead_id].append(action)
        for actions in missing.values():
            lead = actions[0].strand.subgroup.lead
            subject, body = _summary_text(plan, cycle, lead=lead, actions=actions)
            sent += _claim_and_send(
                kind=UpdateReminder.Kind.SUMMARY, plan=plan, recipient=lead, month=cycle.month, actions=actions,
                subject=subject, body=body,
            )
    return sent


def _lead_heading(action: Action) -> str:
    if action.lead_officer_id:
        person = action.lead_officer
        return f"{person}" if person.is_active else f"{person} (account closed: reassign these actions)"
    if action.lead_name:
        return f"{action.lead_name} (no account: update on their behalf)"
    return "No lead named"


def _summary_text(plan: Plan, cycle: UpdateCycle, *, lead, actions: list[Action]) -> tuple[str, str]:
    month = month_and_year(cycle.month)
    subgroups = "subgroups'" if len({action.strand.subgroup_id for action in actions}) > 1 else "subgroup's"
    lines = [
        f"Dear {lead},",
        "",
        f"{_actions_word(len(actions)).capitalize()} in your {subgroups} {plan.section_word_plural.lower()} "
        f"{'has' if len(actions) == 1 else 'have'} no {month} update yet. Their leads were reminded on "
        f"{long_date(cycle.reminder_on)}.",
    ]
    by_strand: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        by_strand[action.strand_id].append(action)
    for strand_actions in sorted(by_strand.values(), key=lambda items: items[0].strand.number):
        strand = strand_actions[0].strand
        lines += ["", f"{plan.section_word} {strand} ({strand.subgroup})"]
        by_lead: dict[str, list[Action]] = defaultdict(list)
        for action in strand_actions:
            by_lead[_lead_heading(action)].append(action)
        for heading, led in sorted(by_lead.items()):
            lines.append(f"  {heading}: {_actions_word(len(led))}")
            lines += [f"    {a.reference} {a.title} – {_link('actions:action', a.pk)}" for a in led]
    lines += ["", f"The whole plan: {_link('actions:plan', plan.pk)}"]
    subject = f"{month} updates still missing: {_actions_word(len(actions))} ({plan.inspection.area})"
    return subject, "\n".join(lines) + "\n"


# --- reminders a subgroup lead sends -------------------------------------------------------------------------


class ChaseRefused(Exception):
    """Why a subgroup lead's reminder was not sent, in words for the page."""


def update_chase_send(*, subgroup, recipient, by, today: date) -> list[Action]:
    """E-mail ``recipient`` the actions in the subgroup's strands that still owe this month's update, as the
    subgroup's lead (or an administrator) asked; at most once a day per person and plan, recorded with who sent
    it. Returns the actions the e-mail listed; raises :class:`ChaseRefused` saying why nothing was sent."""
    plan, month = subgroup.plan, today.replace(day=1)
    actions = [
        action for action in plan_actions_needing_update(plan, month).filter(strand__subgroup=subgroup)
        if action.lead_officer_id == recipient.pk
    ]
    if not actions:
        raise ChaseRefused(f"{recipient} owes no {month_and_year(month)} updates in {subgroup}")
    if not _reachable(recipient):
        raise ChaseRefused(f"{recipient} cannot be e-mailed (no address, or the account is closed)")
    if not has_perm_in(recipient, ADD_UPDATE, plan.inspection.area_id):
        raise ChaseRefused(f"{recipient} may not post updates in {plan.inspection.area}: reassign their actions")
    subject, body = _chase_text(subgroup, month, lead=recipient, actions=actions, by=by)
    sent = _claim_and_send(
        kind=UpdateReminder.Kind.CHASE, plan=plan, recipient=recipient, month=month, actions=actions,
        subject=subject, body=body, sent_on=today, sent_by=by,
    )
    if not sent:
        raise ChaseRefused(f"{recipient} was already sent a reminder today: one a day at most")
    return actions


def chases_on(plan: Plan, day: date) -> dict[int, UpdateReminder]:
    """The reminders subgroup leads sent in the plan on ``day``, by recipient."""
    sent = UpdateReminder.objects.filter(kind=UpdateReminder.Kind.CHASE, plan=plan, sent_on=day)
    return {reminder.recipient_id: reminder for reminder in sent.select_related("sent_by")}


def _chase_text(subgroup, month: date, *, lead, actions: list[Action], by) -> tuple[str, str]:
    plan, when = subgroup.plan, month_and_year(month)
    lines = [
        f"Dear {lead},",
        "",
        f"{by} ({subgroup}) asks for your {when} update on "
        f"{'this action' if len(actions) == 1 else f'these {len(actions)} actions'} in the {plan}:",
        "",
    ]
    for action in actions:
        update_link = _link("actions:progress_update", action.pk)
        lines += [f"{action.reference} {action.title}", f"    Post the update: {update_link}", ""]
    lines.append(f"All your actions: {_link('actions:my_actions')}")
    subject = f"Reminder from {by}: your {when} update on {_actions_word(len(actions))} ({plan.inspection.area})"
    return subject, "\n".join(lines) + "\n"
