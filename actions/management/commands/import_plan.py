"""Read a council's action-plan spreadsheet and check it, or import it into an inspection's plan."""
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actions import plan_import, services
from actions.import_preview import sheet_import_problems, unknown_word_problems
from actions.models import Plan
from actions.plan_sheet import PlanSheetError, read_plan_sheet
from actions.ratings import DEFAULT_LEGEND, legend_entry
from actions.sheet_result import SheetResult, result_as_dict
from inspections.models import Inspection
from wsoa.roles import is_administrator


class Command(BaseCommand):
    help = (
        "Read an action plan from an .xlsx or .csv file. With --dry-run, print what it holds and every problem "
        "by row, and save nothing; otherwise import it into the plan of --inspection, in one transaction, as the "
        "administrator --by. Exits 1 when the file has problems."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the plan: an Excel workbook (.xlsx) or a CSV file")
        parser.add_argument("--dry-run", action="store_true", help="check the file and save nothing")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a summary")
        parser.add_argument(
            "--inspection", type=int, metavar="ID",
            help="the inspection whose plan to import into (the plan is set up if it has none); needed to save",
        )
        parser.add_argument(
            "--by", metavar="EMAIL", help="the administrator the change history names as importing; needed to save"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        saving = not options["dry_run"]
        if saving and options["inspection"] is None:
            raise CommandError("--inspection ID is needed to save the plan (add --dry-run to only check the file)")
        if saving and not options["by"]:
            raise CommandError("--by EMAIL is needed to save: the change history must name who imported the plan")
        inspection = _inspection(options["inspection"]) if options["inspection"] is not None else None
        plan = Plan.objects.filter(inspection=inspection).first() if inspection else None
        by = _administrator(options["by"]) if saving else None
        legend = plan.legend if plan else DEFAULT_LEGEND
        try:
            result = read_plan_sheet(
                path, filename=path.name, legend=legend, rating_words=plan.import_rating_words if plan else None
            )
        except PlanSheetError as error:
            raise CommandError(error.message) from None

        if plan is not None:
            preview = plan_import.plan_import_preview(plan=plan, result=result)
            errors, warnings = preview.errors, preview.warnings
        else:
            errors = [*result.errors, *sheet_import_problems(result, legend=legend)]
            warnings = result.warnings
        # Here there is no check page to choose what a rating word means: it is a problem like any other.
        errors = sorted([*errors, *unknown_word_problems(result, legend=legend)], key=lambda p: p.row)
        data = result_as_dict(result)
        data["errors"] = [{"row": problem.row, "message": problem.message} for problem in errors]
        data["warnings"] = [{"row": problem.row, "message": problem.message} for problem in warnings]

        if errors or not saving:
            self._report(data, result, as_json=options["json"])
            if errors:
                count = "1 problem" if len(errors) == 1 else f"{len(errors)} problems"
                raise CommandError(f"{path.name} has {count}: nothing was saved")
            return

        try:
            with transaction.atomic():
                if plan is None:
                    plan = services.plan_create_for(inspection=inspection, by=by)
                summary = plan_import.plan_import(plan=plan, by=by, result=result)
        except plan_import.PlanImportError as error:
            raise CommandError(error.message) from None
        if options["json"]:
            data["imported"] = {"plan": plan.pk, **vars(summary)}
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(f"{path.name} is imported into {plan}. {summary.describe(plan.section_word)}")
            for warning in warnings:
                self.stderr.write(f"Warning: {warning.message}")

    def _report(self, data: dict, result: SheetResult, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f'Read sheet "{result.sheet_name}", header on row {result.header_row}.')
        for strand in result.strands:
            number = f"{strand.number}: " if strand.number is not None else ""
            self.stdout.write(f"{number}{strand.title}")
            for action in strand.actions:
                due = "ongoing" if action.ongoing else (f"due {action.due:%d/%m/%Y}" if action.due else "no due date")
                rating = legend_entry(action.rating).label if action.rating else ""
                self.stdout.write(f"  {action.ref or '(no ref)'}  {action.title}  ({due}; {rating})")
        for problem in data["errors"]:
            self.stdout.write(f"Problem: {problem['message']}")
        for problem in data["warnings"]:
            self.stdout.write(f"Warning: {problem['message']}")


def _inspection(pk: int) -> Inspection:
    inspection = Inspection.objects.select_related("area").filter(pk=pk).first()
    if inspection is None:
        raise CommandError(f"No inspection has ID {pk}")
    return inspection


def _administrator(email: str):
    person = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        raise CommandError(f"No active person has the e-mail address {email}")
    if not is_administrator(person):
        raise CommandError(f"{person.email} is not an administrator: only administrators import plans")
    return person
