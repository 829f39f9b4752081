"""An action's rating changes by one rule, wherever the change comes from, and every change is an append-only
event: a plan's ratings on any day and every change between two days are one query each."""
import random
from datetime import date, timedelta

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse

from actions import services
from actions.models import Action, ProgressUpdate, RatingEvent
from actions.plan_import import plan_import, plan_import_preview
from actions.selectors import rating_changes_between, ratings_on
from tests.actions.conftest import World
from tests.actions.factories import StrandFactory
from tests.actions.import_sheets import read
from tests.conftest import require

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)
REFUSAL = "Explain why the rating is worse than before (it was Green – on track)"
WORDING = (
    "Rating changed from Green – on track to Red – significant risk/off track. Why it got worse: The provider withdrew"
)
REASON_HEADER = ["Ref", "Action", "RAG", "Why the rating got worse"]


def _new_action(world: World, reference: str) -> Action:
    return services.action_create(
        strand=world.strand, by=world.people["administrator"], reference=reference, title=f"Action {reference}",
        lead_officer=world.people["action lead officer"], rating="green", due_date=TODAY + timedelta(days=90),
    )


def _by_update_form(client, world, action, reason):
    client.force_login(world.people["action lead officer"])
    return client.post(reverse("actions:progress_update", args=[action.pk]), {
        "month": TODAY.replace(day=1).isoformat(), "rating": "red", "narrative": "The provider withdrew.",
        "reason": reason,
    })


def _by_edit_form(client, world, action, reason):
    client.force_login(world.people["action lead officer"])
    action.refresh_from_db()
    return client.post(reverse("actions:action_edit", args=[action.pk]), {
        "reference": action.reference, "title": action.title, "lead_officer": str(action.lead_officer_id),
        "rating": "red", "rating_reason": reason, "version": str(action.version),
        "due_date_0": str(action.due_date.day), "due_date_1": str(action.due_date.month),
        "due_date_2": str(action.due_date.year),
    })


def _import_rows(action, reason):
    return read([["Strand 1: EHC plans"], [action.reference, action.title, "Red", reason]], header=REASON_HEADER)


@time_machine.travel(TODAY, tick=False)
def test_a_worse_rating_from_an_update_an_edit_and_an_import_meets_one_rule(client, world: World):
    jo, admin = world.people["action lead officer"], world.people["administrator"]
    by_update, by_edit, by_import = (_new_action(world, reference) for reference in ("1.5", "1.6", "1.7"))

    # Without a reason, each path refuses in the same words and changes nothing.
    assert REFUSAL in _by_update_form(client, world, by_update, "").content.decode()
    assert REFUSAL in _by_edit_form(client, world, by_edit, "").content.decode()
    problems = plan_import_preview(plan=world.plan, result=_import_rows(by_import, ""), today=TODAY).errors
    assert [problem.message for problem in problems] == [
        f'Row 5: {REFUSAL} (in the "Why the rating got worse" column)'
    ]
    three = Action.objects.filter(pk__in=[by_update.pk, by_edit.pk, by_import.pk])
    assert set(three.values_list("rating", flat=True)) == {"green"}

    # With one, each writes the same event and the same words in the history.
    assert _by_update_form(client, world, by_update, "The provider withdrew").status_code == 302
    assert _by_edit_form(client, world, by_edit, "The provider withdrew").status_code == 302
    plan_import(plan=world.plan, by=admin, result=_import_rows(by_import, "The provider withdrew"), today=TODAY)

    events = {
        event.action_id: event for event in RatingEvent.objects.filter(
            action__in=[by_update, by_edit, by_import]).exclude(from_rating="")
    }
    assert {(e.from_rating, e.to_rating, e.reason, e.effective_on, e.plan_id) for e in events.values()} == {
        ("green", "red", "The provider withdrew", TODAY, world.plan.pk)
    }
    assert [(events[a.pk].source, events[a.pk].by) for a in (by_update, by_edit, by_import)] == [
        ("update", jo), ("edit", jo), ("import", admin),
    ]
    assert events[by_update.pk].update == ProgressUpdate.objects.get(action=by_update)
    for action in (by_update, by_edit, by_import):
        action.refresh_from_db()
        assert (action.rating, action.rating_reason) == ("red", "The provider withdrew")
        assert action.history.latest().history_change_reason.endswith(WORDING)


@time_machine.travel(TODAY, tick=False)
def test_reopening_a_complete_action_is_worse_and_completion_follows_the_legend(world: World):
    jo = world.people["action lead officer"]
    action = _new_action(world, "1.8")
    services.action_update(action=action, by=jo, expected_version=action.version, rating="blue")
    action.refresh_from_db()
    assert action.completed_on == TODAY
    with pytest.raises(services.ActionPlanError, match="it was Blue – complete"):
        services.action_update(action=action, by=jo, expected_version=action.version, rating="green")
    services.action_update(action=action, by=jo, expected_version=action.version, rating="green",
                           rating_reason="The audit found gaps")
    action.refresh_from_db()
    assert (action.rating, action.completed_on) == ("green", None)


@time_machine.travel(TODAY, tick=False)
def test_going_back_to_not_started_after_green_needs_a_reason_and_is_recorded_as_worse(world: World):
    jo = world.people["action lead officer"]
    action = _new_action(world, "1.10")
    with pytest.raises(services.ActionPlanError, match=r"it was Green – on track"):
        services.progress_update_post(action=action, by=jo, month=TODAY, rating="not_started",
                                      narrative="Not begun after all")
    services.progress_update_post(action=action, by=jo, month=TODAY, rating="not_started",
                                  narrative="Not begun after all", reason="The contract was never signed")
    action.refresh_from_db()
    assert (action.rating, action.rating_reason) == ("not_started", "The contract was never signed")
    assert action.rating_events.latest("id").reason == "The contract was never signed"


def test_a_late_update_for_last_month_applies_after_a_later_edit_and_time_travel_agrees(world: World):
    jo = world.people["action lead officer"]
    with time_machine.travel(date(2026, 11, 2), tick=False):
        action = _new_action(world, "1.9")  # added on 2 November as green
    with time_machine.travel(date(2026, 11, 4), tick=False):
        services.progress_update_post(action=action, by=jo, month=date(2026, 10, 1), rating="amber",
                                      narrative="October, posted late", reason="Staff left")
    with time_machine.travel(date(2026, 11, 20), tick=False):
        services.progress_update_post(action=action, by=jo, month=date(2026, 9, 1), rating="red",
                                      narrative="September, posted very late", reason="Worse")
    action.refresh_from_db()
    assert action.rating == "amber"  # September's update does not override October's
    on_the_day = {event.action_id: event.to_rating for event in ratings_on(world.plan, date(2026, 11, 30))}
    assert on_the_day[action.pk] == action.rating
    assert {event.action_id: event.to_rating for event in ratings_on(world.plan, date(2026, 11, 1))}.get(
        action.pk) is None  # not added yet
    effective = list(action.rating_events.order_by("effective_on", "id").values_list("effective_on", "to_rating"))
    assert effective[-1] == (date(2026, 11, 2), "amber")  # never before the action's newest event


def test_rating_events_are_never_changed(world: World):
    event = RatingEvent.objects.filter(action=world.action).first() or RatingEvent.objects.create(
        plan=world.plan, action=world.action, from_rating="", to_rating="green", source="edit",
        effective_on=TODAY,
    )
    event.reason = "rewritten"
    with pytest.raises(TypeError, match="never changed"):
        event.save()
    with pytest.raises(TypeError, match="never changed"):
        RatingEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    if connection.vendor == "postgresql":
        with pytest.raises((InternalError, IntegrityError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE actions_ratingevent SET reason = 'rewritten' WHERE id = %s", [event.pk])


def test_an_event_must_change_the_rating_and_name_a_legend_rating(world: World):
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingEvent.objects.create(plan=world.plan, action=world.action, from_rating="green", to_rating="green",
                                   source="edit", effective_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingEvent.objects.create(plan=world.plan, action=world.action, from_rating="", to_rating="purple",
                                   source="edit", effective_on=TODAY)


# --- the two reads, at the size of a real plan --------------------------------------------------------

RATINGS = ("green", "amber", "red", "blue", "green", "amber")
FIRST_MONTH = date(2024, 6, 1)


@pytest.fixture(scope="module")
def big_plan_built(django_db_setup, django_db_blocker):
    """Built once for the module, inside a transaction rolled back after it (each test has its savepoint)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _big_plan() if connection.vendor == "postgresql" else None
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def big_plan(big_plan_built, db):
    require(big_plan_built is not None, "the plan-sized reads are measured on PostgreSQL")
    return big_plan_built


def _big_plan():
    """1,000 actions with 30 monthly updates each (30,000 updates) and an event for each rating change."""
    strand = StrandFactory()
    plan = strand.plan
    chooser = random.Random(7)
    actions = Action.objects.bulk_create(
        Action(plan=plan, strand=strand, reference=f"5.{n}", sort_key=f"5.{n:06}", title=f"Action {n}",
               rating="not_started")
        for n in range(1000)
    )
    updates, events, final = [], [], {}
    for action in actions:
        added = FIRST_MONTH + timedelta(days=chooser.randrange(0, 400))
        rating = "not_started"
        events.append(RatingEvent(plan=plan, action=action, from_rating="", to_rating=rating, source="edit",
                                  effective_on=added))
        for offset in range(30):
            month = FIRST_MONTH + relativedelta(months=offset)
            new = chooser.choice(RATINGS)
            updates.append(ProgressUpdate(action=action, month=month, rating=new, previous_rating=rating,
                                          narrative="Progress."))
            day = max(month + timedelta(days=chooser.randrange(0, 27)), added)
            if new != rating:
                events.append(RatingEvent(plan=plan, action=action, from_rating=rating, to_rating=new,
                                          source="update", effective_on=day, reason="Why"))
                rating = new
        final[action.pk] = rating
    ProgressUpdate.objects.bulk_create(updates, batch_size=5000)
    RatingEvent.objects.bulk_create(events, batch_size=5000)
    for rating in set(final.values()):
        Action.objects.filter(pk__in=[pk for pk, value in final.items() if value == rating]).update(rating=rating)
    return plan


def _reference_ratings_on(plan, day) -> dict[int, str]:
    newest: dict[int, tuple] = {}
    for event in RatingEvent.objects.filter(plan=plan).order_by("effective_on", "id"):
        if event.effective_on <= day:
            newest[event.action_id] = event.to_rating
    return newest


@pytest.mark.parametrize("day", [date(2024, 5, 31), date(2024, 9, 14), date(2025, 3, 14), date(2027, 1, 1)])
def test_the_ratings_of_every_action_on_a_day_are_one_query(big_plan, day, django_assert_num_queries):
    assert ProgressUpdate.objects.filter(action__plan=big_plan).count() >= 30_000
    with django_assert_num_queries(1):
        found = {event.action_id: event.to_rating for event in ratings_on(big_plan, day)}
    assert found == _reference_ratings_on(big_plan, day)
    if day == date(2027, 1, 1):  # after every change: the actions' own ratings
        generated = Action.objects.filter(plan=big_plan, reference__startswith="5.")
        assert found == dict(generated.values_list("pk", "rating"))


def test_every_change_between_two_days_is_one_query(big_plan, django_assert_num_queries):
    after, until = date(2025, 3, 14), date(2025, 4, 11)
    with django_assert_num_queries(1):
        changes = [(event.action.reference, event.from_rating, event.to_rating, event.by)
                   for event in rating_changes_between(big_plan, after, until)]
    expected = RatingEvent.objects.filter(plan=big_plan, effective_on__gt=after, effective_on__lte=until).count()
    assert len(changes) == expected > 100


def test_the_reads_name_only_this_plans_actions(big_plan, world: World):
    _new_action(world, "1.5")  # an event in another plan
    assert RatingEvent.objects.exclude(plan=big_plan).exists()
    assert {event.plan_id for event in ratings_on(big_plan, date(2030, 1, 1))} == {big_plan.pk}
    assert {event.plan_id for event in rating_changes_between(big_plan, date(2020, 1, 1), date(2030, 1, 1))} == {
        big_plan.pk
    }
