"""The governance pages: who sees and changes what, what the pages show, and forms that refuse bad input."""
from datetime import date, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from actions.models import Action
from governance.models import Board, Meeting
from governance.schedules import meetings_schedule
from tests.actions.factories import UserFactory
from tests.governance.factories import (
    BoardMemberWithoutAccountFactory,
    OpenActionArisingFactory,
    SecondTuesdayBoardFactory,
)
from tests.inspections.factories import LocalAreaFactory
from tests.inspections.test_views import _date
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 3)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def scheduled(board_world):
    meetings_schedule(board=board_world.board, by=None, through=date(2025, 12, 31), today=date(2025, 1, 1))
    return board_world


def person(role, area=None):
    return UserFactory(roles=[role], **({"roles__areas": [area]} if area else {}))


def board_form(**changes) -> dict:
    values = {
        "name": "SEND Partnership Board", "kind": "partnership", "frequency": "monthly", "week_of_month": "last",
        "weekday": "0", "usual_time": "14:00", "report_due_working_days": "5", "reminders_on": "on",
        **_date("starts_on", date(2025, 4, 1)),
    }
    return {**values, **changes}


def test_the_board_page_shows_the_chair_cadence_members_and_meetings(client, scheduled):
    board = scheduled.board
    board.chair_name = "Margaret Hughes"
    board.save()
    BoardMemberWithoutAccountFactory(board=board, name="Co-chair of the forum")
    client.force_login(person(Role.REGIONAL_ADVISER))
    page = client.get(reverse("governance:board", args=[board.pk])).content.decode()
    assert "Margaret Hughes" in page and "Co-chair of the forum" in page
    assert "Monthly, second Tuesday, reports due 5 working days before" in page
    assert "Strand 3 – Preparation for adulthood" in page  # March's spotlight
    assert "Tuesday 11 March 2025" in page
    assert "Change the board" not in page


def test_a_moved_meeting_says_where_it_moved_from(client, board_world):
    from tests.governance.factories import LastMondayBoardFactory

    board = LastMondayBoardFactory(plan=board_world.plan, name="SEND Partnership Board")
    meetings_schedule(board=board, by=None, through=date(2025, 12, 31), today=date(2025, 1, 1))
    client.force_login(board_world.admin)
    page = client.get(reverse("governance:board", args=[board.pk])).content.decode()
    assert "Moved from Monday 25 August 2025 (Late Summer Bank Holiday)" in page
    meeting = board.meetings.get(scheduled_on=date(2025, 8, 25))
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "Tuesday 26 August 2025" in page and "Moved from Monday 25 August 2025" in page


def test_the_meeting_page_lists_the_reports_owed_and_its_record(client, scheduled):
    meeting = scheduled.board.meetings.get(held_on=date(2025, 3, 11))
    OpenActionArisingFactory(meeting=meeting, text="Bring the 20-week figures")
    client.force_login(scheduled.admin)
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert page.count("Spotlight report") == 1 and page.count("Short report") == 3
    assert "Bring the 20-week figures" in page and "Make this a plan action" in page


def test_another_areas_board_and_meeting_are_not_found(client, scheduled):
    elsewhere = LocalAreaFactory(name="Elsewhere")
    meeting = scheduled.board.meetings.first()
    for role in (Role.ADMINISTRATOR, Role.REGIONAL_ADVISER, Role.BOARD_CHAIR):
        client.force_login(person(role, elsewhere))
        for url in (reverse("governance:board", args=[scheduled.board.pk]),
                    reverse("governance:board_edit", args=[scheduled.board.pk]),
                    reverse("governance:meeting", args=[meeting.pk]),
                    reverse("governance:meeting_edit", args=[meeting.pk])):
            assert client.get(url).status_code == 404, url
            assert client.post(url).status_code in (404, 405), url
        assert scheduled.board.name not in client.get(reverse("governance:index")).content.decode()


def test_a_regional_adviser_reads_but_cannot_post(client, scheduled):
    meeting = scheduled.board.meetings.first()
    client.force_login(person(Role.REGIONAL_ADVISER))
    assert client.get(reverse("governance:meeting", args=[meeting.pk])).status_code == 200
    for name, pk in (("board_edit", scheduled.board.pk), ("meeting_edit", meeting.pk),
                     ("agenda_item_add", meeting.pk), ("member_add", scheduled.board.pk)):
        assert client.post(reverse(f"governance:{name}", args=[pk]), {"title": "x"}).status_code == 403, name
    assert client.get(reverse("governance:board_create")).status_code == 403


def test_an_officer_cannot_change_the_board(client, scheduled):
    client.force_login(person(Role.OFFICER))
    assert client.get(reverse("governance:board", args=[scheduled.board.pk])).status_code == 200
    assert client.get(reverse("governance:board_edit", args=[scheduled.board.pk])).status_code == 403
    meeting = scheduled.board.meetings.first()
    assert client.post(reverse("governance:meeting_edit", args=[meeting.pk])).status_code == 403


def test_the_boards_own_chair_changes_it_and_another_chair_does_not(client, scheduled):
    chair, other = person(Role.BOARD_CHAIR), person(Role.BOARD_CHAIR)
    Board.objects.filter(pk=scheduled.board.pk).update(chair=chair)
    url = reverse("governance:board_edit", args=[scheduled.board.pk])
    client.force_login(other)
    assert client.get(url).status_code == 403
    client.force_login(chair)
    response = client.post(url, board_form(name="SEND Improvement Board", chair=str(chair.pk)))
    assert response.status_code == 302
    board = Board.objects.get(pk=scheduled.board.pk)
    assert (board.week_of_month, board.weekday, board.usual_time) == ("last", 0, time(14, 0))
    assert board.history.latest().history_user == chair
    arising = OpenActionArisingFactory(meeting=board.meetings.first())
    assert client.get(reverse("governance:action_arising_to_plan_action", args=[arising.pk])).status_code == 403


def test_an_administrator_sets_up_a_board(client, board_world, django_capture_on_commit_callbacks):
    client.force_login(board_world.admin)
    assert client.get(reverse("governance:board_create")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:board_create"), board_form(plan=str(board_world.plan.pk)))
    board = Board.objects.get(name="SEND Partnership Board")
    assert response["Location"] == reverse("governance:board", args=[board.pk])
    assert board.area_id == board_world.plan.inspection.area_id
    assert board.meetings.first().held_on == date(2025, 4, 28)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": "x" * 201}, "name", "must be 200 characters or fewer"),
    ({"name": "Board\x00"}, "name", "must not include a null character"),
    ({"report_due_working_days": "99999999999999999999"}, "report_due_working_days", "between 0 and 30"),
    ({"report_due_working_days": "-1"}, "report_due_working_days", "between 0 and 30"),
    ({"usual_time": "25:99"}, "usual_time", "must be a time like 10:00"),
    ({"weekday": "6"}, "weekday", "Select a valid choice"),
    ({"frequency": "weeks", "interval_weeks": "1e309"}, "interval_weeks", "must be a whole number"),
    ({"frequency": "weeks", "interval_weeks": ""}, "interval_weeks", "Enter how many weeks"),
    ({"week_of_month": ""}, "week_of_month", "Choose which week of the month"),
    ({"starts_on_2": "99999"}, "starts_on", "year of 4 numbers"),
])
def test_a_board_form_with_bad_input_gives_errors_not_a_server_error(client, scheduled, changes, field, message):
    client.force_login(scheduled.admin)
    response = client.post(reverse("governance:board_edit", args=[scheduled.board.pk]), board_form(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get(field, [])), response.context["form"].errors
    assert "There is a problem" in response.content.decode()


def test_moving_a_meeting_by_hand_says_so_in_its_history(client, scheduled):
    meeting = scheduled.board.meetings.get(held_on=date(2025, 3, 11))
    client.force_login(scheduled.admin)
    response = client.post(reverse("governance:meeting_edit", args=[meeting.pk]), {
        **_date("held_on", date(2025, 3, 13)), "time": "09:30", "status": "planned",
        "spotlight": str(scheduled.subgroups[3].pk), "minutes_link": "", "minutes_text": "",
    })
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.date_set_by_hand, meeting.spotlight_set_by_hand) == (date(2025, 3, 13), True, True)
    record = meeting.history.latest()
    assert record.history_change_reason == (
        "Board meeting moved to Thursday 13 March 2025. Spotlight changed to Local offer. Changed: start time"
    )
    assert record.history_user == scheduled.admin


@pytest.mark.parametrize(("changes", "field"), [
    ({"minutes_link": "javascript:alert(1)"}, "minutes_link"),
    ({"minutes_link": "https://example.org/" + "x" * 500}, "minutes_link"),
    ({"minutes_text": "x" * 10_001}, "minutes_text"),
    ({"time": "99999999999999999999"}, "time"),
    ({"status": "postponed"}, "status"),
    ({"held_on_0": "31", "held_on_1": "2"}, "held_on"),
])
def test_a_meeting_form_with_bad_input_gives_errors(client, scheduled, changes, field):
    meeting = scheduled.board.meetings.first()
    client.force_login(scheduled.admin)
    values = {**_date("held_on", meeting.held_on), "time": "10:00", "status": "planned", **changes}
    response = client.post(reverse("governance:meeting_edit", args=[meeting.pk]), values)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_agenda_decisions_and_actions_arising_are_added(client, scheduled):
    meeting = scheduled.board.meetings.first()
    client.force_login(scheduled.admin)
    for name, values in (("agenda_item_add", {"title": "Spotlight: EHC plans", "presenter_name": "Sam Okafor"}),
                         ("decision_add", {"text": "The board agreed the new panel's terms of reference."}),
                         ("action_arising_add", {"text": "Report the 20-week figures", "owner_name": "Head of SEND",
                                                 **_date("due_on", date(2025, 4, 30))})):
        assert client.post(reverse(f"governance:{name}", args=[meeting.pk]), values).status_code == 302, name
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "Spotlight: EHC plans – Sam Okafor" in page
    assert "terms of reference" in page and "Report the 20-week figures" in page
    assert client.post(reverse("governance:decision_add", args=[meeting.pk]), {"text": "\x00"}).status_code == 200


def test_an_action_arising_becomes_a_plan_action_in_the_chosen_strand(client, scheduled):
    meeting = scheduled.board.meetings.first()
    arising = OpenActionArisingFactory(meeting=meeting, due_on=date(2025, 6, 30), text="Audit ten plans")
    client.force_login(scheduled.admin)
    url = reverse("governance:action_arising_to_plan_action", args=[arising.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"strand": str(scheduled.strands[1].pk), "reference": ""})
    assert response.status_code == 302
    action = Action.objects.get(plan=scheduled.plan, title="Audit ten plans")
    arising.refresh_from_db()
    assert arising.plan_action == action
    assert (action.reference, action.strand, action.due_date, action.lead_name) == (
        "2.1", scheduled.strands[1], date(2025, 6, 30), "Head of SEND"
    )
    assert arising.history.latest().history_change_reason == "Made plan action 2.1"
    assert client.get(url).status_code == 403  # already in the plan


def test_an_action_arising_is_marked_done_and_opened_again_from_its_meeting(client, scheduled):
    meeting = scheduled.board.meetings.first()
    arising = OpenActionArisingFactory(meeting=meeting, text="Audit ten plans")
    client.force_login(scheduled.admin)
    meeting_url = reverse("governance:meeting", args=[meeting.pk])
    status_url = reverse("governance:action_arising_status", args=[arising.pk])
    assert f'action="{status_url}"' in client.get(meeting_url).content.decode()

    response = client.post(status_url, {"status": "done"}, follow=True)
    page = response.content.decode()
    assert "The action arising is marked done." in page
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong>' in page
    assert "Open again<span" in page
    arising.refresh_from_db()
    assert arising.status == "done"
    record = arising.history.latest()
    assert (record.history_change_reason, record.history_user) == ("Action arising marked done", scheduled.admin)

    again = client.post(status_url, {"status": "done"}, follow=True).content.decode()
    assert "This action arising is done already" in again
    assert arising.history.count() == 2  # recorded, then marked done: nothing written the second time

    reopened = client.post(status_url, {"status": "open"}, follow=True).content.decode()
    assert "The action arising is open again." in reopened
    arising.refresh_from_db()
    assert arising.status == "open"
    assert arising.history.latest().history_change_reason == "Action arising opened again"
    for nonsense in ("", "closed", "\x00", "d" * 10_000):
        answer = client.post(status_url, {"status": nonsense}, follow=True)
        assert answer.status_code == 200
        assert "Choose whether the action arising is done or open" in answer.content.decode()
    arising.refresh_from_db()
    assert arising.status == "open"
    assert client.get(status_url).status_code == 405


def test_who_may_mark_an_action_arising_done(client, scheduled):
    meeting = scheduled.board.meetings.first()
    owner = person(Role.OFFICER)
    arising = OpenActionArisingFactory(meeting=meeting, owner=owner, owner_name="")
    url = reverse("governance:action_arising_status", args=[arising.pk])
    client.force_login(person(Role.OFFICER))  # of the area, but neither the owner nor the board's
    assert f'action="{url}"' not in client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert client.post(url, {"status": "done"}).status_code == 403
    client.force_login(person(Role.ADMINISTRATOR, LocalAreaFactory()))  # another area's
    assert client.post(url, {"status": "done"}).status_code == 404
    arising.refresh_from_db()
    assert arising.status == "open"
    client.force_login(owner)  # the owner marks their own action done
    assert f'action="{url}"' in client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert client.post(url, {"status": "done"}).status_code == 302
    arising.refresh_from_db()
    assert arising.status == "done" and arising.history.latest().history_user == owner


def test_a_taken_reference_is_a_form_error(client, scheduled):
    from tests.actions.factories import ActionFactory

    ActionFactory(strand=scheduled.strands[0], reference="1.9")
    arising = OpenActionArisingFactory(meeting=scheduled.board.meetings.first())
    client.force_login(scheduled.admin)
    response = client.post(reverse("governance:action_arising_to_plan_action", args=[arising.pk]),
                           {"strand": str(scheduled.strands[0].pk), "reference": "1.9"})
    assert response.status_code == 200
    assert "already has reference 1.9" in str(response.context["form"].errors)


def test_members_are_added_and_removed(client, scheduled):
    client.force_login(scheduled.admin)
    board = scheduled.board
    someone = person(Role.OFFICER)
    url = reverse("governance:member_add", args=[board.pk])
    seat = {"user": str(someone.pk), "role_on_board": "Designated Clinical Officer"}
    assert client.post(url, seat).status_code == 302
    assert client.post(url, {"user": str(someone.pk)}).status_code == 200  # already a member
    assert client.post(url, {"name": "", "organisation": "Forum"}).status_code == 200
    member = board.members.get(user=someone)
    assert client.post(reverse("governance:member_remove", args=[member.pk])).status_code == 302
    assert not board.members.exists()


def _board_with_meetings(count: int):
    board = SecondTuesdayBoardFactory(name=f"Board of {count}")
    start = date(2020, 1, 14)
    for n in range(count):
        day = start + timedelta(weeks=4 * n)
        Meeting.objects.create(board=board, scheduled_on=day, held_on=day, reports_due_on=day, time=time(10))
    return board


def test_the_board_page_takes_as_many_queries_for_50_meetings_as_for_5(client, django_assert_num_queries):
    admin = person(Role.ADMINISTRATOR)
    client.force_login(admin)
    few, many = _board_with_meetings(5), _board_with_meetings(50)
    BoardMemberWithoutAccountFactory(board=few)
    BoardMemberWithoutAccountFactory(board=many)
    client.get(reverse("governance:board", args=[few.pk]))  # the session and the person, read once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        assert client.get(reverse("governance:board", args=[few.pk])).status_code == 200
    with django_assert_num_queries(len(five)):
        assert client.get(reverse("governance:board", args=[many.pk])).status_code == 200
