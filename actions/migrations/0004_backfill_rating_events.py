"""Rating events from what the plan already knows: each action's history and its monthly updates.

Frozen: this migration uses only the historical models and the rules written here, never live code.

- Every saved change of an action's rating in its history is an event, in the order it happened: from a
  spreadsheet import when the history says so, from a monthly update when an update of that action with
  that rating was saved at the same moment (its reason, its month), otherwise from an edit. The first record
  is the action being added. Effective dates never run backwards within an action, so the newest event is
  the action's rating, as it is for every event written from now on.
- An update for an earlier month posted after a later one did not change the action, so it is no event
  (as from now on): events are the changes of the action's rating.
- An action with no history gets one "added" event with its rating; an action whose history ends on another
  rating than it has gets a closing event, so that the newest event is always the action's rating.
- History records saved without a reason get one in words: "Added", "Changed" or "Removed".
- On PostgreSQL a trigger refuses any UPDATE that would rewrite an event.
"""
from collections import defaultdict
from datetime import date, timedelta

from django.db import migrations
from django.utils import timezone

SAME_SAVE = timedelta(seconds=5)
IMPORT_REASON = "Imported from a spreadsheet"
HISTORY_WORDS = {"+": "Added", "~": "Changed", "-": "Removed"}
HISTORICAL_MODELS = (
    "HistoricalPlan", "HistoricalSubgroup", "HistoricalStrand", "HistoricalAction", "HistoricalProgressUpdate",
    "HistoricalImpactMeasure", "HistoricalMeasureReading",
)

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION actions_rating_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.plan_id, NEW.action_id, NEW.from_rating, NEW.to_rating, NEW.reason, NEW.source, NEW.effective_on,
      NEW.recorded_at)
     IS DISTINCT FROM
     (OLD.plan_id, OLD.action_id, OLD.from_rating, OLD.to_rating, OLD.reason, OLD.source, OLD.effective_on,
      OLD.recorded_at) THEN
    RAISE EXCEPTION 'rating events are append-only: record a new event instead';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS actions_rating_event_append_only ON actions_ratingevent;
CREATE TRIGGER actions_rating_event_append_only BEFORE UPDATE ON actions_ratingevent
  FOR EACH ROW EXECUTE FUNCTION actions_rating_event_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS actions_rating_event_append_only ON actions_ratingevent;
DROP FUNCTION IF EXISTS actions_rating_event_append_only();
"""


def _local_day(moment) -> date:
    return timezone.localtime(moment).date()


def _month_end(month: date) -> date:
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _update_day(update) -> date:
    return min(_local_day(update.created_at), _month_end(update.month))


class _ActionEvents:
    """The events of one action, built from its history records in order."""

    def __init__(self, action, updates, event_model):
        self.action, self.updates, self.model = action, updates, event_model
        self.events, self.matched = [], set()

    def _event(self, **fields):
        self.events.append(self.model(plan_id=self.action.plan_id, action_id=self.action.pk, **fields))

    def _matching_update(self, record):
        for update in self.updates:
            same_moment = min(abs(update.updated_at - record.history_date), abs(update.created_at - record.history_date))
            if update.pk not in self.matched and update.rating == record.rating and same_moment <= SAME_SAVE:
                return update
        return None

    def from_history(self, records) -> None:
        previous, last_day = None, None
        for record in records:
            if record.history_type == "-" or (previous is not None and record.rating == previous):
                continue
            day, source, update, reason = _local_day(record.history_date), "edit", None, record.rating_reason
            if record.history_change_reason == IMPORT_REASON:
                source = "import"
            elif previous is not None:
                update = self._matching_update(record)
                if update is not None:
                    self.matched.add(update.pk)
                    source, day, reason = "update", _update_day(update), update.reason_for_worse_rating or reason
            day = max(day, last_day) if last_day else day
            self._event(
                from_rating=previous or "", to_rating=record.rating, reason=reason, source=source, update=update,
                by_id=record.history_user_id, effective_on=day, recorded_at=record.history_date,
            )
            previous, last_day = record.rating, day

    def closed(self) -> list:
        action = self.action
        if not self.events:
            self._event(from_rating="", to_rating=action.rating, reason="", source="edit",
                        effective_on=_local_day(action.updated_at), recorded_at=action.updated_at)
        newest = max(self.events, key=lambda event: (event.effective_on, event.recorded_at))
        if newest.to_rating != action.rating:
            self._event(from_rating=newest.to_rating, to_rating=action.rating, reason=action.rating_reason,
                        source="edit", effective_on=max(newest.effective_on, _local_day(action.updated_at)),
                        recorded_at=max(newest.recorded_at, action.updated_at))
        return sorted(self.events, key=lambda event: (event.recorded_at, event.effective_on))


def rating_events_backfill(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    HistoricalAction = apps.get_model("actions", "HistoricalAction")
    ProgressUpdate = apps.get_model("actions", "ProgressUpdate")
    RatingEvent = apps.get_model("actions", "RatingEvent")
    updates = defaultdict(list)
    for update in ProgressUpdate.objects.order_by("created_at", "pk"):
        updates[update.action_id].append(update)
    records = defaultdict(list)
    for record in HistoricalAction.objects.order_by("history_date", "history_id").iterator():
        records[record.id].append(record)
    events = []
    for action in Action.objects.order_by("pk").iterator():
        built = _ActionEvents(action, updates[action.pk], RatingEvent)
        built.from_history(records[action.pk])
        events += built.closed()
    RatingEvent.objects.bulk_create(events, batch_size=1000)


def history_reasons_in_words(apps, schema_editor):
    for name in HISTORICAL_MODELS:
        model = apps.get_model("actions", name)
        for history_type, words in HISTORY_WORDS.items():
            blank = model.objects.filter(history_type=history_type, history_change_reason__isnull=True)
            blank.update(history_change_reason=words)
            model.objects.filter(history_type=history_type, history_change_reason="").update(
                history_change_reason=words
            )


def append_only_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0003_rating_events_and_update_revisions"),
    ]

    operations = [
        migrations.RunPython(rating_events_backfill, migrations.RunPython.noop),
        migrations.RunPython(history_reasons_in_words, migrations.RunPython.noop),
        migrations.RunPython(append_only_on_postgresql, drop_append_only),
    ]
