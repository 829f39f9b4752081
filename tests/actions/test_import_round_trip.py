"""Exporting a plan and importing it back: the same plan, partners and reasons kept, nothing changed in itself."""

import io
from datetime import date, datetime

import pytest

from actions.models import Action, Strand
from actions.plan_export import plan_export
from actions.plan_import import plan_import
from actions.plan_sheet import read_plan_sheet
from tests.actions.factories import (
    ActionFactory,
    CompletedActionFactory,
    OngoingActionFactory,
    PlanFactory,
    RedActionFactory,
    StrandFactory,
)
from tests.actions.import_sheets import (
    TODAY,
    actions_of,
    )

# --- exporting ------------------------------------------------------------------------------------------


@pytest.fixture
def full_plan(db, people):
    """A plan with every kind of action: led by a person or a name, ongoing, complete, started, with evidence."""
    plan = PlanFactory()
    first = StrandFactory(plan=plan, number=1, title="Leadership, governance & accountability")
    second = StrandFactory(plan=plan, number=2, title="Preparing for adulthood")
    StrandFactory(plan=plan, number=3, title="A strand with no actions yet")
    ActionFactory(
        strand=first, reference="1.1", title="=Set up the Board", lead_officer=people["jo"],
        partners="NHS Anytown ICB\nAnytown schools", start_date=date(2022, 4, 1), due_date=date(2023, 3, 31),
        rating="green",
        success_criteria="Board meets monthly\nStrand leads report to it",
        evidence_links="https://example.org/minutes\nhttps://example.org/tor", description="",
    )
    CompletedActionFactory(
        strand=first, reference="1.10", title="Publish the strategy", lead_officer=None,
        lead_name="Director of Children's Services", lead_organisation="Anytown Council & ICB",
        start_date=None, due_date=date(2022, 12, 31), completed_on=date(2022, 12, 1), description="",
    )
    OngoingActionFactory(
        strand=second, reference="2.1", title="Hear from young people", lead_officer=people["priya"], rating="amber",
        start_date=None, description="Termly forums",
    )
    RedActionFactory(
        strand=second, reference="2.2", title="Supported internships", lead_officer=None, lead_name="",
        lead_organisation="", start_date=date(2023, 1, 1), due_date=date(2024, 3, 31), success_criteria="",
        description="",
    )
    ActionFactory(
        strand=second, reference="2.3", title="Not started yet", rating="not_started", lead_officer=None,
        start_date=None, due_date=None, description="", success_criteria="",
    )
    return plan


def snapshot(plan) -> list[tuple]:
    strands = list(Strand.objects.filter(plan=plan).order_by("number").values_list("number", "title"))
    actions = [
        (a.strand.number, a.reference, a.title, a.description, a.lead_display, a.lead_organisation, a.partners,
         a.start_date, a.due_date, a.ongoing, a.rating, a.rating_reason, a.success_criteria, a.evidence_links)
        for a in Action.objects.filter(plan=plan).select_related("strand", "lead_officer").order_by("sort_key")
    ]  # fmt: skip
    return [strands, actions]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_into_a_fresh_plan_gives_the_same_plan(full_plan, admin, fmt):
    data = plan_export(plan=full_plan, fmt=fmt)
    result = read_plan_sheet(io.BytesIO(data), filename=f"plan.{fmt}", legend=full_plan.legend, today=TODAY)
    assert result.errors == []
    fresh = PlanFactory()

    plan_import(plan=fresh, by=admin, result=result, today=TODAY)

    assert snapshot(fresh) == snapshot(full_plan)
    linked = {a.reference: a.lead_officer_id for a in Action.objects.filter(plan=fresh)}
    original = {a.reference: a.lead_officer_id for a in Action.objects.filter(plan=full_plan)}
    assert linked == original


def test_the_round_trip_keeps_partners_and_the_reason_a_rating_got_worse(full_plan, admin):
    result = read_plan_sheet(io.BytesIO(plan_export(plan=full_plan, fmt="csv")), filename="plan.csv", today=TODAY)
    fresh = PlanFactory()
    plan_import(plan=fresh, by=admin, result=result, today=TODAY)
    actions = actions_of(fresh)
    assert actions["1.1"].partners == "NHS Anytown ICB\nAnytown schools"
    assert actions["1.1"].lead_organisation == actions_of(full_plan)["1.1"].lead_organisation
    assert actions["2.2"].rating_reason == "The recruitment of two caseworkers has failed twice."


def test_an_exported_plan_imported_into_itself_changes_nothing(full_plan, admin):
    data = plan_export(plan=full_plan, fmt="xlsx")
    result = read_plan_sheet(io.BytesIO(data), filename="plan.xlsx", legend=full_plan.legend, today=TODAY)
    summary = plan_import(plan=full_plan, by=admin, result=result, today=TODAY)
    assert (summary.strands_added, summary.actions_added, summary.actions_updated) == (0, 0, 0)
    assert summary.actions_unchanged == 5


def test_export_writes_a_workbook_with_the_plan_title_and_every_action(full_plan):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(plan_export(plan=full_plan, fmt="xlsx"))).active
    assert sheet["A1"].value == str(full_plan)
    assert [sheet.cell(row=row, column=1).value for row in range(4, 9)] == ["1.1", "1.10", "2.1", "2.2", "2.3"]
    assert sheet["A2"].value == full_plan.inspection.area.local_authority
    assert isinstance(sheet["I4"].value, datetime)  # the due date


def test_export_refuses_an_unknown_format(full_plan):
    with pytest.raises(ValueError, match="pdf"):
        plan_export(plan=full_plan, fmt="pdf")
