"""The plan the benchmarks measure: 20 strands, 1,000 actions and 30,000 monthly updates with their history.

Shared by the benchmarks, not one itself: ./scripts/run-benchmarks skips files whose name starts with "_".
"""
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest import mock

STRANDS = 20
ACTIONS = 1000
UPDATES_PER_ACTION = 30  # 30,000 updates: two and a half years of monthly updates on every action
OFFICER_ACTIONS = 50
OTHER_OFFICERS = 40
TODAY = date(2025, 6, 16)  # fixed, so every run sees the same overdue actions and the same "this month"
RATINGS = ("green", "green", "amber", "green", "red", "amber", "green", "green")


def bench_plans() -> dict:
    """The big plan and a plan of 10 actions (to compare query counts), their people, and about them."""
    from django.db import connection

    people = people_create()
    start = time.perf_counter()
    big = plan_generate(people, name="Bench area", strands=STRANDS, actions=ACTIONS, updates=UPDATES_PER_ACTION,
                        officer_actions=OFFICER_ACTIONS)
    generated_in = time.perf_counter() - start
    # Eight months of updates: the small plan already existed on the past day the pages are asked for (?on=).
    small = plan_generate(people, name="Small area", strands=2, actions=10, updates=8, officer_actions=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # fresh statistics, as a live database would have
    version = connection.cursor().connection.server_version
    # What a benchmark reports about the data: its size, how long it took, the PostgreSQL version.
    about = {"postgres": version, "generated_in": generated_in, "rows": big["rows"]}
    return {"people": people, "big": big, "small": small, "about": about}


@contextmanager
def today_fixed() -> Iterator[None]:
    """ "Today" is TODAY for the pages too, so the overdue and this-month figures do not depend on the run date."""
    from django.utils import timezone

    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    with mock.patch("django.utils.timezone.localdate", localdate):
        yield


def people_create() -> dict:
    from wsoa.roles import Role
    from wsoa.services import user_create

    def person(email: str, first: str, last: str, role: str):
        user = user_create(email=email, first_name=first, last_name=last, password="bench-password")
        user.bench_role = role
        return user

    return {
        "admin": person("admin@bench.example.org", "Asha", "Patel", Role.ADMINISTRATOR),
        "officer": person("officer@bench.example.org", "Jo", "Smith", Role.OFFICER),
        "leads": [person(f"lead{n}@bench.example.org", "Lead", f"Number {n}", Role.SUBGROUP_LEAD) for n in range(5)],
        "others": [person(f"officer{n}@bench.example.org", "Officer", f"Number {n}", Role.OFFICER)
                   for n in range(OTHER_OFFICERS)],
    }


def people_give_roles_in(people: dict, area) -> None:
    """Each bench person takes their role in the area (every plan's area, so they see both plans)."""
    from wsoa.services import membership_add

    everyone = [people["admin"], people["officer"], *people["leads"], *people["others"]]
    for user in everyone:
        membership_add(user=user, area=area, role=user.bench_role, by=None, reason="Bench set-up")


def plan_generate(people: dict, *, name: str, strands: int, actions: int, updates: int, officer_actions: int) -> dict:
    """A plan answering an inspection with five weaknesses; every action has ``updates`` monthly updates."""
    admin = people["admin"]
    plan, subgroups, strand_rows = _plan_create(people, name=name, strands=strands)
    action_rows, histories = _actions_create(
        plan, strand_rows, people, actions=actions, updates=updates, officer_actions=officer_actions
    )
    created, changed, update_rows, events = _updates_create(plan, action_rows, histories, admin=admin)
    _set_up_recorded(plan, subgroups, strand_rows, admin, when=min(row._history_date for row in created))
    return {
        "plan": plan, "strand": strand_rows[0], "other_strand": strand_rows[1], "action": action_rows[1],
        "officer_action": next(a for a in action_rows if a.lead_officer_id == people["officer"].pk)
        if officer_actions else action_rows[0],
        "rows": {"strands": len(strand_rows), "actions": len(action_rows), "updates": len(update_rows),
                 "history": len(created) + len(changed) + len(update_rows), "events": len(events)},
    }


def _plan_create(people: dict, *, name: str, strands: int) -> tuple:
    """The area (its people given their roles), its inspection with five weaknesses, and the plan answering it
    with a subgroup per lead and ``strands`` strands; the plan, its subgroups and its strands."""
    from actions.models import Plan, Strand, Subgroup
    from inspections.models import Inspection, LocalArea, SignificantWeakness

    area = LocalArea.objects.create(name=name, local_authority=f"{name} Council")
    people_give_roles_in(people, area)
    inspection = Inspection.objects.create(
        area=area, framework="2016", outcome="wsoa_required", starts_on=date(2022, 9, 19), ends_on=date(2022, 9, 23),
        received_on=date(2022, 11, 16), published_on=date(2022, 11, 18),
    )
    weaknesses = SignificantWeakness.objects.bulk_create(
        SignificantWeakness(inspection=inspection, number=n, title=f"Weakness {n}", text="Text.") for n in range(1, 6)
    )
    plan = Plan.objects.create(inspection=inspection)
    subgroups = Subgroup.objects.bulk_create(
        Subgroup(plan=plan, name=f"Subgroup {n + 1}", lead=lead) for n, lead in enumerate(people["leads"])
    )
    strand_rows = Strand.objects.bulk_create(
        Strand(plan=plan, number=n, title=f"Strand {n}: improving something specific",
               subgroup=subgroups[n % len(subgroups)])
        for n in range(1, strands + 1)
    )
    Strand.weaknesses.through.objects.bulk_create(
        Strand.weaknesses.through(strand_id=strand.pk, significantweakness_id=weaknesses[n % 5].pk)
        for n, strand in enumerate(strand_rows)
    )
    return plan, subgroups, strand_rows


def _actions_create(plan, strand_rows: list, people: dict, *, actions: int, updates: int, officer_actions: int):
    """The plan's actions as they stand today, spread over its strands; and each one's (month, rating) history."""
    from dateutil.relativedelta import relativedelta

    from actions.models import Action
    from actions.services import reference_sort_key

    strands = len(strand_rows)
    this_month = TODAY.replace(day=1)
    officer_every = actions // officer_actions if officer_actions else 0
    action_rows, histories = [], []
    for n in range(actions):
        strand = strand_rows[n % strands]
        reference = f"{strand.number}.{n // strands + 1}"
        # The officer's actions are all open (none is a multiple of ten); a third still owe this month's update.
        lead = people["officer"] if officer_every and n % officer_every == 3 else people["others"][n % OTHER_OFFICERS]
        ratings = [RATINGS[(n + month // 4) % len(RATINGS)] for month in range(updates)]
        complete = n % 10 == 0
        if complete:
            ratings[-1] = "blue"
        # On every third open action this month's update is still to come, as on a real day in the month.
        last_month = this_month - relativedelta(months=1 if n % 3 == 0 and not complete else 0)
        months = [last_month - relativedelta(months=updates - 1 - m) for m in range(updates)]
        changes = sum(1 for before, after in zip(["not_started", *ratings], ratings, strict=False) if before != after)
        action_rows.append(Action(
            plan=plan, strand=strand, reference=reference, sort_key=reference_sort_key(reference),
            title=f"Action {reference}: make a measurable difference for children and young people with SEND",
            description="What will be done, by whom and how the difference will be measured.",
            lead_officer=lead, lead_organisation="Bench Council", start_date=months[0],
            due_date=max(months[0], TODAY + timedelta(days=(n % 36) * 15 - 120)),
            success_criteria="A measurable success criterion.",
            rating=ratings[-1], completed_on=TODAY - timedelta(days=10) if complete else None, version=1 + changes,
        ))
        histories.append(list(zip(months, ratings, strict=True)))
    Action.objects.bulk_create(action_rows, batch_size=1000)
    return action_rows, histories


def _updates_create(plan, action_rows: list, histories: list, *, admin) -> tuple[list, list, list, list]:
    """Each action's monthly updates, and the history records and rating events the services would have written:
    the actions' records as added and at each change of rating, the updates, and the events."""
    from django.utils import timezone

    from actions.models import Action, ProgressUpdate, RatingEvent
    from actions.ratings import is_worse

    created, changed, update_rows, events = [], [], [], []
    for n, (action, history) in enumerate(zip(action_rows, histories, strict=True)):
        added = _moment(history[0][0], n) - timedelta(days=3)
        created.append(_copy(action, rating="not_started", version=1, completed_on=None,
                             _history_date=added, _history_user=admin))
        # The rating events the services would have written: "added", then one per change of rating.
        events.append(RatingEvent(plan=plan, action=action, from_rating="", to_rating="not_started", source="edit",
                                  by=admin, effective_on=timezone.localdate(added), recorded_at=added))
        previous, version = "not_started", 1
        for month, rating in history:
            when = _moment(month, n)
            update = ProgressUpdate(
                action=action, author=action.lead_officer, month=month, rating=rating, previous_rating=previous,
                narrative="Progress this month, reported to the subgroup.",
                reason_for_worse_rating="Reason it got worse." if is_worse(previous, rating) else "",
            )
            if rating != previous:
                version += 1
                changed.append(_copy(action, rating=rating, version=version, _history_date=when,
                                     _history_user=action.lead_officer,
                                     completed_on=action.completed_on if rating == "blue" else None))
                events.append(RatingEvent(
                    plan=plan, action=action, from_rating=previous, to_rating=rating, source="update", update=update,
                    reason=update.reason_for_worse_rating, by=action.lead_officer,
                    effective_on=timezone.localdate(when), recorded_at=when,
                ))
            update._history_date, update._history_user = when, action.lead_officer
            update_rows.append(update)
            previous = rating
    Action.history.bulk_history_create(created, batch_size=2000)
    Action.history.bulk_history_create(changed, batch_size=2000, update=True)
    ProgressUpdate.objects.bulk_create(update_rows, batch_size=2000)
    ProgressUpdate.history.bulk_history_create(update_rows, batch_size=2000)
    RatingEvent.objects.bulk_create(events, batch_size=5000)
    return created, changed, update_rows, events


def _set_up_recorded(plan, subgroups: list, strands: list, admin, *, when: datetime) -> None:
    """The plan, its subgroups and its strands dated as set up on the day before its first action, with the
    history records the services would have written (bulk inserts write none), so that a past day finds them."""
    from actions.models import Plan, Strand, Subgroup

    when = when - timedelta(days=1)
    Plan.objects.filter(pk=plan.pk).update(created_at=when)
    Plan.history.filter(id=plan.pk).update(history_date=when)
    plan.refresh_from_db()
    for row in (*subgroups, *strands):
        row._history_date, row._history_user = when, admin
    Subgroup.history.bulk_history_create(subgroups)
    records = Strand.history.bulk_history_create(strands)
    # Which weaknesses each strand answered, as django-simple-history records it beside each strand record.
    answered = Strand.history.model._meta.get_field("historicalstrand_weaknesses").related_model
    pairs = Strand.weaknesses.through.objects.filter(strand__in=strands)
    records_by_strand = {record.id: record for record in records}
    answered.objects.bulk_create(
        answered(id=pk, history=records_by_strand[strand_id], strand_id=strand_id, significantweakness_id=weakness_id)
        for pk, strand_id, weakness_id in pairs.values_list("pk", "strand_id", "significantweakness_id")
    )


def _copy(action, **values):
    from copy import copy

    snapshot = copy(action)
    for field, value in values.items():
        setattr(snapshot, field, value)
    return snapshot


def _moment(month: date, n: int) -> datetime:
    """When the update for ``month`` was posted: on the 5th, spread over the working day."""
    from django.utils import timezone

    return timezone.make_aware(datetime(month.year, month.month, 5, 9) + timedelta(minutes=n % 480))
