"""The schedules benchmark's query count of the inspection page runs against today's selectors.

The benchmark is not part of the suite, so a change of a selector's signature could break it unnoticed; this
runs its page-query measurement (small and quick) and checks the answer it prints.
"""
import pytest

from bench.schedules import page_queries


@pytest.mark.django_db
def test_the_inspection_page_reads_as_many_queries_for_5_as_for_50_milestones():
    few, many = page_queries(milestones=5), page_queries(milestones=50)
    assert few == many
    assert 0 < few < 15
