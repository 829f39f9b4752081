"""Is the service able to work: the database answers and the task broker accepts connections."""

from django.conf import settings
from django.db import connection


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "down"; the message goes to the log, not the page
        return f"unavailable ({type(error).__name__})"
    return "ok"


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # noqa: BLE001 - any transport error means the broker is down
        return f"unavailable ({type(error).__name__})"
    return "ok"
