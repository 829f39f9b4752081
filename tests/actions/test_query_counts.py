"""The busy pages run the same number of SQL queries for a plan of 10 actions as for one of 200."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import services
from tests.actions.factories import (
    ActionFactory,
    ImpactMeasureFactory,
    MeasureReadingFactory,
    OfficerFactory,
    OverdueActionFactory,
    PlanFactory,
    ProgressUpdateFactory,
    RedActionFactory,
    StrandFactory,
    SubgroupFactory,
)
from tests.inspections.factories import WeaknessFactory

pytestmark = pytest.mark.django_db

KINDS = (ActionFactory, RedActionFactory, OverdueActionFactory)


@pytest.fixture
def growing_plan():
    plan = PlanFactory()
    weaknesses = [WeaknessFactory(inspection=plan.inspection, number=n) for n in (1, 2, 3)]
    strands = [
        StrandFactory(plan=plan, number=n, subgroup=SubgroupFactory(plan=plan), weaknesses=weaknesses[n % 3:][:2])
        for n in range(1, 5)
    ]
    for strand in strands:
        measure = ImpactMeasureFactory(strand=strand)
        MeasureReadingFactory(measure=measure)
    officer = OfficerFactory(first_name="Jo", last_name="Smith")
    made = []

    def grow_to(total: int):
        while len(made) < total:
            n = len(made) + 1
            factory = KINDS[n % len(KINDS)]
            action = factory(strand=strands[n % len(strands)], reference=f"{n % 4 + 1}.{n}", lead_officer=officer)
            if n % 2:
                ProgressUpdateFactory(action=action, month=date(2024, 1 + n % 12, 1))
            if n % 5 == 0:
                services.action_update(action=action, by=officer, expected_version=1, partners=f"Partner {n}")
            made.append(action)

    return plan, strands[0], officer, grow_to


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _pages(plan, strand) -> dict[str, str]:
    return {
        "overview": reverse("actions:index"),
        "strand page": reverse("actions:strand", args=[strand.pk]),
        "action list": reverse("actions:action_list", args=[plan.pk]),
        "action list filtered": reverse("actions:action_list", args=[plan.pk]) + "?rating=red&overdue=on&q=Action",
        "my actions": reverse("actions:my_actions"),
    }


def test_busy_pages_query_the_database_a_fixed_number_of_times(client, growing_plan, django_assert_num_queries):
    plan, strand, officer, grow_to = growing_plan
    client.force_login(officer)
    grow_to(10)
    pages = _pages(plan, strand)
    for url in pages.values():
        client.get(url)  # warm the per-process caches (content types) before counting
    at_10 = {name: _count(client, url) for name, url in pages.items()}

    grow_to(200)
    for name, url in pages.items():
        with django_assert_num_queries(at_10[name]):
            response = client.get(url)
        assert response.status_code == 200, name
    # Sanity: the pages really do show the bigger plan.
    assert "200 actions" in client.get(pages["action list"]).content.decode()
    assert at_10["overview"] <= 15, at_10


def test_the_action_page_does_not_query_per_update_or_per_change(client, growing_plan, django_assert_num_queries):
    plan, strand, officer, grow_to = growing_plan
    grow_to(1)
    action = ActionFactory(strand=strand, reference="1.500", lead_officer=officer)
    client.force_login(officer)
    url = reverse("actions:action", args=[action.pk])
    client.get(url)
    services.progress_update_post(action=action, by=officer, month=date(2024, 1, 1), rating="green", narrative="x")
    at_one = _count(client, url)
    for month in range(2, 13):
        action.refresh_from_db()
        services.progress_update_post(
            action=action, by=officer, month=date(2024, month, 1), rating="amber" if month % 2 else "green",
            narrative="x", reason="Slipped",
        )
        action.refresh_from_db()
        services.action_update(
            action=action, by=OfficerFactory(), expected_version=action.version, partners=f"Partner {month}"
        )
    with django_assert_num_queries(at_one):
        client.get(url)


def test_the_action_page_does_not_query_per_revised_update(client, growing_plan, django_assert_num_queries):
    plan, strand, officer, grow_to = growing_plan
    action = ActionFactory(strand=strand, reference="1.600", lead_officer=officer)
    client.force_login(officer)
    url = reverse("actions:action", args=[action.pk])

    def revised_update(month: int):
        first = services.progress_update_post(action=action, by=officer, month=date(2024, month, 1), rating="green",
                                              narrative="As first written")
        services.progress_update_post(action=action, by=officer, month=first.month, rating="green",
                                      narrative="As revised", revising=(first.pk, first.version))

    revised_update(1)
    client.get(url)
    at_one = _count(client, url)
    for month in range(2, 7):
        revised_update(month)
    with django_assert_num_queries(at_one):
        page = client.get(url).content.decode()
    assert page.count("; revised by ") == 6
    assert page.count("Earlier versions of this update (1)") == 6
