"""Restore a backup written by `manage.py backup` into an empty database and an empty MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand

from wsoa.backup import backup_restore

from .backup import counts_reported


class Command(BaseCommand):
    help = "Restore a backup into an empty database (migrated or not) and an empty MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a file written by manage.py backup")

    def handle(self, *args, file: Path, **options):
        counts_reported(
            self.stdout,
            lambda: backup_restore(file),
            failed="Nothing restored",
            done="Restored {rows} rows of {tables} tables and the stored files",
        )
