"""A plan with four subgroups, one per strand, each led by someone with a role in the area; and its board."""
from dataclasses import dataclass

import pytest

from actions.models import Plan, Strand, Subgroup
from governance.models import Board
from tests.actions.factories import PlanFactory, StrandFactory, SubgroupFactory, SubgroupLeadFactory, UserFactory
from tests.governance.factories import SecondTuesdayBoardFactory
from wsoa.models import User
from wsoa.roles import Role


@dataclass
class BoardWorld:
    plan: Plan
    board: Board
    subgroups: list[Subgroup]  # in turn: strand 1's first
    strands: list[Strand]
    admin: User


def _subgroup_with_strand(plan, number: int, name: str):
    subgroup = SubgroupFactory(plan=plan, name=name, lead=SubgroupLeadFactory(first_name=f"Lead{number}"))
    strand = StrandFactory(plan=plan, number=number, title=f"{name} strand", subgroup=subgroup)
    return subgroup, strand


@pytest.fixture
def board_world(db) -> BoardWorld:
    plan = PlanFactory()
    names = ["EHC plans", "Graduated response", "Preparation for adulthood", "Local offer"]
    # Made out of turn, so the order comes from the strand numbers, not the ids or names.
    made = {number: _subgroup_with_strand(plan, number, names[number - 1]) for number in (3, 1, 4, 2)}
    board = SecondTuesdayBoardFactory(plan=plan)
    return BoardWorld(
        plan=plan, board=board, subgroups=[made[n][0] for n in (1, 2, 3, 4)],
        strands=[made[n][1] for n in (1, 2, 3, 4)], admin=UserFactory(roles=[Role.ADMINISTRATOR]),
    )
