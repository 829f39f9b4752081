"""Read an Ofsted/CQC outcome letter and print what it says, without saving anything."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.letter import letter_as_dict, parse_letter
from inspections.letter_file import LetterError, extract_text


class Command(BaseCommand):
    help = "Read an outcome letter (PDF or text) and print the dates, framework, findings and weaknesses."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the letter: a .pdf, or a .txt of its text")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a summary")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            letter = letter_as_dict(parse_letter(extract_text(path.read_bytes(), path.name)))
        except LetterError as error:
            raise CommandError(f"{path.name}: {error}") from None
        if options["json"]:
            self.stdout.write(json.dumps(letter, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{letter.get('area_name') or 'Unknown area'} – {letter['framework']} framework")
        self.stdout.write(f"Inspected {letter['inspection_start']} to {letter['inspection_end']}")
        for key in (
            "main_findings",
            "strengths",
            "areas_for_development",
            "significant_weaknesses",
            "priority_actions",
            "areas_for_improvement",
        ):
            self.stdout.write(f"{key.replace('_', ' ').capitalize()}: {len(letter[key])}")
        for warning in letter.get("warnings", []):
            self.stderr.write(f"Warning: {warning}")
