"""Exporting a plan: no cell of any export runs as a formula, and a kept export is never out of date."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actions import services
from actions.plan_export import EXPORT_FOLDER, plan_data_version, plan_export, plan_export_kept
from actions.sheet_writer import sheet_title
from tests.actions.factories import ActionFactory, OfficerFactory, PlanFactory, StrandFactory, UserFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    '=HYPERLINK("http://x.example","y")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "   =1+1",
]


def runs_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_CHARACTERS) or text.lstrip().startswith(FORMULA_CHARACTERS)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def hostile_plan():
    """A plan with text that a spreadsheet would run as a formula in every place an export writes text."""
    plan = PlanFactory()
    area = plan.inspection.area
    area.name, area.local_authority = HOSTILE[0], "=cmd|' /C calc'!A0"
    area.save()
    lead = OfficerFactory(first_name="=Jo", last_name="+Smith")
    for number, text in enumerate(HOSTILE, start=1):
        strand = StrandFactory(plan=plan, number=number, title=text)
        ActionFactory(
            strand=strand, reference=f"{number}.1", title=text, description=text, lead_organisation=text,
            partners=text, success_criteria=text, rating_reason=text, evidence_links=text,
            lead_officer=lead if number % 2 else None, lead_name="" if number % 2 else text,
        )
    StrandFactory(plan=plan, number=99, title="@a strand with no actions")
    return plan


def test_no_cell_of_the_xlsx_export_is_a_formula(hostile_plan):
    workbook = load_workbook(io.BytesIO(plan_export(plan=hostile_plan, fmt="xlsx")))
    guarded = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str) and runs_as_formula(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
                    guarded += 1
    assert guarded >= 8 * len(HOSTILE) + 2  # eight fields on every row, the title and the local authority
    sheet = workbook.active
    assert sheet["A1"].value.startswith('=HYPERLINK("http://x.example","y")')
    assert sheet["A2"].value == "=cmd|' /C calc'!A0"


def test_no_cell_of_the_csv_export_runs_as_a_formula(hostile_plan):
    text = plan_export(plan=hostile_plan, fmt="csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if runs_as_formula(cell)]
    assert sum(1 for cell in cells if cell.startswith("'") and runs_as_formula(cell[1:])) >= 8 * len(HOSTILE)


def test_the_sheet_is_named_after_the_area_as_excel_allows():
    assert sheet_title('=HYPERLINK("http://x.example","y")') == 'HYPERLINK("http x.example","y")'
    assert sheet_title("Bath & North East Somerset: [SEND]*?") == "Bath & North East Somerset SEND"
    assert len(sheet_title("Blackburn with Darwen, Lancashire and South Cumbria")) == 31
    assert sheet_title("'quoted'") == "quoted"
    assert sheet_title("+-=@") == sheet_title("History") == sheet_title("") == "Action plan"


def test_the_hostile_sheet_name_is_safe_in_the_workbook(hostile_plan):
    title = load_workbook(io.BytesIO(plan_export(plan=hostile_plan, fmt="xlsx"))).active.title
    assert len(title) <= 31 and not runs_as_formula(title)
    assert not set(title) & set("[]:*?/\\")


# --- kept exports --------------------------------------------------------------------------------------------


@pytest.fixture
def plan_with_actions():
    plan = PlanFactory()
    strand = StrandFactory(plan=plan, number=1, title="Leadership")
    lead = OfficerFactory(first_name="Jo", last_name="Smith")
    for n in range(1, 4):
        ActionFactory(strand=strand, reference=f"1.{n}", title=f"Action {n}", lead_officer=lead)
    return plan


def contents(data: bytes, fmt: str):
    """What the file says (an .xlsx file's bytes also hold the time it was zipped)."""
    if fmt == "csv":
        return data.decode("utf-8-sig")
    return [list(row) for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def kept_files(media_root, plan, fmt):
    return sorted((media_root / EXPORT_FOLDER).glob(f"plan-{plan.pk}-*.{fmt}"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_second_download_reads_the_kept_file(plan_with_actions, media_root, fmt):
    first = plan_export_kept(plan=plan_with_actions, fmt=fmt)
    [kept] = kept_files(media_root, plan_with_actions, fmt)
    assert kept.read_bytes() == first
    assert kept.stat().st_mode & 0o077 == 0  # readable by the service alone
    kept.write_bytes(b"the kept file")
    with CaptureQueriesContext(connection) as queries:
        assert plan_export_kept(plan=plan_with_actions, fmt=fmt) == b"the kept file"
    assert len(queries) == 1


def change_an_action(plan):
    action = plan.actions.get(reference="1.2")
    services.action_update(action=action, by=UserFactory(), expected_version=action.version, title="Retitled")


def rename_the_strand(plan):
    services.strand_update(strand=plan.strands.get(), by=UserFactory(), title="Leadership and governance")


def rename_the_lead(plan):
    lead = plan.actions.first().lead_officer
    lead.last_name = "Smith-Jones"
    lead.save()


def add_an_action(plan):
    services.action_create(strand=plan.strands.get(), by=UserFactory(), reference="1.9", title="Added")


def remove_an_action(plan):
    plan.actions.get(reference="1.3").delete()


def change_the_legend(plan):
    legend = [dict(entry, label=entry["label"].upper()) for entry in plan.rating_legend]
    services.plan_update(plan=plan, by=UserFactory(), rating_legend=legend)


def rename_the_area(plan):
    area = plan.inspection.area
    area.name = "Renamed area"
    area.save()


@pytest.mark.parametrize("change", [
    change_an_action, rename_the_strand, rename_the_lead, add_an_action, remove_an_action, change_the_legend,
])  # fmt: skip
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_after_a_change_the_next_download_has_it_and_the_old_file_goes(plan_with_actions, media_root, fmt, change):
    plan = plan_with_actions
    before = plan_export_kept(plan=plan, fmt=fmt)
    version = plan_data_version(plan)

    change(plan)
    plan = type(plan).objects.select_related("inspection__area").get(pk=plan.pk)

    assert plan_data_version(plan) != version
    after = contents(plan_export_kept(plan=plan, fmt=fmt), fmt)
    assert after == contents(plan_export(plan=plan, fmt=fmt), fmt) != contents(before, fmt)
    assert len(kept_files(media_root, plan, fmt)) == 1


def test_the_next_workbook_after_the_area_is_renamed_has_the_new_name(plan_with_actions):
    plan_export_kept(plan=plan_with_actions, fmt="xlsx")
    rename_the_area(plan_with_actions)
    plan = type(plan_with_actions).objects.select_related("inspection__area").get(pk=plan_with_actions.pk)
    sheet = load_workbook(io.BytesIO(plan_export_kept(plan=plan, fmt="xlsx"))).active
    assert (sheet.title, sheet["A1"].value) == ("Renamed area", "Renamed area Written Statement of Action")


def test_the_kept_files_of_one_plan_leave_other_plans_and_formats_alone(plan_with_actions, media_root):
    other = PlanFactory()
    StrandFactory(plan=other, number=1)
    plan_export_kept(plan=other, fmt="xlsx")
    plan_export_kept(plan=plan_with_actions, fmt="xlsx")
    plan_export_kept(plan=plan_with_actions, fmt="csv")
    change_an_action(plan_with_actions)
    plan_export_kept(plan=plan_with_actions, fmt="xlsx")
    assert len(kept_files(media_root, other, "xlsx")) == 1
    assert len(kept_files(media_root, plan_with_actions, "csv")) == 1  # removed on its own next download


def test_the_download_after_an_edit_on_the_page_has_the_edit(client, plan_with_actions):
    client.force_login(UserFactory(roles=[Role.BOARD_CHAIR]))
    url = reverse("actions:plan_export", args=[plan_with_actions.pk, "csv"])
    assert b"Retitled" not in client.get(url).content
    change_an_action(plan_with_actions)
    assert b"Retitled" in client.get(url).content
