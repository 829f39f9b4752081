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

DRIFT = (
    "DEFAULT_RULES no longer match the rows that migration 0002 seeds. Existing databases keep the rows 0002 wrote, "
    "so a deliberate change to the default rules needs a data migration of its own (never an edit of 0002); "
    "then make this test compare DEFAULT_RULES with the rows after that migration instead."
)


def test_the_seed_migration_imports_nothing_but_django():
    tree = ast.parse(Path(SEED.__file__).read_text())
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert modules == {"django.db"}


def test_the_frozen_rows_are_the_default_rules_of_today():
    assert [rule_as_row(rule) for rule in DEFAULT_RULES] == SEED.RULES, DRIFT


@pytest.mark.django_db
def test_the_migration_stores_the_rows_the_default_rules_give_in_their_order():
    DeadlineRuleSetting.objects.all().delete()
    SEED.seed(apps, schema_editor=None)

    fields = [field.name for field in DeadlineRuleSetting._meta.concrete_fields if field.name != "id"]
    stored = list(DeadlineRuleSetting.objects.order_by("position").values(*fields))
    expected = [
        {**rule_as_row(rule), "position": position * 10, "active": True}
        for position, rule in enumerate(DEFAULT_RULES, start=1)
    ]
    assert stored == expected, DRIFT
    assert deadline_rules() == DEFAULT_RULES  # what the deadline engine reads back from the seeded table
