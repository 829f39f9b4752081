"""Work out an inspection's milestones from dates given on the command line, by the deadline rules in force."""
import json
import textwrap
from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError

from inspections.dates import long_date
from inspections.deadline_table import RuleError
from inspections.deadlines import InspectionFacts, milestones_for
from inspections.models import LocalArea
from inspections.selectors import deadline_rules, working_day_calendar

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DATE_OPTIONS = (
    "received", "published", "official_deadline", "submitted", "decided", "resubmitted", "accepted",
    "revisit_published",
)
DECISIONS = {"fit": "fit", "fit-with-minor": "fit_with_minor", "not-fit": "not_fit"}
REVISIT_PROGRESS = {"sufficient": "sufficient", "not-sufficient": "not_sufficient"}
FRAMEWORKS = ("2016", "2023")

# (earlier, later, why): both dates known and `later` before `earlier` is an impossible history.
DATE_ORDER = (
    ("received", "published", "a letter is published after the area receives it"),
    ("received", "official_deadline", "the official deadline comes after the letter"),
    ("received", "submitted", "the plan is submitted after the letter is received"),
    ("submitted", "decided", "the fitness decision comes after the plan is submitted"),
    ("submitted", "resubmitted", "a plan is resubmitted after it was first submitted"),
    ("submitted", "accepted", "a plan is accepted after it is submitted"),
    ("resubmitted", "accepted", "a plan is accepted after it is resubmitted"),
    ("accepted", "revisit_published", "the revisit follows the plan's acceptance"),
)


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _as_date(name: str, value) -> date | None:
    """A date from YYYY-MM-DD or DD/MM/YYYY (a date object passes through, as call_command allows)."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise CommandError(f"{_option(name)} {text!r} is not a date: use YYYY-MM-DD or DD/MM/YYYY")


def _as_choice(name: str, value, choices: dict[str, str]) -> str | None:
    if value is None:
        return None
    spelled = str(value).strip().lower().replace("_", "-")
    if spelled not in choices:
        raise CommandError(f"{_option(name)} must be one of {', '.join(choices)}, not {value!r}")
    return choices[spelled]


def _one_line_parser_error(parser):
    """Argument errors as one line (no usage block), so a script sees a single reason on stderr."""

    def error(message: str):
        if getattr(parser, "called_from_command_line", False):
            parser.exit(2, f"{parser.prog}: error: {message}\n")
        raise CommandError(f"Error: {message}")

    return error


class Command(BaseCommand):
    help = (
        "Print the milestones an inspection would have, worked out from the dates given and the deadline rules "
        "administrators keep (with the area's local non-working days if --area is given). Dates are YYYY-MM-DD "
        "or DD/MM/YYYY. Example: manage.py deadlines --framework 2016 --received 2021-11-17 --json"
    )
    requires_system_checks = []  # keep the output exactly what the command prints

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = _one_line_parser_error(parser)
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--framework", required=True, choices=FRAMEWORKS,
                            help="2016 (joint local area SEND inspection) or 2023 (area SEND inspection)")
        parser.add_argument("--outcome", choices=("1", "2", "3"), help="area SEND outcome (2023 framework only)")
        parser.add_argument("--no-wsoa", action="store_true",
                            help="2016 framework: no Written Statement of Action was required (assumed required)")
        parser.add_argument("--received", metavar="DATE", help="the day the area received the final letter")
        parser.add_argument("--published", metavar="DATE", help="the day Ofsted published the letter")
        parser.add_argument("--official-deadline", metavar="DATE", help="a deadline given in Ofsted's covering letter")
        parser.add_argument("--submitted", metavar="DATE", help="the day the plan was submitted")
        parser.add_argument("--decision", choices=tuple(DECISIONS),
                            help="the latest fitness decision (needs --decided)")
        parser.add_argument("--decided", metavar="DATE", help="the day of the latest fitness decision")
        parser.add_argument("--resubmitted", metavar="DATE", help="the day the revised plan was resubmitted")
        parser.add_argument("--accepted", metavar="DATE", help="the day the plan was accepted")
        parser.add_argument("--revisit-published", metavar="DATE", help="the day the revisit report was published")
        parser.add_argument("--revisit-progress", choices=tuple(REVISIT_PROGRESS),
                            help="not-sufficient if any weakness was judged not to have made sufficient progress")
        parser.add_argument("--area", metavar="NAME", help="count that local area's non-working days too")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args, **options):
        facts = self._facts(options)
        area = self._area(options.get("area"))
        try:
            milestones = milestones_for(facts, rules=deadline_rules(), calendar=working_day_calendar(area))
        except RuleError as error:
            raise CommandError(" ".join(str(error).split())) from None
        if options.get("json"):
            self.stdout.write(json.dumps({"milestones": [_as_json(m) for m in milestones]}, indent=2,
                                         ensure_ascii=False))
        else:
            self.stdout.write(_as_table(milestones, facts=facts, area=area))

    def _facts(self, options) -> InspectionFacts:
        framework = str(options["framework"])
        if framework not in FRAMEWORKS:
            raise CommandError(f"--framework must be 2016 or 2023, not {framework!r}")
        dates = {name: _as_date(name, options.get(name)) for name in DATE_OPTIONS}
        decision = _as_choice("decision", options.get("decision"), DECISIONS)
        revisit_progress = _as_choice("revisit_progress", options.get("revisit_progress"), REVISIT_PROGRESS)

        outcome = options.get("outcome")
        if outcome is not None:
            if framework == "2016":
                raise CommandError("--outcome is for the 2023 framework; a 2016 inspection uses --no-wsoa instead")
            if str(outcome) not in ("1", "2", "3"):
                raise CommandError(f"--outcome must be 1, 2 or 3, not {outcome!r}")
            outcome = int(outcome)
        if options.get("no_wsoa") and framework == "2023":
            raise CommandError("--no-wsoa is for the 2016 framework; a 2023 inspection has --outcome instead")
        if decision and not dates["decided"]:
            raise CommandError("--decision needs --decided DATE, the day the decision was made")
        if dates["decided"] and not decision:
            raise CommandError("--decided needs --decision fit, fit-with-minor or not-fit")
        if dates["accepted"] and decision == "not_fit":
            raise CommandError("--accepted cannot follow a not-fit decision: give the later decision instead")

        order = list(DATE_ORDER)
        if decision == "not_fit":
            order.append(("decided", "resubmitted", "a revised plan is resubmitted after the not-fit decision"))
        elif dates["resubmitted"] and decision:
            order.append(("resubmitted", "decided", "the latest decision comes after the resubmission"))
        for earlier, later, why in order:
            if dates[earlier] and dates[later] and dates[later] < dates[earlier]:
                raise CommandError(
                    f"{_option(later)} {dates[later].isoformat()} is before {_option(earlier)} "
                    f"{dates[earlier].isoformat()}: {why}"
                )
        return InspectionFacts(
            framework=framework,
            outcome=outcome,
            wsoa_required=(not options.get("no_wsoa")) if framework == "2016" else None,
            decision=decision,
            revisit_progress=revisit_progress,
            **dates,
        )

    def _area(self, name: str | None) -> LocalArea | None:
        if not name:
            return None
        area = LocalArea.objects.filter(name__iexact=name.strip()).first()
        if area is None:
            raise CommandError(f"There is no local area called {name!r}")
        return area


def _as_json(milestone) -> dict:
    return {
        "key": milestone.key,
        "sequence": milestone.sequence,
        "due": milestone.due.isoformat(),
        "rule": milestone.rule_key,
        "label": milestone.label,
        "estimated": milestone.estimated,
        "approximate": milestone.approximate,
        "official": milestone.official,
        "explanation": milestone.explanation,
    }


def _as_table(milestones, *, facts: InspectionFacts, area: LocalArea | None) -> str:
    closures = f"bank holidays and {area}'s non-working days" if area else "bank holidays"
    heading = f"{facts.framework} framework, working days skip weekends and {closures}."
    if not milestones:
        return heading + "\nNo milestones yet: give the date the letter was received (or at least published)."
    due_width, label_width = 21, max(len("Milestone"), *(len(m.label) for m in milestones))
    lines = [heading, "", f"{'Due':<{due_width}} {'Milestone':<{label_width}} Basis"]
    lines.append(f"{'-' * due_width} {'-' * label_width} {'-' * 24}")
    indent = " " * (due_width + 1)
    for milestone in milestones:
        basis = [milestone.confidence]
        if milestone.official:
            basis.append("official")
        if milestone.estimated:
            basis.append("estimated")
        if milestone.approximate:
            basis.append("approximate")
        due = f"{milestone.due:%a} {long_date(milestone.due)}"
        lines.append(f"{due:<{due_width}} {milestone.label:<{label_width}} {', '.join(basis)}")
        lines.extend(textwrap.wrap(milestone.explanation, width=100, initial_indent=indent, subsequent_indent=indent))
    return "\n".join(lines)
