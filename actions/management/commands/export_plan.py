"""Write an inspection's plan to an .xlsx or .csv file that import_plan (or the import page) reads back."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actions.models import Plan
from actions.plan_export import EXPORT_FORMATS, plan_export, plan_export_filename


class Command(BaseCommand):
    help = "Export the plan of an inspection as an Excel workbook (.xlsx) or a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("--inspection", type=int, required=True, metavar="ID", help="the inspection's ID")
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="xlsx", help="xlsx (default) or csv")
        parser.add_argument(
            "--output", metavar="FILE", help='where to write it (default: "<area>-action-plan-<today>.<format>" here)'
        )

    def handle(self, *args, **options):
        plan = Plan.objects.select_related("inspection__area").filter(inspection_id=options["inspection"]).first()
        if plan is None:
            raise CommandError(f"Inspection {options['inspection']} has no plan (or does not exist)")
        fmt = options["format"]
        path = Path(options["output"] or plan_export_filename(plan, fmt))
        try:
            path.write_bytes(plan_export(plan=plan, fmt=fmt))
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        self.stdout.write(f"Wrote {path}")
