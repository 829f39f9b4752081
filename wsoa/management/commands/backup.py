"""Write a backup of the whole service (every table, history included, and the stored files) to one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wsoa.backup import BackupError, backup_write


def counts_reported(stdout, work, *, failed: str, done: str) -> None:
    """Run ``work`` (backup or restore); a refusal is the one-line reason and a non-zero exit, never a traceback."""
    try:
        counts = work()
    except BackupError as error:
        raise CommandError(f"{failed}: {error}.") from error
    stdout.write(done.format(rows=sum(counts.values()), tables=len(counts)))


class Command(BaseCommand):
    help = "Write every table's rows (history included) and the files under MEDIA_ROOT to one file."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="the file to write, e.g. wsoa-backup.tar.gz")

    def handle(self, *args, output: Path, **options):
        counts_reported(
            self.stdout,
            lambda: backup_write(output),
            failed="No backup written",
            done=f"Wrote {{rows}} rows of {{tables}} tables and the stored files to {output}",
        )
