"""The Celery app: configuration from Django settings, tasks from every app, the beat schedule."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.settings.local")

# DjangoTask adds delay_on_commit/apply_async_on_commit, so a rolled-back change never fires a task.
app = Celery("wsoa", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The schedule lives here, in code, so every deployment runs the same jobs at the same UK times.
app.conf.beat_schedule = {
    "milestones-daily": {
        "task": "inspections.tasks.milestones_daily",
        "schedule": crontab(hour=6, minute=30),
    },
    "monthly-update-cycle": {
        "task": "actions.tasks.monthly_update_cycle",
        "schedule": crontab(hour=7, minute=0),
    },
    # Every board's meetings a year ahead, then the e-mails of the subgroup reports falling due.
    "governance-daily": {
        "task": "governance.tasks.governance_daily",
        "schedule": crontab(hour=6, minute=45),
    },
    # E-mails whose time to try again has come, and any whose task was lost with a worker.
    "outbox-sweep": {
        "task": "wsoa.tasks.outbox_sweep",
        "schedule": 60.0,
    },
    # Every hour: uploaded files whose check or review was never finished, a day on.
    "remove-abandoned-uploads": {
        "task": "wsoa.tasks.uploads_remove_abandoned",
        "schedule": crontab(minute=20),
    },
    "clear-expired-sessions": {
        "task": "wsoa.tasks.sessions_clear_expired",
        "schedule": crontab(hour=2, minute=15),
    },
}
