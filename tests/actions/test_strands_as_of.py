"""A past day's strands, as the past pages and the board's dashboard read them: PostgreSQL's one written query
gives what the ORM's two queries give (the embedded default's SQLite path), on every day of a plan whose strands
moved subgroup, changed the weaknesses they answer and went, and whose subgroup was renamed, changed lead and
went."""
from datetime import date
from unittest import mock

import pytest
import time_machine

from actions import plan_as_of, services
from actions.plan_as_of import strands_as_of
from tests.actions.factories import OfficerFactory, UserFactory
from tests.actions.plan_story import at
from tests.inspections.factories import WeaknessFactory, WsoaRequiredInspectionFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

SET_UP, MOVED, RENAMED, GONE = date(2025, 1, 6), date(2025, 2, 3), date(2025, 3, 3), date(2025, 4, 1)
DAYS = [date(2025, 1, 5), SET_UP, date(2025, 1, 31), MOVED, date(2025, 2, 28), RENAMED, date(2025, 3, 31), GONE,
        date(2025, 6, 16)]


def _shown(strands) -> list[tuple]:
    return [(strand.pk, strand.number, strand.title, strand.weakness_ids,
             strand.subgroup and (strand.subgroup.pk, strand.subgroup.name, str(strand.subgroup.lead or "")))
            for strand in strands]


def _through_the_orm(plan, day, **pick):
    with mock.patch.object(plan_as_of.connection, "vendor", "sqlite"):
        return strands_as_of(plan, day, **pick)


def test_the_written_query_gives_the_orms_strands_on_every_day():
    with time_machine.travel(at(SET_UP), tick=False):
        inspection = WsoaRequiredInspectionFactory()
        first, second = (WeaknessFactory(inspection=inspection, number=n, title=f"Weakness {n}") for n in (1, 2))
        admin = UserFactory(first_name="Asha", last_name="Patel", roles=[Role.ADMINISTRATOR])
        sam = OfficerFactory(first_name="Sam", last_name="Okafor")
        kim = OfficerFactory(first_name="Kim", last_name="Lee")
        plan = services.plan_create_for(inspection=inspection, by=admin)
        ehc = services.subgroup_create(plan=plan, by=admin, name="EHC subgroup", lead=sam)
        joint = services.subgroup_create(plan=plan, by=admin, name="Joint subgroup")
        one = services.strand_create(plan=plan, by=admin, number=1, title="EHC plans", weaknesses=[first],
                                     subgroup=ehc)
        two = services.strand_create(plan=plan, by=admin, number=2, title="Commissioning", subgroup=ehc)
        three = services.strand_create(plan=plan, by=admin, number=3, title="Short-lived", subgroup=joint,
                                       weaknesses=[first, second])
    with time_machine.travel(at(MOVED), tick=False):
        services.strand_update(strand=two, by=admin, subgroup=joint, weaknesses=[second])
    with time_machine.travel(at(RENAMED), tick=False):
        services.subgroup_update(subgroup=ehc, by=admin, name="EHC plans subgroup", lead=kim)
        services.strand_update(strand=one, by=admin, title="EHC plans and reviews", weaknesses=[first, second])
    joint_pk, three_pk = joint.pk, three.pk  # deleting clears them
    with time_machine.travel(at(GONE), tick=False):
        three.delete()
        joint.delete()  # strand 2 is left with no subgroup

    for day in DAYS:
        for pick in ({}, {"pk": one.pk}, {"pk": two.pk}, {"pk": three_pk}):
            written = _shown(strands_as_of(plan, day, **pick))
            assert written == _shown(_through_the_orm(plan, day, **pick)), (day, pick)
    # the days do show each change: the move, the rename and new lead, the removals
    assert _shown(strands_as_of(plan, SET_UP))[1] == (two.pk, 2, "Commissioning", (), (ehc.pk, "EHC subgroup",
                                                                                       "Sam Okafor"))
    assert _shown(strands_as_of(plan, RENAMED)) == [
        (one.pk, 1, "EHC plans and reviews", (first.pk, second.pk), (ehc.pk, "EHC plans subgroup", "Kim Lee")),
        (two.pk, 2, "Commissioning", (second.pk,), (joint_pk, "Joint subgroup", "")),
        (three_pk, 3, "Short-lived", (first.pk, second.pk), (joint_pk, "Joint subgroup", "")),
    ]
    assert _shown(strands_as_of(plan, GONE)) == [
        (one.pk, 1, "EHC plans and reviews", (first.pk, second.pk), (ehc.pk, "EHC plans subgroup", "Kim Lee")),
        (two.pk, 2, "Commissioning", (second.pk,), None),
    ]
    assert strands_as_of(plan, date(2025, 1, 5)) == []
