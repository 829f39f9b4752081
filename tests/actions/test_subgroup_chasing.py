"""A subgroup lead sees who still owes this month's update and sends each of them one reminder a day at most."""
from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions import reminders
from actions.models import UpdateReminder
from tests.actions.conftest import World
from tests.actions.factories import ActionFactory, CompletedActionFactory, OfficerFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

TUESDAY = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.get_default_timezone())
MARCH = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(TUESDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def owing(world: World):
    """In Sam's subgroup: Jo owes 1.1 and 1.2; Kim owes 1.3; 1.4 has its March update; 1.5 is complete."""
    jo = world.people["action lead officer"]
    kim = OfficerFactory(first_name="Kim", last_name="Lee")
    ActionFactory(strand=world.strand, reference="1.2", title="Audit plans", lead_officer=jo)
    ActionFactory(strand=world.strand, reference="1.3", title="Train panel", lead_officer=kim)
    done = ActionFactory(strand=world.strand, reference="1.4", lead_officer=kim)
    ProgressUpdateFactory(action=done, month=MARCH)
    CompletedActionFactory(strand=world.strand, reference="1.5", lead_officer=kim)
    return {"jo": jo, "kim": kim}


def page(client, world: World, who: str):
    client.force_login(world.people[who])
    return client.get(reverse("actions:subgroup", args=[world.strand.subgroup_id]))


@pytest.fixture
def chase(client, world: World, django_capture_on_commit_callbacks):
    """Post "Send a reminder" for ``recipient``, running what waits for the commit (the e-mail) as it would."""
    def post(recipient, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("actions:subgroup_chase", args=[world.strand.subgroup_id]),
                               {"recipient": recipient.pk, **data}, follow=True)
    return post


def test_the_subgroup_page_lists_who_owes_which_updates(client, world, owing):
    response = page(client, world, "strand's subgroup lead")
    owed = [(item.name, [a.reference for a in item.actions]) for item in response.context["owed"]]
    assert owed == [("Jo Smith", ["1.1", "1.2"]), ("Kim Lee", ["1.3"])]
    html = response.content.decode()
    assert "Updates still owed for March 2026" in html
    assert html.count("Send a reminder") == 2


def test_a_reminder_is_e_mailed_once_a_day_and_recorded_with_who_sent_it(client, world, owing, pinned_clock, chase):
    client.force_login(world.people["strand's subgroup lead"])
    response = chase(owing["jo"])
    assert "Reminder sent to Jo Smith about 2 actions" in response.content.decode()
    [email] = mail.outbox
    assert email.to == [owing["jo"].email]
    assert "Sam Okafor" in email.subject and "March 2026" in email.subject
    assert "1.1" in email.body and "1.2 Audit plans" in email.body and "1.3" not in email.body
    record = UpdateReminder.objects.get(kind=UpdateReminder.Kind.CHASE)
    assert (record.recipient, record.sent_by, record.sent_on) == (owing["jo"], world.people["strand's subgroup lead"],
                                                                  TUESDAY.date())
    assert "Reminded today by Sam Okafor" in response.content.decode()

    again = chase(owing["jo"])
    assert "already sent a reminder today" in again.content.decode()
    assert len(mail.outbox) == 1

    pinned_clock.move_to(datetime(2026, 3, 11, 9, 0, tzinfo=TUESDAY.tzinfo))
    client.force_login(world.people["strand's subgroup lead"])  # the session ended overnight
    assert "Reminder sent to Jo Smith" in chase(owing["jo"]).content.decode()
    assert len(mail.outbox) == 2  # a new day


def test_someone_who_owes_nothing_here_cannot_be_chased(client, world, owing, chase):
    other_lead_action = world.plan.actions.get(reference="2.1")  # in the other subgroup
    client.force_login(world.people["strand's subgroup lead"])
    response = chase(other_lead_action.lead_officer)
    assert "owes no updates in this subgroup" in response.content.decode()
    assert mail.outbox == [] and not UpdateReminder.objects.exists()


@pytest.mark.parametrize("who", ["other subgroup lead", "action lead officer", "board chair", "democratic services"])
def test_only_the_subgroup_lead_or_an_administrator_may_send_reminders(client, world, owing, who):
    response = page(client, world, who)
    assert response.status_code == 200 and "Send a reminder" not in response.content.decode()
    denied = client.post(reverse("actions:subgroup_chase", args=[world.strand.subgroup_id]),
                         {"recipient": owing["jo"].pk})
    assert denied.status_code == 403
    assert mail.outbox == []


def test_an_administrator_may_send_one(client, world, owing, chase):
    client.force_login(world.people["administrator"])
    assert "Reminder sent to Kim Lee about 1 action" in chase(owing["kim"]).content.decode()


def test_the_service_refuses_a_second_reminder_whoever_sends_it(world, owing):
    subgroup = world.strand.subgroup
    reminders.update_chase_send(subgroup=subgroup, recipient=owing["kim"], by=subgroup.lead, today=TUESDAY.date())
    with pytest.raises(reminders.ChaseRefused, match="already sent a reminder today"):
        reminders.update_chase_send(
            subgroup=subgroup, recipient=owing["kim"], by=world.people["administrator"], today=TUESDAY.date()
        )


@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999", "\x00", "1 OR 1=1"])
def test_a_nonsense_recipient_gets_a_message_not_an_error(client, world, owing, value):
    client.force_login(world.people["strand's subgroup lead"])
    response = client.post(reverse("actions:subgroup_chase", args=[world.strand.subgroup_id]),
                           {"recipient": value}, follow=True)
    assert response.status_code == 200
    assert "Important" in response.content.decode()
    assert mail.outbox == []


def test_the_home_page_tells_a_subgroup_lead_how_many_updates_are_owed(client, world, owing):
    client.force_login(world.people["strand's subgroup lead"])
    html = client.get(reverse("home")).content.decode()
    assert "Your subgroups" in html
    assert "3 actions still without March 2026 update" in html


def test_the_page_makes_the_same_queries_for_a_few_or_many_owed(client, world, owing, django_assert_num_queries):
    client.force_login(world.people["strand's subgroup lead"])
    url = reverse("actions:subgroup", args=[world.strand.subgroup_id])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        ActionFactory(strand=world.strand, reference=f"1.{10 + n}", lead_officer=OfficerFactory())
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
