"""Backup and restore round-trip the demo data, every table and stored file, between SQLite and PostgreSQL."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import dj_database_url
import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
ISSUED_PDF = "reports/issued/board-pack-2026-11.pdf"
# Every row of every table Django knows, through the ORM, so SQLite and PostgreSQL rows compare equal.
ROWS = """
import json, django
django.setup()
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
rows = {
    model._meta.label_lower: list(model._base_manager.order_by("pk").values())
    for model in apps.get_models(include_auto_created=True)
}
print(json.dumps(rows, cls=DjangoJSONEncoder, sort_keys=True))
"""


def _postgres_url(suffix: str) -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    config = dj_database_url.parse(url)
    return url.rsplit("/", 1)[0] + f"/{config['NAME']}_{suffix}"


def _postgres(sql: str) -> None:
    import psycopg2

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    connection = psycopg2.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"], host=config["HOST"], port=config["PORT"]
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def _fresh_postgres(suffix: str) -> str:
    url = _postgres_url(suffix)
    require(url is not None and _postgres_answers(), "PostgreSQL is not reachable (set DATABASE_URL)")
    name = url.rsplit("/", 1)[1]
    _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _postgres(f'CREATE DATABASE "{name}"')
    return url


def _postgres_answers() -> bool:
    try:
        _postgres("SELECT 1")
    except Exception:  # noqa: BLE001 - any driver error means no PostgreSQL here
        return False
    return True


class Site:
    """A database and a MEDIA_ROOT, driven through manage.py as an operator would."""

    def __init__(self, database_url: str, media: Path):
        self.database_url, self.media = database_url, media

    def env(self) -> dict:
        keep = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "wsoa.settings.test",
            "DATABASE_URL": self.database_url,
            "WSOA_TEST_MEDIA_ROOT": str(self.media),
            "DEMO_PASSWORD": "demo-password-for-tests",
        }

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=600
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return self.run("-W", "ignore", "manage.py", *args)

    def rows(self) -> dict:
        result = self.run("-W", "ignore", "-c", ROWS)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def files(self) -> dict:
        return {
            str(path.relative_to(self.media)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.media.rglob("*"))
            if path.is_file()
        }


def _demo_site(database_url: str, media: Path) -> Site:
    site = Site(database_url, media)
    for command in (("migrate", "-v", "0"), ("demo_data", "--quiet-logins")):
        result = site.manage(*command)
        assert result.returncode == 0, result.stderr
    (media / ISSUED_PDF).parent.mkdir(parents=True)
    (media / ISSUED_PDF).write_bytes(b"%PDF-1.7\n% the board's issued pack\n")
    return site


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-demo")
    return _demo_site(f"sqlite:///{folder}/demo.sqlite3", folder / "media")


@pytest.fixture(scope="module")
def postgres_demo(tmp_path_factory):
    url = _fresh_postgres("backup_demo")
    yield _demo_site(url, tmp_path_factory.mktemp("postgres-demo") / "media")
    _postgres(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture
def empty_sqlite(tmp_path):
    return Site(f"sqlite:///{tmp_path}/restored.sqlite3", tmp_path / "restored-media")


@pytest.fixture
def empty_postgres(tmp_path):
    url = _fresh_postgres("restored")
    yield Site(url, tmp_path / "restored-media")
    _postgres(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _round_trip(source: Site, target: Site, backup: Path) -> None:
    written = source.manage("backup", "--output", str(backup))
    assert written.returncode == 0, written.stderr
    restored = target.manage("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith("Restored ")

    before, after = source.rows(), target.rows()
    assert sorted(after) == sorted(before)
    for table in before:
        assert after[table] == before[table], table
    # The audit trail is there, not just the current state.
    assert len(after["actions.historicalaction"]) > 100 and len(after["actions.ratingevent"]) > 0
    assert target.files() == source.files() and ISSUED_PDF in target.files()


def test_a_backup_of_the_demo_data_restores_every_row_and_file_into_a_migrated_empty_sqlite_database(
    sqlite_demo, empty_sqlite, tmp_path
):
    # Only migrated: the rows migrate writes itself (content types, seeded deadline rules) give way to the backup's.
    assert empty_sqlite.manage("migrate", "-v", "0").returncode == 0
    _round_trip(sqlite_demo, empty_sqlite, tmp_path / "demo.tar.gz")


def test_a_backup_from_sqlite_restores_into_postgresql_which_goes_on_numbering_after_its_rows(
    sqlite_demo, empty_postgres, tmp_path
):
    _round_trip(sqlite_demo, empty_postgres, tmp_path / "demo.tar.gz")
    made = empty_postgres.run(
        "-W", "ignore", "-c",
        "import django; django.setup(); from django.contrib.contenttypes.models import ContentType; "
        "print(ContentType.objects.create(app_label='added', model='after_restore').pk)",
    )
    assert made.returncode == 0, made.stderr
    assert int(made.stdout) > max(row["id"] for row in sqlite_demo.rows()["contenttypes.contenttype"])


def test_a_backup_from_postgresql_restores_into_sqlite(postgres_demo, empty_sqlite, tmp_path):
    _round_trip(postgres_demo, empty_sqlite, tmp_path / "demo.tar.gz")


def test_pg_dump_and_pg_restore_with_the_media_folder_round_trip_the_demo_data(postgres_demo, empty_postgres, tmp_path):
    """The production way: pg_dump of the database, pg_restore into an empty one, and a copy of the media volume."""
    require(shutil.which("pg_dump") and shutil.which("pg_restore"), "pg_dump and pg_restore are not installed")
    dump = tmp_path / "wsoa.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", postgres_demo.database_url], check=True)
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={empty_postgres.database_url}", str(dump)], check=True)
    shutil.copytree(postgres_demo.media, empty_postgres.media)
    before, after = postgres_demo.rows(), empty_postgres.rows()
    assert after == before and len(after["actions.historicalaction"]) > 100
    assert empty_postgres.files() == postgres_demo.files()


def _one_line_refusal(result: subprocess.CompletedProcess, reason: str) -> None:
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip()], result.stderr
    assert "Traceback" not in result.stderr and reason in result.stderr, result.stderr


def test_restore_refuses_a_missing_file_or_one_that_is_not_a_backup(empty_sqlite, tmp_path):
    _one_line_refusal(empty_sqlite.manage("restore", str(tmp_path / "missing.tar.gz")), "does not exist")
    text = tmp_path / "notes.tar.gz"
    text.write_text("not a backup")
    _one_line_refusal(empty_sqlite.manage("restore", str(text)), "is not a backup of this service")
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as archive:
        archive.add(text, arcname="manifest.json")
    _one_line_refusal(empty_sqlite.manage("restore", str(other)), "is not a backup of this service")


def test_restore_refuses_a_database_or_media_folder_that_holds_data(sqlite_demo, empty_sqlite, tmp_path):
    backup = tmp_path / "demo.tar.gz"
    assert sqlite_demo.manage("backup", "--output", str(backup)).returncode == 0
    rows_before = sqlite_demo.rows()
    _one_line_refusal(sqlite_demo.manage("restore", str(backup)), "the database is not empty")
    assert sqlite_demo.rows() == rows_before

    empty_sqlite.media.mkdir()
    (empty_sqlite.media / "left-over.txt").write_text("x")
    _one_line_refusal(empty_sqlite.manage("restore", str(backup)), "MEDIA_ROOT")


def test_restore_refuses_a_backup_made_with_other_migrations(sqlite_demo, empty_sqlite, tmp_path):
    backup, changed = tmp_path / "demo.tar.gz", tmp_path / "future.tar.gz"
    assert sqlite_demo.manage("backup", "--output", str(backup)).returncode == 0
    with tarfile.open(backup, "r:gz") as source, tarfile.open(changed, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.load(data)
                manifest["migrations"].append(["actions", "9999_from_a_later_version"])
                payload = json.dumps(manifest).encode()
                member.size = len(payload)
                data = io.BytesIO(payload)
            target.addfile(member, data)
    _one_line_refusal(empty_sqlite.manage("restore", str(changed)), "actions.9999_from_a_later_version")


def test_backup_refuses_a_folder_that_does_not_exist(sqlite_demo, tmp_path):
    _one_line_refusal(
        sqlite_demo.manage("backup", "--output", str(tmp_path / "no-such-folder" / "b.tar.gz")), "is not a folder"
    )
