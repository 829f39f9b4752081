"""Fixtures shared by the whole suite: people in each role, and the real services the suite needs."""
import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "correct-horse-battery-staple"


def require(condition: bool, reason: str) -> None:
    """Skip on a laptop without the service; in CI a missing service is a failure, never a skip."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI must not skip this)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _rate_limits_start_empty():
    """Rate limits live in the cache: no test inherits another's count."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def tasks_in_process(monkeypatch):
    """Tasks run in-process, as in the unit tests' settings and the embedded default, whatever an earlier test
    (one with a real worker) left in the Celery app."""
    from wsoa.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def make_user(db):
    from tests.inspections.factories import BarnsleyAreaFactory
    from wsoa.services import user_create

    def make(role: str | None, email: str | None = None, *, areas=None, **extra):
        """A person with ``role`` in each of ``areas`` (Barnsley, the factories' area, unless given)."""
        slug = (role or "norole").lower().replace(" ", "-")
        areas = [BarnsleyAreaFactory()] if areas is None else areas
        return user_create(
            email=email or f"{slug}@test.example.org",
            first_name=extra.pop("first_name", slug.title()),
            last_name=extra.pop("last_name", "Tester"),
            memberships=[(area, role) for area in areas] if role else [],
            password=PASSWORD,
            **extra,
        )

    return make


@pytest.fixture
def users_by_role(make_user):
    from wsoa.roles import Role

    return {role: make_user(role) for role in Role.values}


@pytest.fixture
def postgres_db(db):
    from django.db import connection

    require(connection.vendor == "postgresql", "PostgreSQL is not reachable (set DATABASE_URL)")
    return connection


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a test module inside a transaction rolled back after the module.

    Each test still runs in its own savepoint, so what one test writes is gone before the next.
    """
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
                call_command("demo_data", "--quiet-logins", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
