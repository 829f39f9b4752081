"""Settings for the test suite: the database and broker come from the environment, as in production."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = os.environ.get("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789")
DEBUG = False
DEMO_DATA_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in-process; the integration tests start a real worker against Redis.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    **STORAGES,  # noqa: F405 (the base settings' storages, the evidence files' among them)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Rate limits count in-process; the suite empties the cache before each test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
AXES_ENABLED = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded and exported files of a test run go to a throwaway folder, never the checkout's var/.
# A worker started by the integration tests is given the suite's folder, so both see the same files.
MEDIA_ROOT = os.environ.get("WSOA_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="wsoa-test-media-")
