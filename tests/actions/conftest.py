"""The action tests' starting worlds: a small plan with two subgroups, and the empty plan the imports go into.

Two subgroups, so that every rule about who leads what can be tried from both sides.
"""

from dataclasses import dataclass

import pytest

from actions.models import Action, Plan, Strand
from tests.actions.factories import (
    ActionFactory,
    OfficerFactory,
    PlanFactory,
    StrandFactory,
    SubgroupFactory,
    SubgroupLeadFactory,
    UserFactory,
)
from tests.inspections.factories import WeaknessFactory
from wsoa.models import User
from wsoa.roles import Role


@dataclass
class World:
    plan: Plan
    strand: Strand  # in the subgroup chaired by strand_lead
    other_strand: Strand  # in the subgroup chaired by other_lead
    action: Action  # 1.1 in ``strand``, led by "action lead officer"
    people: dict[str, User]  # every role, plus the people an object rule is about


@pytest.fixture
def world(db) -> World:
    plan = PlanFactory()
    weakness = WeaknessFactory(inspection=plan.inspection, number=1, title="Quality of EHC plans")
    strand_lead = SubgroupLeadFactory(first_name="Sam", last_name="Okafor")
    other_lead = SubgroupLeadFactory(first_name="Priya", last_name="Shah")
    strand = StrandFactory(
        plan=plan, number=1, title="EHC plans", subgroup=SubgroupFactory(plan=plan, lead=strand_lead),
        weaknesses=[weakness],
    )
    other_strand = StrandFactory(
        plan=plan, number=2, title="Joint commissioning", subgroup=SubgroupFactory(plan=plan, lead=other_lead)
    )
    action_lead = OfficerFactory(first_name="Jo", last_name="Smith")
    action = ActionFactory(strand=strand, reference="1.1", lead_officer=action_lead)
    chair_as_lead = UserFactory(first_name="Margaret", last_name="Hughes", roles=[Role.BOARD_CHAIR])
    ActionFactory(strand=other_strand, reference="2.1", lead_officer=chair_as_lead)
    people = {
        "administrator": UserFactory(roles=[Role.ADMINISTRATOR]),
        "action lead officer": action_lead,
        "other officer": OfficerFactory(),
        "strand's subgroup lead": strand_lead,
        "other subgroup lead": other_lead,
        "board chair": UserFactory(roles=[Role.BOARD_CHAIR]),
        "democratic services": UserFactory(roles=[Role.DEMOCRATIC_SERVICES]),
        "board chair named as action lead": chair_as_lead,
        "no role": UserFactory(roles=[]),
    }
    return World(plan=plan, strand=strand, other_strand=other_strand, action=action, people=people)


@pytest.fixture
def evidence_root(settings, tmp_path):
    """Evidence files of a test go to its own folder, with no virus scanner configured; the folder they land in."""
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_SCAN_COMMAND = ""
    return tmp_path / "evidence"


# The import tests' start: an empty plan, the administrator who imports, and two officers the sheets name.
@pytest.fixture
def admin(db):
    return UserFactory(first_name="Ada", last_name="Admin", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def people(db):
    return {
        "jo": OfficerFactory(first_name="Jo", last_name="Smith", email="jo.smith@test.example.org"),
        "priya": OfficerFactory(first_name="Priya", last_name="Shah", email="priya.shah@test.example.org"),
    }


@pytest.fixture
def plan(db):
    return PlanFactory()
