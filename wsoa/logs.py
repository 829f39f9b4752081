"""How the service logs: one line a record on stdout, JSON or plain, and nothing below LOG_LEVEL from any logger.

Django's settings and gunicorn's configuration both take their logging from `logging_config`, so the web
server's own lines look like the application's.
"""

import logging
import re

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


# Calendar feed addresses, password-reset and invitation links carry a private token: no log line may hold it.
PRIVATE_PATH_PARTS = re.compile(r"(/calendar/|/password-reset/[^/]+/|/invitation/[^/]+/)(?!set-password/)[^/]+(/)")


def mask_private_paths(text: str) -> str:
    return PRIVATE_PATH_PARTS.sub(r"\1…\2", text)


class MaskPrivatePaths(logging.Filter):
    """Every line on its way out: tokens in paths masked, and no request object (it prints its full path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_private_paths(message)
        if masked != message:
            record.msg, record.args = masked, ()
        record.__dict__.pop("request", None)
        return True


class OneLineWarning(logging.Filter):
    """A record that says enough by itself (a request for a host we do not serve): a WARNING, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True


class ClientErrorsInOneLine(logging.Filter):
    """Django logs a 4xx answer (permission refused, page not found, bad request) with the exception that made
    it, traceback and all. Such an answer is the request's doing, not a fault: keep it to its one line. Answers
    of 500 and above keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name == "django.request" and status is not None and status < 500:
            record.exc_info = record.exc_text = None
        return True


def logging_config(level: str = "INFO", log_format: str = "json") -> dict:
    level = level.upper()
    if level not in LEVELS:
        raise ValueError(f"LOG_LEVEL must be one of {', '.join(LEVELS)}, not {level!r}")
    # Loggers that talk a lot at INFO (the development server's request lines, each sign-in) say only warnings.
    quiet = logging.getLevelName(max(logging.WARNING, logging.getLevelName(level)))
    passthrough = {"level": level, "handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "one_line_warning": {"()": OneLineWarning},
            "private_paths": {"()": MaskPrivatePaths},
            "client_errors_in_one_line": {"()": ClientErrorsInOneLine},
        },
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
                "level": level,
                "filters": ["private_paths", "client_errors_in_one_line"],
            },
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # Django's and gunicorn's loggers lose their own handlers and levels: every line goes through stdout.
            "django": passthrough,
            "gunicorn.error": passthrough,
            # The application's line for each request (wsoa.middleware) is the access log; gunicorn's is off.
            "gunicorn.access": {"handlers": [], "propagate": False},
            "celery": passthrough,
            "django.server": {**passthrough, "level": quiet},
            "axes": {"level": quiet},
            # WeasyPrint logs every step of drawing a committee report at INFO; its warnings (a refused file) stay.
            "weasyprint.progress": {"level": quiet},
            "django.security.DisallowedHost": {"filters": ["one_line_warning"]},
        },
    }
