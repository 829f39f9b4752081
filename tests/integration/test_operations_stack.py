"""gunicorn as the image runs it (wsoa.gunicorn_config): forwarded headers, the one access log, one-line warnings."""

import json

import pytest

from tests.integration.gunicorn_server import collect_static, get, gunicorn_serving, production_env

pytestmark = pytest.mark.integration
CONFIG = ["-c", "python:wsoa.gunicorn_config", "--workers", "1"]
HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    collect_static(production_env("", root))
    return root


def _log_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_x_forwarded_proto_is_believed_only_from_the_trusted_proxies(
    transactional_db, postgres_db, broker_url, static_root
):
    untrusted = production_env(broker_url, static_root, TRUSTED_PROXIES="192.0.2.0/24")
    with gunicorn_serving(CONFIG, untrusted) as base:
        status, headers, _ = get(f"{base}/sign-in/", **HTTPS)
    assert status == 301 and headers["Location"].startswith("https://")

    trusted = production_env(broker_url, static_root, TRUSTED_PROXIES="127.0.0.1")
    with gunicorn_serving(CONFIG, trusted) as base:
        status, _, _ = get(f"{base}/sign-in/", **HTTPS)
    assert status == 200


def test_the_access_log_masks_calendar_tokens_and_a_wrong_host_is_one_warning(
    transactional_db, postgres_db, broker_url, static_root, tmp_path
):
    log_path = tmp_path / "web.log"
    env = production_env(broker_url, static_root, TRUSTED_PROXIES="127.0.0.1", LOG_LEVEL="INFO", LOG_FORMAT="json")
    with log_path.open("w") as log, gunicorn_serving(CONFIG, env, output=log) as base:
        get(f"{base}/inspections/calendar/s3cret-calendar-token/mine.ics", **HTTPS)
        get(f"{base}/password-reset/MQ/s3cret-reset-token/", **HTTPS)
        get(f"{base}/accessibility/", **{"X-Forwarded-For": "203.0.113.7", **HTTPS})
        status, _, _ = get(f"{base}/sign-in/", Host="attacker.example", **HTTPS)
    assert status == 400
    text = log_path.read_text()
    assert "s3cret" not in text
    lines = _log_lines(log_path)  # every line is the application's JSON, gunicorn's own included
    requests = [line for line in lines if line["logger"] == "wsoa.request"]
    assert {line["path"] for line in requests} >= {"/inspections/calendar/…/mine.ics", "/password-reset/MQ/…/"}
    # The proxy (here: this test, from 127.0.0.1) is trusted: the client is the address it forwarded.
    assert {line["path"]: line["client"] for line in requests}["/accessibility/"] == "203.0.113.7"
    assert {line["client"] for line in requests} == {"127.0.0.1", "203.0.113.7"}
    assert any(line["logger"].startswith("gunicorn") for line in lines)
    wrong_host = [line for line in lines if "attacker.example" in json.dumps(line)]
    assert len(wrong_host) == 1
    assert wrong_host[0]["level"] == "WARNING" and "Invalid HTTP_HOST header" in wrong_host[0]["message"]
    assert "Traceback" not in text and "exc_info" not in wrong_host[0]


def test_log_level_quietens_gunicorn_and_django(transactional_db, postgres_db, broker_url, static_root, tmp_path):
    log_path = tmp_path / "web.log"
    env = production_env(broker_url, static_root, TRUSTED_PROXIES="127.0.0.1", LOG_LEVEL="ERROR", LOG_FORMAT="json")
    with log_path.open("w") as log, gunicorn_serving(CONFIG, env, output=log) as base:
        get(f"{base}/sign-in/", **HTTPS)
        get(f"{base}/no-such-page/", **HTTPS)
        get(f"{base}/sign-in/", Host="attacker.example", **HTTPS)
    levels = {line["level"] for line in _log_lines(log_path)}
    assert levels <= {"ERROR", "CRITICAL"}
