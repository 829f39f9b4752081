"""The deadline rules' seed migration is frozen data: it imports no live code and seeds the default rules of today."""
import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps

from inspections.deadline_table import DEFAULT_RULES
from inspections.models import DeadlineRuleSetting
from inspections.rules import rule_as_row
from inspections.selectors import deadline_rules

SEED = importlib.import_module("inspections.migrations.0002_seed_deadline_rules")
FROM_PUBLICATION = importlib.import_module("inspections.migrations.0005_area_send_milestones_from_publication")

DRIFT = (
    "DEFAULT_RULES no longer match the rows that migration 0002 seeds. Existing databases keep the rows 0002 wrote, "
    "so a deliberate change to the default rules needs a data migration of its own (never an edit of 0002 or 0005); "
    "then make this test compare DEFAULT_RULES with the rows after that migration instead."
)


def _rows_after_the_migrations() -> list[dict]:
    """The rows 0002 seeds as 0004 and 0005 leave them, in order."""
    rows = []
    for seeded in SEED.RULES:
        row = {**seeded, "approximate": seeded["key"] in FROM_PUBLICATION.APPROXIMATE}
        if row["key"] in FROM_PUBLICATION.NO_LONGER_ESTIMATED:
            row["estimated"] = False
        rows.append({name: row[name] for name in rule_as_row(DEFAULT_RULES[0])})
        rows.extend(new for after, new in FROM_PUBLICATION.NEW_RULES if after == row["key"])
    return rows


@pytest.mark.parametrize("migration", [SEED, FROM_PUBLICATION])
def test_the_rule_migrations_import_nothing_but_django(migration):
    tree = ast.parse(Path(migration.__file__).read_text())
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert modules == {"django.db"}


def test_the_frozen_rows_are_the_default_rules_of_today():
    assert [rule_as_row(rule) for rule in DEFAULT_RULES] == _rows_after_the_migrations(), DRIFT


@pytest.mark.django_db
def test_the_migration_stores_the_rows_the_default_rules_give_in_their_order():
    DeadlineRuleSetting.objects.all().delete()
    SEED.seed(apps, schema_editor=None)
    FROM_PUBLICATION.add_rules(apps, schema_editor=None)

    fields = [field.name for field in DeadlineRuleSetting._meta.concrete_fields if field.name != "id"]
    stored = list(DeadlineRuleSetting.objects.order_by("position").values(*fields))
    for row in stored:
        assert row.pop("position") % 5 == 0
    expected = [{**rule_as_row(rule), "active": True} for rule in DEFAULT_RULES]
    assert stored == expected, DRIFT
    assert deadline_rules() == DEFAULT_RULES  # what the deadline engine reads back from the seeded table
