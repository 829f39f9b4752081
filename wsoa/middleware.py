"""One structured log line per request: method, path, status, duration and who asked."""

import logging
import re
import time

# Calendar feed addresses carry a private token; keep it out of the logs.
PRIVATE_PATH_PARTS = re.compile(r"(/calendar/)[^/]+(/)")

logger = logging.getLogger("wsoa.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": PRIVATE_PATH_PARTS.sub(r"\1…\2", request.path),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response
