"""Tell whether PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL) answer; exit 0 if all asked do."""
import argparse
import os
import sys
import time


def database_answers() -> bool:
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    try:
        # The "postgres" maintenance database exists even before the test database is made.
        psycopg2.connect(
            dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
            host=config["HOST"] or None, port=config["PORT"] or None, connect_timeout=2,
        ).close()
    except psycopg2.OperationalError:
        return False
    return True


def broker_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(os.environ["CELERY_BROKER_URL"], socket_timeout=2).ping())
    except redis.RedisError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", action="store_true")
    parser.add_argument("--broker", action="store_true")
    parser.add_argument("--timeout", type=float, default=10)
    args = parser.parse_args()
    checks = [check for wanted, check in ((args.database, database_answers), (args.broker, broker_answers)) if wanted]
    deadline = time.monotonic() + args.timeout
    while True:
        if all(check() for check in checks):
            return 0
        if time.monotonic() > deadline:
            return 1
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
