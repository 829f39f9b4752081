"""The embedded default: SQLite under var/, tasks in-process, e-mail to the console, demo data allowed."""

import os

from wsoa.logs import logging_config

from .base import *  # noqa: F403
from .base import LOG_LEVEL, VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key() -> str:
    """A per-checkout random key kept in var/, so sessions survive restarts without a committed secret."""
    import secrets

    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
DEMO_DATA_ALLOWED = True
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = logging_config(LOG_LEVEL, LOG_FORMAT)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# The daily jobs' e-mails (printed by the console backend) reach the terminal as they are, not as log lines.
CELERY_WORKER_REDIRECT_STDOUTS = False
# SQLite keeps the covering indexes' key columns and ignores the others: right for a trial, not worth a warning
# in the terminal of every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
