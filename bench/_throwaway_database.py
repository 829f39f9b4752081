"""Running a benchmark in a throwaway PostgreSQL database: created before the measurements, dropped after them.

Shared by the benchmarks, not one itself: ./scripts/run-benchmarks skips files whose name starts with "_".
"""
import os
import sys
import time
from collections.abc import Callable
from typing import Any


def run_in_throwaway_database(
    name: str, run: Callable[[], Any], report: Callable[..., None], *, test_client: bool = False
) -> int:
    """Call ``run()`` in a new database named after the benchmark, then ``report(results, seconds=...)``.

    ``seconds`` is the whole run, creating and dropping the database included. ``test_client`` lets the test
    client's "testserver" host in. Returns the script's exit status.
    """
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/wsoa", file=sys.stderr)
        return 2

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    if test_client:
        # Only let the test client's host in. Django's test environment is not set up: it would wrap every
        # template render in a signal for the tests' benefit, a cost no served page has.
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Our own database name, so a test run on the same server is never disturbed.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"wsoa_bench_{name}_{os.getpid()}"
    started = time.perf_counter()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        results = run()
    finally:
        teardown_databases(old_config, verbosity=0)
    report(results, seconds=time.perf_counter() - started)
    return 0
