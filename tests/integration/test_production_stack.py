"""The production shape on this machine: gunicorn with the production settings, PostgreSQL and Redis."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.integration.conftest import _database_url_for_worker

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, **headers):
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_gunicorn_serves_the_service_securely_with_production_settings(
    transactional_db, postgres_db, broker_url, tmp_path
):
    port = _free_port()
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "wsoa.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": _database_url_for_worker(),
        "CELERY_BROKER_URL": broker_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "wsoa.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                status, _, body = _get(f"{base}/health/")
                break
            except OSError:
                time.sleep(0.2)
        assert (status, body) == (200, b'{"status": "ok", "database": "ok", "broker": "ok"}')

        status, headers, _ = _get(f"{base}/sign-in/")
        assert status == 301 and headers["Location"].startswith("https://")

        status, headers, page = _get(f"{base}/sign-in/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert "preload" in headers["Strict-Transport-Security"]
        assert "'nonce-" in headers["Content-Security-Policy"]
        assert "Secure" in headers["Set-Cookie"] and "__Host-csrftoken" in headers["Set-Cookie"]
        stylesheet = page.decode().split('rel="stylesheet" href="')[1].split('"')[0]
        assert stylesheet.startswith("/static/govuk/govuk-frontend.min.") and stylesheet.endswith(".css")

        status, headers, css = _get(f"{base}{stylesheet}", **{"X-Forwarded-Proto": "https"})
        assert status == 200 and b".govuk-header" in css
        assert "max-age=315360000" in headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=20)
