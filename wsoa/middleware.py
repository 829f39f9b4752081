"""One structured log line per request: method, path, status, duration, who asked and from where.

It is the service's only access log (gunicorn writes none), so what must not be logged is masked here.
"""

import logging
import time

from .client_address import client_ip
from .logs import mask_private_paths

logger = logging.getLogger("wsoa.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        path = mask_private_paths(request.path)
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
                "client": client_ip(request),
            },
        )
        return response
