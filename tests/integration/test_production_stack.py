"""The production shape on this machine: gunicorn with the production settings, PostgreSQL and Redis."""

import pytest

from tests.integration.gunicorn_server import collect_static, get, gunicorn_serving, production_env

pytestmark = pytest.mark.integration


def test_gunicorn_serves_the_service_securely_with_production_settings(
    transactional_db, postgres_db, broker_url, tmp_path
):
    env = production_env(broker_url, tmp_path / "static")
    collect_static(env)
    with gunicorn_serving(["--workers", "1"], env) as base:
        status, _, body = get(f"{base}/health/")
        assert (status, body) == (200, b'{"status": "ok", "database": "ok", "broker": "ok"}')

        status, headers, _ = get(f"{base}/sign-in/")
        assert status == 301 and headers["Location"].startswith("https://")

        status, headers, page = get(f"{base}/sign-in/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert "preload" in headers["Strict-Transport-Security"]
        assert "'nonce-" in headers["Content-Security-Policy"]
        assert "Secure" in headers["Set-Cookie"] and "__Host-csrftoken" in headers["Set-Cookie"]
        stylesheet = page.decode().split('rel="stylesheet" href="')[1].split('"')[0]
        assert stylesheet.startswith("/static/govuk/govuk-frontend.min.") and stylesheet.endswith(".css")

        status, headers, css = get(f"{base}{stylesheet}", **{"X-Forwarded-Proto": "https"})
        assert status == 200 and b".govuk-header" in css
        assert "max-age=315360000" in headers["Cache-Control"]
