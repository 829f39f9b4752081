"""`manage.py import_plan FILE --dry-run --json` checks a plan's spreadsheet; without --dry-run it saves it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actions.models import Action, Plan, Strand
from actions.plan_export import plan_export
from tests.actions.factories import ActionFactory, OfficerFactory, PlanFactory, StrandFactory, UserFactory
from tests.actions.import_sheets import sheet_file
from tests.actions.test_import_views import messy_rows
from tests.inspections.factories import WsoaRequiredInspectionFactory
from wsoa.roles import Role

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).with_name("fixtures")
BLACKPOOL = FIXTURES / "messy_wsoa.xlsx"


def _run(*args):
    """The command in a fresh process with no database configured: a dry run must not need one."""
    return subprocess.run(
        [sys.executable, "manage.py", "import_plan", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "wsoa.settings.test"},
    )


@pytest.fixture
def plan_file(tmp_path):
    def write(rows, name="plan.xlsx") -> Path:
        path = tmp_path / name
        path.write_bytes(sheet_file(rows).getvalue())
        return path

    return write


@pytest.fixture
def admin(db):
    return UserFactory(email="ada.admin@test.example.org", roles=[Role.ADMINISTRATOR])


# --- the dry run, in its own process ----------------------------------------------------------------------


def test_dry_run_prints_the_blackpool_plan_and_its_problems_as_json_and_exits_1():
    result = _run(str(BLACKPOOL), "--dry-run", "--json")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["CommandError: messy_wsoa.xlsx has 2 problems: nothing was saved"]
    data = json.loads(result.stdout)
    assert [strand["title"] for strand in data["strands"]] == [
        "Leadership and management",
        "The duties around preparing children and young people for adulthood, not being fulfilled",
        "Co-production, communication and engagement",
        "Inclusive access to services",
    ]
    first = data["strands"][0]["actions"][0]
    assert {key: first[key] for key in ("ref", "title", "lead", "organisation", "due", "rating")} == {
        "ref": "1.1",
        "title": "Publish a SEND Strategy 2022–2025 co-produced with children, young people and families",
        "lead": "Assistant Director – Education, SEND and Early Years",
        "organisation": "Blackpool Council",
        "due": "2022-12-31",
        "rating": "green",
    }
    assert first["success_criteria"] == "Strategy approved by the Executive and published on the Local Offer"
    ongoing = data["strands"][0]["actions"][3]
    assert (ongoing["ref"], ongoing["due"], ongoing["rating"]) == ("1.4", None, "green")
    ratings = {action["rating"] for strand in data["strands"] for action in strand["actions"]}
    assert ratings <= {"red", "amber", "green", "blue", "not_started"}
    assert [error["row"] for error in data["errors"]] == [24, 31]
    assert data["errors"][0]["message"].startswith('Row 24: rating "R/A" gives more than one rating')
    assert data["warnings"][1]["message"].startswith('Row 18: timescale "Spring 2023" is ambiguous')


def test_dry_run_of_a_clean_file_exits_0(plan_file):
    result = _run(str(plan_file(messy_rows(fixed=True))), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["errors"] == []
    assert [len(strand["actions"]) for strand in data["strands"]] == [2, 2]
    assert data["strands"][1]["actions"][1]["due"] == "2024-03-31"


def test_dry_run_summary_without_json_lists_actions_and_problems():
    result = _run(str(BLACKPOOL), "--dry-run")
    assert result.returncode == 1
    assert 'Read sheet "WSOA plan", header on row 6.' in result.stdout
    assert "  1.4  Place SEND at the heart of" in result.stdout
    assert 'Problem: Row 24: rating "R/A" gives more than one rating (Red, Amber): choose one' in result.stdout


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [("empty.csv", b"", "empty.csv is empty."), ("notes.pdf", b"%PDF-1.4", "notes.pdf is not a spreadsheet.")],
)
def test_a_file_that_is_not_a_plan_exits_non_zero_with_one_line(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    result = _run(str(path), "--dry-run", "--json")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0]
    assert result.stdout == ""


def test_a_missing_file_exits_non_zero_with_one_line():
    result = _run("/nonexistent/plan.xlsx", "--dry-run")
    assert result.returncode == 1
    assert result.stderr.strip() == "CommandError: /nonexistent/plan.xlsx: no such file"


# --- in this process, with the test database -----------------------------------------------------------


@pytest.mark.django_db
def test_dry_run_saves_nothing(capsys, plan_file):
    call_command("import_plan", str(plan_file(messy_rows(fixed=True))), "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out)["errors"] == []
    assert Plan.objects.count() == 0 and Action.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_against_an_inspection_says_which_actions_it_would_update(capsys, plan_file, admin):
    plan = PlanFactory()
    ActionFactory(strand=StrandFactory(plan=plan, number=1), reference="1.1")
    rows = {**messy_rows(fixed=True), 5: ["1.1", "x" * 501]}
    with pytest.raises(CommandError, match="1 problem: nothing was saved"):
        call_command("import_plan", str(plan_file(rows)), "--dry-run", "--json", "--inspection", plan.inspection_id)
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == [{"row": 5, "message": "Row 5: the action is 501 characters long; the most is 500"}]


@pytest.mark.django_db
def test_saving_sets_up_the_inspections_plan_and_imports_it_as_the_administrator(capsys, plan_file, admin):
    inspection = WsoaRequiredInspectionFactory()
    jo = OfficerFactory(first_name="Jo", last_name="Smith")

    path = str(plan_file(messy_rows(fixed=True)))
    call_command("import_plan", path, "--inspection", inspection.pk, "--by", "ADA.ADMIN@test.example.org")

    out = capsys.readouterr().out
    assert "plan.xlsx is imported into" in out and "Added 2 strands and 4 actions." in out
    plan = Plan.objects.get(inspection=inspection)
    assert plan.history.get().history_user == admin
    assert list(Strand.objects.filter(plan=plan).values_list("number", flat=True)) == [1, 2]
    actions = Action.objects.filter(plan=plan)
    assert actions.count() == 4
    assert actions.get(reference="1.1").lead_officer == jo
    assert {record.history_user for record in Action.history.filter(plan_id=plan.pk)} == {admin}


@pytest.mark.django_db
def test_saving_into_an_existing_plan_updates_by_ref_and_prints_json(capsys, tmp_path, admin):
    plan = PlanFactory()
    ActionFactory(strand=StrandFactory(plan=plan, number=1, title="Leadership"), reference="1.1", rating="amber",
                  rating_reason="")
    path = tmp_path / "plan.csv"
    path.write_bytes(plan_export(plan=plan, fmt="csv").replace(b"Amber", b"Green"))

    call_command("import_plan", str(path), "--inspection", plan.inspection_id, "--by", admin.email, "--json")

    data = json.loads(capsys.readouterr().out)
    assert data["imported"] == {
        "plan": plan.pk, "strands_added": 0, "strands_updated": 0, "actions_added": 0, "actions_updated": 1,
        "actions_unchanged": 0,
    }
    assert Action.objects.get(plan=plan).rating == "green"


@pytest.mark.django_db
def test_a_file_with_problems_is_not_saved_and_no_plan_is_left_behind(capsys, plan_file, admin):
    inspection = WsoaRequiredInspectionFactory()
    with pytest.raises(CommandError, match="2 problems: nothing was saved"):
        call_command(
            "import_plan", str(plan_file(messy_rows(fixed=False))), "--inspection", inspection.pk, "--by", admin.email
        )
    assert "Problem: Row 7:" in capsys.readouterr().out
    assert Plan.objects.count() == 0 and Action.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "--inspection ID is needed to save"),
        (["--inspection", "1"], "--by EMAIL is needed to save"),
        (["--inspection", "999999", "--by", "ada.admin@test.example.org"], "No inspection has ID 999999"),
        (["--inspection", "{inspection}", "--by", "nobody@test.example.org"], "No active person has the e-mail"),
        (["--inspection", "{inspection}", "--by", "officer@test.example.org"], "is not an administrator"),
    ],
)
def test_saving_needs_a_known_inspection_and_administrator(plan_file, admin, arguments, message):
    inspection = WsoaRequiredInspectionFactory()
    OfficerFactory(email="officer@test.example.org")
    arguments = [argument.format(inspection=inspection.pk) for argument in arguments]
    with pytest.raises(CommandError, match=message):
        call_command("import_plan", str(plan_file(messy_rows(fixed=True))), *arguments)
    assert Action.objects.count() == 0


@pytest.mark.django_db
def test_export_plan_writes_a_file_that_imports_back(tmp_path, capsys):
    plan = PlanFactory()
    ActionFactory(strand=StrandFactory(plan=plan, number=1), reference="1.1", title="Audit EHC plans")
    output = tmp_path / "plan.csv"
    call_command("export_plan", "--inspection", plan.inspection_id, "--format", "csv", "--output", str(output))
    assert capsys.readouterr().out.strip() == f"Wrote {output}"
    call_command("import_plan", str(output), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["strands"][0]["actions"][0]["title"] == "Audit EHC plans"
    with pytest.raises(CommandError, match="has no plan"):
        call_command("export_plan", "--inspection", 999999)
