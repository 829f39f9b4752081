"""The container set-up: only the proxy is published, and web believes forwarded headers from its network alone."""

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ("wsoa", "inspections", "actions", "governance", "reports", "api")


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_only_the_proxy_publishes_a_port():
    services = _compose()["services"]
    assert {name for name, service in services.items() if service.get("ports")} == {"proxy"}
    assert [port.split(":")[-1] for port in services["proxy"]["ports"]] == ["80", "443"]


def test_web_trusts_forwarded_headers_only_from_the_proxy_network():
    compose = _compose()
    web, proxy = compose["services"]["web"], compose["services"]["proxy"]
    subnet = compose["networks"]["edge"]["ipam"]["config"][0]["subnet"]
    assert web["environment"]["TRUSTED_PROXIES"] == subnet
    assert proxy["networks"] == ["edge"] and "edge" in web["networks"]
    # The worker, beat and the database are not on the proxy's network.
    for name in ("db", "redis", "worker", "beat", "migrate"):
        assert "edge" not in compose["services"][name].get("networks", []), name
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy web:8000" in caddyfile


def test_the_image_runs_gunicorn_with_the_service_configuration_and_every_app():
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE).group(1))
    assert command == ["gunicorn", "-c", "python:wsoa.gunicorn_config", "wsoa.wsgi:application"]
    assert "forwarded-allow-ips" not in dockerfile and "access-logfile" not in dockerfile
    for package in APP_PACKAGES:
        assert f"COPY {package} ./{package}" in dockerfile, package
