"""LOG_LEVEL governs every logger, Django's included; a request for a host we do not serve is one WARNING line."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from wsoa.logs import logging_config

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import logging, django
django.setup()
for name in ("django", "django.request", "django.server", "django.security.csrf", "axes", "celery", "gunicorn.error",
             "wsoa.request", "inspections.tasks"):
    for level in ("debug", "info", "warning", "error"):
        getattr(logging.getLogger(name), level)(f"probe {name} {level}")
from django.test import Client
Client().get("/health/", HTTP_HOST="attacker.example", secure=True)
"""


def _run_probe(level: str, static_root: Path) -> list[dict]:
    env = {
        **{key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}},
        "DJANGO_SETTINGS_MODULE": "wsoa.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "send.example.gov.uk",
        "LOG_LEVEL": level,
        "LOG_FORMAT": "json",
        "STATIC_ROOT": str(static_root),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stderr == ""
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("level", ["DEBUG", "INFO", "WARNING", "ERROR"])
def test_nothing_below_log_level_is_written_by_any_logger(level, tmp_path):
    lines = _run_probe(level, tmp_path)
    threshold = ["DEBUG", "INFO", "WARNING", "ERROR"].index(level)
    written = [(line["logger"], line["message"].split()[-1]) for line in lines if line["message"].startswith("probe")]
    for name in ("django", "django.request", "django.security.csrf", "celery", "gunicorn.error", "wsoa.request"):
        # Each once: through the one handler on stdout, never also through a logger's own.
        expected = [(name, word) for word in ("debug", "info", "warning", "error")[threshold:]]
        assert [entry for entry in written if entry[0] == name] == expected, name
    assert all(["DEBUG", "INFO", "WARNING", "ERROR"].index(line["level"]) >= threshold for line in lines)


def test_a_disallowed_host_is_one_warning_line_without_a_traceback(tmp_path):
    lines = [line for line in _run_probe("INFO", tmp_path) if "attacker.example" in line["message"]]
    assert len(lines) == 1
    assert lines[0]["level"] == "WARNING" and lines[0]["logger"] == "django.security.DisallowedHost"
    assert "exc_info" not in lines[0] and "Traceback" not in json.dumps(lines[0])


def test_an_unknown_log_level_is_refused_with_the_levels_it_takes():
    with pytest.raises(ValueError, match="LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'LOUD'"):
        logging_config("loud")
