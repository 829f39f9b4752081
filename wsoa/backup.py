"""A whole copy of the service in one file: every table's rows (history included) and the files under MEDIA_ROOT.

The file is a gzipped tar: ``manifest.json`` (format, the migrations the rows were written under, the row count of
each table), ``rows/<app_label>.<model>.jsonl`` (one row a line, as Django's serializers shape it, with times
to the microsecond) and ``media/``.
It is independent of the database engine, so a backup of PostgreSQL restores into SQLite and back. Restoring
needs the same migrations as the backup: restore with the version that wrote it, then migrate.
"""

import datetime
import io
import json
import os
import tarfile
import tempfile
from itertools import islice
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "wsoa-backup-1"
MANIFEST = "manifest.json"
ROWS = "rows"
MEDIA = "media"
BATCH = 2000


class BackupError(Exception):
    """A backup that cannot be written or restored, with the one-line reason."""


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's stops at milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _batches(items, size: int):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _models():
    """Every table Django knows, the many-to-many tables included, in a stable order."""
    return sorted(apps.get_models(include_auto_created=True), key=lambda model: model._meta.label_lower)


def _applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def backup_write(output: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Write the backup to ``output`` (replaced only once complete); returns the rows written per table."""
    output = Path(output)
    if not output.parent.is_dir():
        raise BackupError(f"{output.parent} is not a folder")
    counts: dict[str, int] = {}
    handle, partial = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    os.close(handle)
    try:
        # One snapshot of every table: on PostgreSQL a repeatable-read transaction sees no later writes.
        with transaction.atomic(using=using), tarfile.open(partial, "w:gz") as archive:
            if connections[using].vendor == "postgresql":
                with connections[using].cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            for model in _models():
                counts[model._meta.label_lower] = _add_rows(archive, model, using)
            manifest = {"format": FORMAT, "migrations": _applied_migrations(using), "rows": counts}
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname=MEDIA)
        os.replace(partial, output)
    except OSError as error:
        raise BackupError(f"cannot write {output}: {error.strerror or error}") from error
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return counts


def _add_rows(archive: tarfile.TarFile, model, using: str) -> int:
    queryset = model._base_manager.using(using).order_by("pk")
    # Many-to-many links are rows of their own tables, backed up as such: setting them again would write history.
    columns = [field.name for field in model._meta.local_fields if not field.primary_key]
    count = 0
    with tempfile.TemporaryFile() as rows:
        for chunk in _batches(queryset.iterator(chunk_size=BATCH), BATCH):
            for row in serializers.serialize("python", chunk, fields=columns):
                rows.write(json.dumps(row, cls=_ExactJSONEncoder, ensure_ascii=False).encode() + b"\n")
            count += len(chunk)
        member = tarfile.TarInfo(f"{ROWS}/{model._meta.label_lower}.jsonl")
        member.size = rows.tell()
        rows.seek(0)
        archive.addfile(member, rows)
    return count


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size = len(data)
    archive.addfile(member, io.BytesIO(data))


def backup_restore(source: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Restore ``source`` into an empty database and an empty MEDIA_ROOT; returns the rows restored per table."""
    with _open_backup(source) as archive:
        manifest = _manifest(archive, source)
        _refuse_unless_empty(using)
        call_command("migrate", database=using, interactive=False, verbosity=0)
        if (applied := _applied_migrations(using)) != manifest["migrations"]:
            raise BackupError(_migration_difference(manifest["migrations"], applied))
        return _load_rows(archive, manifest, using)


def _open_backup(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, "r:gz")
    except FileNotFoundError as error:
        raise BackupError(f"{source} does not exist") from error
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{source} is not a backup of this service (not a gzipped tar file)") from error


def _manifest(archive: tarfile.TarFile, source: Path) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, tarfile.TarError, OSError) as error:
        raise BackupError(f"{source} is not a backup of this service (no readable {MANIFEST})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not a backup of this service (format is not {FORMAT})")
    return manifest


def _refuse_unless_empty(using: str) -> None:
    """Empty means no people and no history: the rows `migrate` writes by itself are replaced by the backup's."""
    tables = set(connections[using].introspection.table_names())
    kept = [get_user_model()] + [model for model in _models() if _is_history(model)]
    holding = [
        model._meta.db_table
        for model in kept
        if model._meta.db_table in tables and model._base_manager.using(using).exists()
    ]
    if holding:
        raise BackupError(f"the database is not empty ({', '.join(holding[:3])} hold rows)")
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise BackupError(f"MEDIA_ROOT ({media}) is not empty")


def _is_history(model) -> bool:
    return any(field.name == "history_date" for field in model._meta.fields)


def _migration_difference(wanted: list[list[str]], applied: list[list[str]]) -> str:
    missing = [f"{app}.{name}" for app, name in wanted if [app, name] not in applied]
    newer = [f"{app}.{name}" for app, name in applied if [app, name] not in wanted]
    if missing:
        return f"the backup was made with migrations this version does not have ({', '.join(missing[:3])})"
    return f"this version has migrations newer than the backup ({', '.join(newer[:3])}): restore with its version"


def _load_rows(archive: tarfile.TarFile, manifest: dict, using: str) -> dict[str, int]:
    connection = connections[using]
    models = _models()
    counts: dict[str, int] = {}
    with transaction.atomic(using=using):
        # Migrations wrote rows of their own (content types, permissions, seeded rules); the backup's replace them.
        with connection.cursor() as cursor:
            tables = [model._meta.db_table for model in models]
            for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                cursor.execute(statement)
        with connection.constraint_checks_disabled():
            for model in models:
                counts[model._meta.label_lower] = _load_table(archive, model, using)
        connection.check_constraints(table_names=[model._meta.db_table for model in models])
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        expected = {label: count for label, count in manifest["rows"].items() if count}
        if {label: count for label, count in counts.items() if count} != expected:
            raise BackupError("the backup's rows do not match its manifest: the file is damaged")
        # Last, so that a failure rolls the rows back too.
        _extract_media(archive)
    return counts


def _load_table(archive: tarfile.TarFile, model, using: str) -> int:
    try:
        rows = archive.extractfile(f"{ROWS}/{model._meta.label_lower}.jsonl")
    except KeyError:
        return 0  # a table the backup did not have rows for
    count = 0
    try:
        for lines in _batches(rows, BATCH):
            objects = [json.loads(line) for line in lines]
            for item in PythonDeserializer(objects, using=using, handle_forward_references=True):
                item.save(save_m2m=False, using=using)
            count += len(objects)
    except (ValueError, DeserializationError) as error:
        raise BackupError(f"the rows of {model._meta.label_lower} cannot be read: the file is damaged") from error
    return count


def _extract_media(archive: tarfile.TarFile) -> None:
    media = Path(settings.MEDIA_ROOT)
    members = [member for member in archive.getmembers() if member.name.startswith(f"{MEDIA}/")]
    for member in members:
        member.name = member.name[len(MEDIA) + 1 :]
    media.mkdir(parents=True, exist_ok=True)
    # The "data" filter refuses absolute paths, links out of the folder and device files.
    archive.extractall(media, members=members, filter="data")
