"""A task used only by the worker tests: it records each attempt in Redis so a test can kill it mid-run."""
import os
import time

import redis
from celery import shared_task
from django.conf import settings


@shared_task
def attempt_recorder(key: str, hold_first_attempt_seconds: float) -> int:
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    attempt = client.incr(f"{key}:attempts")
    client.set(f"{key}:pid:{attempt}", os.getpid())
    if attempt == 1:
        time.sleep(hold_first_attempt_seconds)  # the test kills this process while it sleeps
    client.set(f"{key}:done", attempt)
    return attempt
