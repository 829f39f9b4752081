"""Run the letter reader over a folder of real reports and score it against a truth file; fail below the thresholds."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.letter import parse_letter
from inspections.letter_file import LetterError, extract_text
from inspections.letter_scores import FIELDS, score_report, table, totals


class Command(BaseCommand):
    help = (
        "Read every report (PDF and text) named in a truth file, print a table per report and the totals, and "
        "exit non-zero when a fact is right in fewer reports than --min-facts or items below --min-items."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder of reports with the truth file beside them")
        parser.add_argument("--truth", default="truth.json", help="the truth file, in the folder (truth.json)")
        parser.add_argument("--min-facts", type=float, default=1.0, help="share of reports each fact must be right in")
        parser.add_argument("--min-items", type=float, default=0.95, help="share of items that must be read exactly")
        parser.add_argument("--misses", action="store_true", help="list what was read wrong under each report")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        truth_path = folder / options["truth"]
        try:
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{truth_path}: cannot read the truth file ({error.__class__.__name__})") from None
        if not isinstance(truth, dict) or not truth:
            raise CommandError(f"{truth_path}: the truth file names no reports")
        scores = []
        for name, expected in sorted(truth.items()):
            files = [path for path in (folder / f"{name}.pdf", folder / f"{name}.txt") if path.is_file()]
            if not files:
                raise CommandError(f"{name}: neither {name}.pdf nor {name}.txt is in {folder}")
            for path in files:
                try:
                    letter = parse_letter(extract_text(path.read_bytes(), path.name))
                except LetterError as error:
                    raise CommandError(f"{path.name}: {error}") from None
                try:
                    scores.append(score_report(path.name, letter, expected))
                except (KeyError, TypeError) as error:
                    raise CommandError(f"{name}: the truth file's entry lacks {error}") from None
        for line in table(scores, show_misses=options["misses"]):
            self.stdout.write(line)
        self._check(totals(scores), options)

    def _check(self, summary, options) -> None:
        short = [
            f"{fact} {right}/{seen}"
            for fact in FIELDS
            for right, seen in [summary.fields[fact]]
            if right < options["min_facts"] * seen
        ]
        if summary.item_rate < options["min_items"]:
            short.append(f"items {summary.item_rate:.1%} < {options['min_items']:.0%}")
        if short:
            raise CommandError("below the thresholds: " + ", ".join(short))
