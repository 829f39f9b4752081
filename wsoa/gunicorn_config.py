"""gunicorn's settings for the service (`gunicorn -c python:wsoa.gunicorn_config wsoa.wsgi`).

Forwarded headers (X-Forwarded-Proto, which makes a request secure) are believed only from TRUSTED_PROXIES.
gunicorn writes no access log of its own: the application logs each request once, with private path parts
such as calendar tokens masked (wsoa.middleware); gunicorn's own lines share the application's format and
LOG_LEVEL.
"""

import os

from wsoa.logs import logging_config

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES") or "127.0.0.1,::1"
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
logconfig_dict = logging_config(os.environ.get("LOG_LEVEL", "INFO"), os.environ.get("LOG_FORMAT", "json"))
