"""The sheet's columns are declared once: the reader, the writer, the import and the export agree with it."""

from types import SimpleNamespace

import pytest

from actions import plan_import
from actions.models import Action
from actions.sheet_columns import ACTION_COLUMNS, COLUMNS, LEFT_OUT, _header_key, header_of
from actions.sheet_result import ParsedAction

# Fields that say where a row belongs or keep count, rather than what the plan says.
BOOKKEEPING = {"id", "plan", "sort_key", "version", "updated_at"}


def editable_action_fields() -> set[str]:
    return {field.name for field in Action._meta.fields if field.editable} - BOOKKEEPING


def test_every_field_a_person_edits_on_an_action_is_in_a_column_or_left_out_with_a_reason():
    in_columns = {name for column in COLUMNS for name in column.fields}
    missing = editable_action_fields() - in_columns - set(LEFT_OUT)
    assert not missing, f"add a column for {missing}, or say in LEFT_OUT why the sheet leaves it out"
    assert all(reason.strip() for reason in LEFT_OUT.values())


def test_columns_and_the_left_out_list_name_only_real_fields_and_never_the_same_one_twice():
    carried = [name for column in COLUMNS for name in column.fields]
    assert len(carried) == len(set(carried))
    assert not set(carried) & set(LEFT_OUT)
    assert set(carried) | set(LEFT_OUT) <= editable_action_fields()


def test_partners_and_the_reason_for_a_worse_rating_are_exported():
    carried = {name for column in COLUMNS for name in column.fields}
    assert {"partners", "rating_reason", "lead_officer", "lead_name", "lead_organisation"} <= carried


def test_each_exported_heading_reads_back_as_its_own_column():
    header = header_of(1, [column.heading for column in COLUMNS])
    assert header.columns == {column.name: position for position, column in enumerate(COLUMNS)}
    assert header.duplicates == []


def test_no_heading_is_recognised_as_two_columns():
    seen: dict[str, str] = {}
    for column in COLUMNS:
        for heading in column.headings:
            assert heading == _header_key(heading), f"{heading!r} would never match: write it as _header_key does"
            assert seen.setdefault(heading, column.name) == column.name, f"{heading!r}: {seen[heading]}, {column.name}"


def test_every_column_is_an_attribute_of_a_read_row():
    row = ParsedAction(row=1, ref="1.1", title="Do it")
    for column in ACTION_COLUMNS:
        assert hasattr(row, column.name), column.name


def test_an_actions_fields_go_out_and_come_back_through_the_same_columns():
    action = SimpleNamespace(
        reference="1.1", title="Do it", description="How", lead_display="Jo Smith", lead_organisation="Council",
        partners="ICB", start_date=None, due_date=None, ongoing=True, rating="red", rating_reason="Late",
        success_criteria="Done", evidence_links="https://example.org", evidence_of_impact="Fewer complaints",
        notes="Agreed by the board",
    )
    row = ParsedAction(row=0, **{k: v for c in ACTION_COLUMNS for k, v in c.values_from(action).items()})
    back = {name: value for column in ACTION_COLUMNS if column.name != "lead" for name, value in
            column.fields_from(row).items()}
    assert back == {name: getattr(action, name) for name in back}
    assert row.lead == "Jo Smith"


def test_the_import_saves_every_field_a_column_carries():
    carried = {name for column in COLUMNS for name in column.fields}
    assert carried <= set(plan_import._IMPORT_SAVED_FIELDS)
    assert set(plan_import._IMPORT_SAVED_FIELDS) - carried == {"completed_on", "sort_key", "version", "updated_at"}


@pytest.mark.django_db
def test_the_action_form_edits_every_editable_field_but_the_lead_as_written():
    from actions.forms import ACTION_FORM_FIELDS, ActionForm
    from actions.models import ACTION_EDITABLE_FIELDS, Strand
    from tests.actions.factories import PlanFactory

    form = ActionForm(plan=PlanFactory(), strands=Strand.objects.none())
    assert set(form.fields) == set(ACTION_FORM_FIELDS) | {"version"}
    assert set(ACTION_EDITABLE_FIELDS) - set(ACTION_FORM_FIELDS) == {"lead_name"}
    editable = {f.name for f in Action._meta.fields if f.editable and f.name not in {"id", "plan", "version"}}
    assert editable - set(ACTION_EDITABLE_FIELDS) == {"completed_on"}  # follows the rating, never typed
