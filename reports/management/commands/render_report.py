"""Draw a committee report's PDF from the command line, through the same code as the service: the local area's
template for the kind, filled from the plan as it stood at the end of ``--on`` (today when left out)."""
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.papers.command import paper_for_command
from reports.papers.kinds import DEFAULTS


class Command(BaseCommand):
    help = "Draw a cabinet, scrutiny, board, review or revisit report of an inspection as a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("--inspection", type=int, required=True, help="The inspection's id")
        parser.add_argument("--kind", choices=sorted(DEFAULTS), required=True)
        parser.add_argument("--meeting", type=int, help="The board meeting (board pack: the latest when left out)")
        parser.add_argument("--weakness", type=int, help="The weakness number (revisit: all when left out)")
        parser.add_argument("--on", help="The data day, YYYY-MM-DD (today when left out)")
        parser.add_argument("--output", required=True, help="The PDF file to write")

    def handle(self, *args, **options):
        today = timezone.localdate()
        try:
            day = date.fromisoformat(options["on"]) if options["on"] else today
        except ValueError:
            raise CommandError(f"--on must be a date written YYYY-MM-DD, not {options['on']!r}") from None
        made = paper_for_command(inspection_id=options["inspection"], kind=options["kind"],
                                 meeting_id=options["meeting"], weakness_number=options["weakness"], day=day,
                                 today=today)
        if made.problem:
            raise CommandError(made.problem)
        try:
            with open(options["output"], "wb") as output:
                output.write(made.pdf)
        except OSError as error:
            raise CommandError(f"Cannot write {options['output']}: {error.strerror}") from None
        self.stdout.write(f"Wrote {options['output']}: {made.pages} pages, {len(made.pdf)} bytes")
