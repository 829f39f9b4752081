"""Keeping a plan's export files current: once a change to the plan's data commits, a background job writes them.

The export view serves the file kept for the plan's current data (``plan_export.plan_export_kept``), so a
download after a change is a read when this job has run, and writes the file itself only when it asks first.
Saves of plans, strands and actions are caught by signals; paths that write in bulk (the spreadsheet import)
call :func:`plan_exports_refresh_later` themselves. Tasks that run in-process (the embedded default, the unit
tests) do not write files after every save: there the first download writes the file, as it always could.
"""
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import Action, Plan, Strand

# Saves close together (an update saves the action, then the update) are caught by one job: the job reads the
# plan as it is when it runs, and a job for data already kept costs one query.
_SETTLE_SECONDS = 2


def plan_exports_refresh_later(plan_id: int) -> None:
    """Ask the worker to write the plan's export files once the current transaction commits."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    from .tasks import plan_exports_write

    transaction.on_commit(lambda: plan_exports_write.apply_async((plan_id,), countdown=_SETTLE_SECONDS))


def _on_change(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    plan_exports_refresh_later(instance.pk if sender is Plan else instance.plan_id)


def connect() -> None:
    for model in (Plan, Strand, Action):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"export_refresh.save.{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"export_refresh.delete.{model.__name__}")
