"""gunicorn serving the service with the production settings, on a free loopback port, for the stack tests."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.integration.conftest import _database_url_for_worker

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, **headers):
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def production_env(broker_url: str, static_root: Path, **extra) -> dict:
    return {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "wsoa.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": _database_url_for_worker(),
        "CELERY_BROKER_URL": broker_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        **extra,
    }


def collect_static(env: dict) -> None:
    """The production settings serve hashed static file names, from the manifest collectstatic writes."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


@contextlib.contextmanager
def gunicorn_serving(args: list[str], env: dict, *, output=subprocess.DEVNULL):
    """Start gunicorn with ``args`` (its bind included), wait until /health/ answers, yield the base address."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *args, "--bind", f"127.0.0.1:{port}", "wsoa.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output is not subprocess.DEVNULL else subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                get(f"{base}/health/")
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
