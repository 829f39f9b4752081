"""A real Celery worker, in its own process, consuming from Redis and using the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def broker_url():
    url = os.environ.get("CELERY_BROKER_URL", "")
    reachable = False
    if url and not os.environ.get("WSOA_NO_BROKER"):
        try:
            reachable = bool(redis.Redis.from_url(url, socket_timeout=2).ping())
        except redis.RedisError:
            reachable = False
    require(reachable, "Redis is not reachable (set CELERY_BROKER_URL)")
    return url


@pytest.fixture
def redis_client(broker_url):
    client = redis.Redis.from_url(broker_url)
    client.flushdb()  # the suite owns this Redis database number: start each test with an empty queue
    yield client
    client.flushdb()


def _database_url_for_worker() -> str:
    from django.db import connection

    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    return (
        f"postgres://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
        f"/{config['NAME']}"
    )


@pytest.fixture
def celery_worker(transactional_db, postgres_db, broker_url, redis_client, settings):
    """Start `celery worker` (prefork, one child) against the test database; make this process send to it."""
    from wsoa.celery import app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wsoa.settings.test",
        "DATABASE_URL": _database_url_for_worker(),
        "CELERY_BROKER_URL": broker_url,
        "PYTHONPATH": str(ROOT),
        "WSOA_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"celery-worker-{os.getpid()}.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wsoa",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--include",
            "tests.integration.worker_tasks",
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    # Read before the settings change: the Celery app reads Django's settings, so after it this would be False.
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.broker_url = broker_url
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0):
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"The Celery worker did not start:\n{log.read()[-4000:]}")
        yield process
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_until(predicate, *, timeout: float = 60, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout}s waiting for {what}")
