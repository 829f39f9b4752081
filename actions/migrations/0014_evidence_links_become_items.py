"""The evidence links typed into actions, and the web addresses in monthly updates' evidence, become evidence items,
each attributed to whoever first saved it (from the action's history, or the update's author) and dated then.

Written against the apps as they are at this migration, so later changes to the services do not change what it
does. The typed text stays where it was; text that is not a web address stays only there.
"""
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import migrations
from django.utils import timezone

REASON = "Evidence link moved from the action's evidence links"
UPDATE_REASON = "Evidence link moved from the monthly update's evidence"


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _is_link(text):
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return False
    return len(text) <= 2000


def _title(link):
    parts = urlsplit(link)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) if parts.path.strip("/") else ""
    return (f"{parts.hostname}: {last}" if last else parts.hostname or link)[:300]


def _first_saved(history, line):
    """Who first saved the action with this link, and when (the oldest history record holding it)."""
    for record in history:
        if line in _lines(record.evidence_links):
            return record.history_user_id, record.history_date
    return None, None


def _item(apps, *, plan_id, link, action_id, by_id, at, update_id=None, reason):
    Item, History = apps.get_model("actions", "EvidenceItem"), apps.get_model("actions", "HistoricalEvidenceItem")
    item = Item.objects.create(
        plan_id=plan_id, title=_title(link), dated=timezone.localdate(at), kind="other", link=link,
        update_id=update_id, added_by_id=by_id, added_at=at,
    )
    item.actions.add(action_id)
    History.objects.create(
        id=item.pk, plan_id=plan_id, title=item.title, dated=item.dated, kind="other", note="", link=link, file="",
        original_name="", content_type="", size=None, update_id=update_id, added_by_id=by_id, added_at=at,
        history_date=at, history_type="+", history_user_id=by_id, history_change_reason=reason,
    )


def links_become_items(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    HistoricalAction = apps.get_model("actions", "HistoricalAction")
    ProgressUpdate = apps.get_model("actions", "ProgressUpdate")
    for action in Action.objects.exclude(evidence_links="").order_by("pk").iterator():
        history = list(HistoricalAction.objects.filter(id=action.pk).order_by("history_date", "history_id"))
        for line in dict.fromkeys(_lines(action.evidence_links)):
            if not _is_link(line):
                continue
            by_id, at = _first_saved(history, line)
            _item(apps, plan_id=action.plan_id, link=line, action_id=action.pk, by_id=by_id,
                  at=at or action.updated_at, reason=REASON)
    Item = apps.get_model("actions", "EvidenceItem")
    updates = ProgressUpdate.objects.exclude(evidence="").select_related("action").order_by("pk")
    for update in updates.iterator():
        for line in dict.fromkeys(_lines(update.evidence)):
            if not _is_link(line) or Item.objects.filter(actions=update.action_id, link=line).exists():
                continue
            _item(apps, plan_id=update.action.plan_id, link=line, action_id=update.action_id,
                  by_id=update.author_id, at=update.created_at, update_id=update.pk, reason=UPDATE_REASON)


class Migration(migrations.Migration):
    dependencies = [("actions", "0013_evidence_items")]

    operations = [migrations.RunPython(links_become_items, migrations.RunPython.noop)]
