"""Keeping the log readable and free of secrets: calendar tokens masked in every line, a refused or missing page
one line, a fault with its traceback."""
import logging
import re

# Calendar feed addresses carry a private token; keep it out of the logs.
PRIVATE_PATH_PARTS = re.compile(r"(/calendar/)[^/\s\"']+(/)")


def private_parts_masked(text: str) -> str:
    return PRIVATE_PATH_PARTS.sub(r"\1…\2", text)


class PrivatePathsMasked(logging.Filter):
    """Any line naming a calendar address (Django's "Not Found: /calendar/<token>/…", a server's access line)
    says "/calendar/…/" instead of the token."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = private_parts_masked(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


class ClientErrorsInOneLine(logging.Filter):
    """Django logs a 4xx answer (permission refused, page not found, bad request) with the exception that made
    it, traceback and all. Such an answer is the request's doing, not a fault: keep it to its one line. Answers
    of 500 and above keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name == "django.request" and status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
