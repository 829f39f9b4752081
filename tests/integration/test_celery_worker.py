"""A real worker consuming from Redis: tasks run, survive a killed pool child, and wait for commits."""

import os
import signal
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from tests.integration.conftest import wait_until
from wsoa.tasks import sessions_clear_expired

pytestmark = pytest.mark.integration


def test_worker_runs_a_scheduled_task_against_the_database(celery_worker):
    Session.objects.create(session_key="old", session_data="x", expire_date=timezone.now() - timedelta(days=1))
    Session.objects.create(session_key="new", session_data="x", expire_date=timezone.now() + timedelta(days=1))
    sessions_clear_expired.delay()
    wait_until(lambda: not Session.objects.filter(session_key="old").exists(), what="expired session removed")
    assert Session.objects.filter(session_key="new").exists()


def test_a_task_whose_worker_child_is_killed_runs_again_and_completes(celery_worker, redis_client):
    from tests.integration.worker_tasks import attempt_recorder

    attempt_recorder.delay("killed", 120)
    pid = int(wait_until(lambda: redis_client.get("killed:pid:1"), what="the first attempt to start"))
    os.kill(pid, signal.SIGKILL)
    done = wait_until(lambda: redis_client.get("killed:done"), timeout=90, what="the task to run again")
    assert int(done) == 2
    assert int(redis_client.get("killed:attempts")) == 2


def test_tasks_enqueued_in_a_rolled_back_transaction_never_run(celery_worker, redis_client):
    from tests.integration.worker_tasks import attempt_recorder

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        attempt_recorder.delay_on_commit("rolled-back", 0)
        raise RolledBack
    with transaction.atomic():
        attempt_recorder.delay_on_commit("committed", 0)
        assert redis_client.llen("celery") == 0  # nothing is sent before the commit
    # The worker takes tasks in order, so once the committed one has run, a rolled-back one would have too.
    wait_until(lambda: redis_client.get("committed:done"), what="the committed task to run")
    assert redis_client.get("rolled-back:attempts") is None


def test_reliability_settings_are_consistent():
    from wsoa.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.result_backend_transport_options["visibility_timeout"] == timeout
    assert timeout > app.conf.task_time_limit
    assert timeout <= 2 * app.conf.task_time_limit  # a task lost with its worker runs again within minutes
    assert app.conf.worker_prefetch_multiplier == 1


def test_health_reports_the_real_broker_as_ok(client, db, broker_url, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = broker_url
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
