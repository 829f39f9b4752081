"""The migration that back-fills rating events reads the history and updates as the old code wrote them."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The apps as they were when the back-fill was written: the inspections' later fields are not there yet.
BEFORE = [("actions", "0003_rating_events_and_update_revisions"), ("inspections", "0003_history_reasons_in_words")]
BACKFILL = [("actions", "0004_backfill_rating_events"), ("inspections", "0003_history_reasons_in_words")]
LONDON = ZoneInfo("Europe/London")


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def _action_with_history(apps, plan, strand, reference: str, rating: str, saves: list[dict]):
    """An action row and its history records, each save given as the fields that differ from the last."""
    Action, History = apps.get_model("actions", "Action"), apps.get_model("actions", "HistoricalAction")
    action = Action.objects.create(plan=plan, strand=strand, reference=reference, sort_key=reference,
                                   title=f"Action {reference}", rating=rating)
    state = {"rating": "not_started", "rating_reason": ""}
    for position, save in enumerate(saves):
        state.update({key: value for key, value in save.items() if key in state})
        History.objects.create(
            id=action.pk, plan_id=plan.pk, strand_id=strand.pk, reference=reference, sort_key=reference,
            title=action.title, rating=state["rating"], rating_reason=state["rating_reason"], version=position + 1,
            updated_at=save["at"], history_date=save["at"], history_type="+" if position == 0 else "~",
            history_change_reason=save.get("why"), history_user_id=None, ongoing=False,
            description="", lead_name="", lead_organisation="", partners="", success_criteria="", evidence_links="",
        )
    return action


@pytest.mark.django_db(transaction=True)
def test_events_are_back_filled_from_the_history_and_the_updates():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    try:
        area = apps.get_model("inspections", "LocalArea").objects.create(name="Backfill", local_authority="B")
        inspection = apps.get_model("inspections", "Inspection").objects.create(
            area=area, framework="2016", starts_on=date(2023, 1, 9), ends_on=date(2023, 1, 13))
        plan = apps.get_model("actions", "Plan").objects.create(inspection=inspection)
        strand = apps.get_model("actions", "Strand").objects.create(plan=plan, number=1, title="Strand")
        Update = apps.get_model("actions", "ProgressUpdate")

        story = _action_with_history(apps, plan, strand, "1.1", "red", [
            {"at": _moment(date(2023, 3, 1))},
            {"at": _moment(date(2023, 4, 3)), "rating": "green"},  # the April update
            {"at": _moment(date(2023, 5, 10)), "rating": "amber", "rating_reason": "Staff left"},  # an edit
            {"at": _moment(date(2023, 6, 2)), "rating": "red", "why": "Imported from a spreadsheet"},
            {"at": _moment(date(2023, 6, 9)), "rating_reason": "x", "rating": "red"},  # no rating change
        ])
        april = Update.objects.create(action=story, month=date(2023, 4, 1), rating="green",
                                      previous_rating="not_started", narrative="April")
        Update.objects.filter(pk=april.pk).update(created_at=_moment(date(2023, 4, 3)),
                                                  updated_at=_moment(date(2023, 4, 3)) + timedelta(seconds=1))
        silent = apps.get_model("actions", "Action").objects.create(
            plan=plan, strand=strand, reference="1.2", sort_key="1.2", title="No history", rating="green")
        drifted = _action_with_history(apps, plan, strand, "1.3", "amber", [
            {"at": _moment(date(2023, 3, 1))}, {"at": _moment(date(2023, 3, 8)), "rating": "green"},
        ])

        executor.loader.build_graph()
        executor.migrate(BACKFILL)
        apps = executor.loader.project_state(BACKFILL).apps
        Event = apps.get_model("actions", "RatingEvent")

        def events_of(action):
            return list(Event.objects.filter(action_id=action.pk).order_by("effective_on", "id").values_list(
                "from_rating", "to_rating", "source", "update_id", "effective_on", "reason"))

        assert events_of(story) == [
            ("", "not_started", "edit", None, date(2023, 3, 1), ""),
            ("not_started", "green", "update", april.pk, date(2023, 4, 3), ""),
            ("green", "amber", "edit", None, date(2023, 5, 10), "Staff left"),
            ("amber", "red", "import", None, date(2023, 6, 2), "Staff left"),
        ]
        assert [(f, t, s) for f, t, s, *_ in events_of(silent)] == [("", "green", "edit")]
        assert [(f, t) for f, t, *_ in events_of(drifted)] == [("", "not_started"), ("not_started", "green"),
                                                              ("green", "amber")]  # closed on the action's rating
        History = apps.get_model("actions", "HistoricalAction")
        assert not History.objects.filter(history_change_reason__isnull=True).exists()
        assert set(History.objects.values_list("history_change_reason", flat=True)) == {
            "Added", "Changed", "Imported from a spreadsheet"}
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
