"""The dashboards' pages: who may see them, the day asked for, links that list the actions each number counts,
the pack frozen when it is issued, and a fixed number of queries whatever the plan's size."""
import re
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import services
from governance.models import Meeting
from reports.models import DashboardSnapshot
from tests.actions.factories import ActionFactory, OverdueActionFactory, RedActionFactory, StrandFactory, UserFactory
from tests.actions.plan_story import at
from tests.governance.factories import HeldMeetingFactory, PlannedMeetingFactory, SecondTuesdayBoardFactory
from tests.inspections.factories import WeaknessFactory
from tests.reports.conftest import BoardStory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 16)


@pytest.fixture
def pinned():
    with time_machine.travel(at(TODAY, 12), tick=False):
        yield


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main"):html.index("</main>")]


def _url(meeting: Meeting, query: str = "") -> str:
    return reverse("reports:dashboard", args=[meeting.pk]) + query


def _admin(world: BoardStory):
    return world.story.people["admin"]


# --- who may see it --------------------------------------------------------------------------------------


def test_every_role_in_the_area_reads_the_dashboard_and_another_area_gets_404(client, board_story, pinned):
    meeting = board_story.meetings[date(2025, 7, 8)]
    for role in Role.values:
        client.force_login(UserFactory(roles=[role], email=f"{role.replace(' ', '')}@example.org"))
        assert client.get(_url(meeting)).status_code == 200, role
        assert client.get(reverse("reports:dashboards")).status_code == 200, role
    from tests.inspections.factories import LocalAreaFactory

    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[LocalAreaFactory(name="Elsewhere")]))
    assert client.get(_url(meeting)).status_code == 404
    assert client.post(_url(meeting, "issue/")).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, board_story):
    assert client.get(_url(board_story.meetings[date(2025, 7, 8)])).status_code == 302


def test_the_dashboards_page_leads_to_the_next_meeting_in_one_click(client, board_story, pinned):
    client.force_login(_admin(board_story))
    html = client.get(reverse("reports:dashboards")).content.decode()
    next_link = re.search(r'href="([^"]+)">Dashboard for the next meeting', html).group(1)
    assert next_link == _url(board_story.meetings[date(2025, 7, 8)])  # 10 June has passed: 8 July is next
    assert _url(board_story.meetings[date(2025, 5, 13)]) in html


# --- the day -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["yesterday", "2025-02-30", "2025-6-1", "99999-01-01", "2025-06-01\x00", "", " "])
def test_a_day_that_is_not_a_date_is_never_a_server_error(client, board_story, pinned, text):
    client.force_login(_admin(board_story))
    response = client.get(_url(board_story.meetings[date(2025, 7, 8)]), {"on": text})
    assert response.status_code in (200, 400)
    assert "<script" not in text or text not in response.content.decode()


def test_the_date_picker_sends_the_day_on_as_on(client, board_story, pinned):
    client.force_login(_admin(board_story))
    meeting = board_story.meetings[date(2025, 7, 8)]
    response = client.get(_url(meeting), {"on_0": "3", "on_1": "5", "on_2": "2025"})
    assert response.status_code == 302 and response.url == _url(meeting, "?on=2025-05-03")
    assert client.get(_url(meeting), {"on_0": "31", "on_1": "2", "on_2": "2025"}).status_code == 400
    assert client.get(_url(meeting), {"on_0": "1", "on_1": "1", "on_2": "2030"}).status_code == 400


def test_a_past_day_has_a_banner_and_that_days_figures(client, board_story, pinned):
    client.force_login(_admin(board_story))
    html = client.get(_url(board_story.meetings[date(2025, 7, 8)], "?on=2025-04-08")).content.decode()
    assert "as it stood at the end of Tuesday 8 April 2025" in html
    assert "&amp;on=2025-04-08" in html and ">2 actions</a> (50%)" in html  # two amber of four


# --- links -----------------------------------------------------------------------------------------------


def _numbers_and_links(data) -> list[tuple[int, str]]:
    """Every number of the dashboard that links to an action list, with its link."""
    found = []
    if isinstance(data, dict):
        for number, link in (("count", "link"), ("total", "link"), ("overdue", "overdue_link"),
                             ("due_soon", "due_soon_link"), ("moved_actions", "moves_link")):
            if isinstance(data.get(number), int) and data.get(link, "").startswith("/plan/"):
                found.append((data[number], data[link]))
        for items, link in (("newly_complete", "newly_complete_link"), ("new_actions", "new_actions_link")):
            if isinstance(data.get(items), list) and data.get(link):
                found.append((len(data[items]), data[link]))
        for value in data.values():
            found += _numbers_and_links(value)
    elif isinstance(data, list):
        for value in data:
            found += _numbers_and_links(value)
    return found


def _listed(client, link: str) -> int:
    html = client.get(link).content.decode()
    return int(re.search(r'role="status">(\d+) action', html).group(1))


@pytest.mark.parametrize("meeting_day", [date(2025, 7, 8), date(2025, 5, 13), date(2025, 4, 8)])
def test_every_number_links_to_a_list_of_that_many_actions(client, board_story, pinned, meeting_day):
    from dataclasses import asdict

    from reports.dashboard import dashboard_day, meeting_dashboard

    client.force_login(_admin(board_story))
    meeting = board_story.meetings[meeting_day]
    data = asdict(meeting_dashboard(meeting=meeting, day=dashboard_day(meeting, TODAY), today=TODAY))
    pairs = _numbers_and_links(data)
    assert len(pairs) > 20
    assert [(number, link) for number, link in pairs if _listed(client, link) != number] == []


# --- the pack ---------------------------------------------------------------------------------------------


def test_only_administrators_the_chair_and_democratic_services_issue_the_pack(client, board_story, pinned):
    meeting = board_story.meetings[date(2025, 7, 8)]
    for role in (Role.OFFICER, Role.SUBGROUP_LEAD, Role.REGIONAL_ADVISER, Role.BOARD_CHAIR):
        client.force_login(UserFactory(roles=[role], email=f"{role.replace(' ', '')}@example.org"))
        assert client.post(_url(meeting, "issue/")).status_code == 403, role  # a chair, but not this board's
    client.force_login(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    assert client.post(_url(meeting, "issue/")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.pack_issued_at is not None and DashboardSnapshot.objects.filter(meeting=meeting).exists()
    assert "already been issued" in client.post(_url(meeting, "issue/"), follow=True).content.decode()


def test_the_issued_pack_never_changes_when_the_plan_is_corrected_and_the_live_view_compares(
    client, board_story, pinned,
):
    meeting = board_story.meetings[date(2025, 7, 8)]
    chair = UserFactory(roles=[Role.BOARD_CHAIR])
    board_story.board.chair = chair
    board_story.board.save()
    client.force_login(chair)
    assert client.post(_url(meeting, "issue/")).status_code == 302
    client.get(_url(meeting))  # the page that says it is issued
    issued = _main(client.get(_url(meeting)))
    assert "Issued to the board on 16 June 2025 by" in issued and "See the live figures" in issued

    from actions.models import Action

    action = Action.objects.get(pk=board_story.story.actions["1.2"])
    services.action_update(action=action, by=_admin(board_story), expected_version=action.version, rating="red",
                           rating_reason="The trainer left")
    assert _main(client.get(_url(meeting))) == issued
    live = client.get(_url(meeting, "?live=1")).content.decode()
    assert "Compare with what the board was sent" in live
    compared = live[live.index("Compare with what the board was sent"):live.index('id="ratings-title"')]
    assert re.search(r"The whole plan: Red – significant risk/off track</th>\s*<td[^>]*>1</td>\s*<td[^>]*>2</td>",
                     compared)
    snapshot = DashboardSnapshot.objects.get(meeting=meeting)
    assert snapshot.issued_by == chair and snapshot.day == TODAY and snapshot.history.count() == 1


# --- query counts ------------------------------------------------------------------------------------------


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dashboard_makes_as_many_queries_for_200_actions_as_for_10(client):
    with time_machine.travel(at(date(2025, 1, 6)), tick=False):
        strand = StrandFactory()
        WeaknessFactory(inspection=strand.plan.inspection, number=1).strands.add(strand)
        board = SecondTuesdayBoardFactory(plan=strand.plan)
        HeldMeetingFactory(board=board, scheduled_on=date(2025, 5, 13))
        meeting = PlannedMeetingFactory(board=board, scheduled_on=date(2025, 7, 8))
        admin = UserFactory(roles=[Role.ADMINISTRATOR])
    made = [0]

    def grow_to(total: int):
        with time_machine.travel(at(date(2025, 2, 3)), tick=False):
            while made[0] < total:
                made[0] += 1
                kind = (ActionFactory, RedActionFactory, OverdueActionFactory)[made[0] % 3]
                kind(strand=strand, reference=f"1.{made[0]}")

    client.force_login(admin)
    pages = {"today": _url(meeting), "six months back": _url(meeting, "?on=2025-02-10")}
    with time_machine.travel(at(TODAY, 12), tick=False):
        grow_to(10)
        at_10 = {name: _count(client, url) for name, url in pages.items()}
        grow_to(200)
        at_200 = {name: _count(client, url) for name, url in pages.items()}
    assert at_10 == at_200
