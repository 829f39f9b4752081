"""The README's run command works on its own: SQLite, tasks in-process, demo logins that sign in."""

import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = secrets.token_urlsafe(60)
SERVICE_ENV = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _clean_env(tmp_path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_ENV}
    return {**env, "WSOA_VAR_DIR": str(tmp_path / "var"), **extra}


def test_run_app_starts_the_embedded_service_with_demo_logins(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "run-app")],
        cwd=ROOT,
        env=_clean_env(tmp_path, PORT=str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 300
        while not any("The daily jobs run at" in line for line in output):
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                pytest.fail("run-app stopped:\n" + "".join(output))
            output.append(line)
            assert time.monotonic() < deadline, "".join(output)
        printed = "".join(output)
        assert f"http://127.0.0.1:{port}/" in printed
        assert "The daily jobs run at 06:30, 06:45 and 07:00" in printed
        assert _beat_processes(tmp_path), "the daily jobs' scheduler is not running"
        password = re.search(r"password: (\S+)", printed).group(1)
        assert "admin@demo.example.org" in printed and "officer@demo.example.org" in printed

        base = f"http://127.0.0.1:{port}"
        health = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/health/", timeout=5) as response:
                    health = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.3)
        assert health == {"status": "ok", "database": "ok", "broker": "in-process"}
        assert (tmp_path / "var" / "wsoa.sqlite3").exists()

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        sign_in_page = opener.open(f"{base}/sign-in/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sign_in_page).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "officer@demo.example.org", "password": password}
        ).encode()
        request = urllib.request.Request(f"{base}/sign-in/", data=data, headers={"Referer": f"{base}/sign-in/"})
        home = opener.open(request, timeout=10).read().decode()
        assert "Welcome, Jo Smith" in home
        _walk_the_plan_and_dashboards(opener, base)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    for _ in range(50):  # stopping the service stops its scheduler too
        if not _beat_processes(tmp_path):
            break
        time.sleep(0.2)
    assert not _beat_processes(tmp_path)


def _beat_processes(tmp_path) -> list[str]:
    """Processes running Celery beat on this run's schedule file."""
    found = subprocess.run(["pgrep", "-f", f"beat --schedule {tmp_path}/var/daily-jobs-schedule"],
                           capture_output=True, text=True)
    return found.stdout.split()


def _walk_the_plan_and_dashboards(opener, base: str) -> None:
    """The pages whose reads have a PostgreSQL form and another for SQLite answer on SQLite, today and on a past
    day (two months before the demo's today: the demo plan is older than that)."""
    def page(path: str) -> str:
        with opener.open(f"{base}{path}", timeout=30) as response:  # a 4xx or 5xx raises here
            return response.read().decode()

    past = f"?on={(date.today() - timedelta(days=61)).isoformat()}"
    overview = page("/plan/")
    assert "Progress at a glance" in overview
    plan_path = re.search(r'href="(/plan/\d+/)actions/"', overview).group(1)
    strand_path = re.search(r'href="(/plan/strands/\d+/)"', overview).group(1)
    assert "A past day" in page(plan_path + past)
    assert "Actions by rating" in page(strand_path)
    assert "A past day" in page(strand_path + past)
    assert "A past day" in page(f"{plan_path}actions/{past}")
    dashboards = page("/dashboards/")
    meeting_path = re.search(r'href="(/dashboards/meetings/\d+/)"', dashboards).group(1)
    assert "What changed" in page(meeting_path)
    assert "What changed" in page(meeting_path + past)


def test_embedded_settings_use_sqlite_and_in_process_tasks(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=_clean_env(tmp_path, DJANGO_SETTINGS_MODULE="wsoa.settings.local"),
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_clean_env(tmp_path, DJANGO_SETTINGS_MODULE="wsoa.settings.production"),
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_clean_env(tmp_path, DJANGO_SETTINGS_MODULE="wsoa.settings.production", SECRET_KEY=PRODUCTION_KEY),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_demo_data_is_refused_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_data"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_clean_env(
            tmp_path,
            DJANGO_SETTINGS_MODULE="wsoa.settings.production",
            SECRET_KEY=PRODUCTION_KEY,
            DATABASE_URL=f"sqlite:///{tmp_path}/prod.sqlite3",
        ),
    )
    assert result.returncode != 0
    assert "not allowed" in result.stderr
