"""The board dashboard's benchmark runs against today's dashboard code.

The benchmark is not part of the suite, so a change of the dashboard's selectors or of the plan data it builds
could break it unnoticed; this runs its whole measurement on two small plans (two pairs of requests a page) and
checks the table it prints.
"""
import pytest

from bench import dashboard
from bench._plan_data import people_create, plan_generate, today_fixed


@pytest.mark.django_db
def test_the_dashboard_benchmark_reads_as_many_queries_for_20_actions_as_for_10(capsys):
    people = people_create()
    with today_fixed():
        bigger = dashboard.board_add(plan_generate(people, name="Bigger area", strands=3, actions=20, updates=8,
                                                   officer_actions=0), people)
        small = dashboard.board_add(plan_generate(people, name="Small area", strands=2, actions=10, updates=8,
                                                  officer_actions=0), people)
        pages = dashboard.pages_measure(bigger, small, people["admin"], rounds=2, warm_up=0)
    rows = pages["rows"]
    assert [row["page"] for row in rows] == ["dashboard, today", "dashboard, ?on= six months ago"]
    assert all(row["queries"] == row["small_queries"] for row in rows)
    assert all(pages["baseline"]["queries"] < row["queries"] < 20 for row in rows)

    dashboard.print_table({"postgres": 150000, "rows": bigger["rows"], "pages": pages}, seconds=1.0)
    printed = capsys.readouterr().out
    assert "Board dashboard: 3 strands, 20 actions, 160 updates, 24 meetings, 3 measures" in printed
    assert "query counts are the same for 1,000 actions as for 10" in printed
