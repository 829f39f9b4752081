"""One structured log line per request: method, path, status, duration and who asked."""

import logging
import time

from .log_filters import private_parts_masked

logger = logging.getLogger("wsoa.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        path = private_parts_masked(request.path)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        # The words for a person reading the terminal; the same as fields for a log store reading the JSON.
        logger.info(
            "%s %s %s %s ms", request.method, path, response.status_code, duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response
