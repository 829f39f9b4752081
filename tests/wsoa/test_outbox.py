"""The outbox: an e-mail is a row first, sent after its transaction commits, marked sent only once the server took
it, tried again when the server is away, marked "not sent" with the reason when it cannot go, and sent again by
an administrator of its area."""
import smtplib
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse

from inspections.reminders import milestone_reminders_send
from inspections.schedules import milestones_recompute
from tests.inspections.barnsley import SOON_AFTER_THE_LETTER, THIRTY_BEFORE
from tests.inspections.factories import LocalAreaFactory, WsoaRequiredInspectionFactory
from wsoa import tasks
from wsoa.models import OutgoingEmail
from wsoa.outbox import MAX_ATTEMPTS, email_queue
from wsoa.roles import Role

pytestmark = pytest.mark.django_db
REMINDER = OutgoingEmail.Reason.MILESTONE_REMINDER
START = datetime(2022, 1, 17, 7, 0, tzinfo=UTC)


class ServerAway:
    """A mail backend whose server refuses the first ``failures`` connections, then takes the messages."""

    def __init__(self, failures: int):
        self.failures = failures

    def __call__(self, *args, **kwargs):
        outer = self

        class Backend(mail.backends.locmem.EmailBackend):
            def send_messages(self, messages):
                if outer.failures:
                    outer.failures -= 1
                    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
                return super().send_messages(messages)

        return Backend(*args, **kwargs)


@pytest.fixture
def server_away(monkeypatch):
    def away(failures: int) -> None:
        monkeypatch.setattr("django.core.mail.get_connection", ServerAway(failures))
    return away


def sweeps(count: int, *, every: timedelta, commits) -> list[int]:
    """The minute-by-minute sweep, ``count`` times, ``every`` apart on a moved clock: how many it asked for."""
    asked = []
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(count):
            clock.shift(every)
            with commits(execute=True):
                asked.append(tasks.outbox_sweep())
    return asked


def test_an_email_is_a_row_first_and_goes_only_when_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = email_queue(to=["lead@example.org"], subject="Due soon", body="Text", reason=REMINDER, key="k1")
        assert mail.outbox == [] and email.status == "queued"
    email.refresh_from_db()
    assert [message.subject for message in mail.outbox] == ["Due soon"]
    assert email.status == "sent" and email.sent_at is not None and email.attempts == 1
    assert email.history.latest().history_change_reason == "Sent"

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        email_queue(to=["lead@example.org"], subject="Rolled back", body="Text", reason=REMINDER)
        raise RuntimeError("the decision is undone")
    assert not OutgoingEmail.objects.filter(subject="Rolled back").exists()
    assert len(mail.outbox) == 1


def test_the_same_decision_twice_is_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = email_queue(to=["a@example.org"], subject="Once", body="Text", reason=REMINDER, key="reminder:7")
        second = email_queue(to=["a@example.org"], subject="Once", body="Text", reason=REMINDER, key="reminder:7")
    assert first is not None and second is None
    assert len(mail.outbox) == 1 and OutgoingEmail.objects.count() == 1
    assert tasks.email_deliver.apply(args=[first.pk]).get() == "nothing to send"  # a redelivered task
    assert len(mail.outbox) == 1


def test_a_line_break_in_a_name_never_makes_a_header(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(to=["a@example.org"], subject="Reminder (Leeds\r\nBcc: everyone@example.org)",
                            body="Text", reason=REMINDER)
    email.refresh_from_db()
    assert email.status == "sent"
    (message,) = mail.outbox
    assert message.subject == "Reminder (Leeds Bcc: everyone@example.org)" and message.bcc == []
    assert "\nBcc:" not in message.message().as_string().split("\n\n", 1)[0]


def test_a_server_away_is_tried_again_later_and_the_email_marked_sent_only_when_it_went(
    server_away, django_capture_on_commit_callbacks
):
    server_away(2)
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        email = email_queue(to=["a@example.org"], subject="Later", body="Text", reason=REMINDER)
    email.refresh_from_db()
    assert (email.status, email.attempts, mail.outbox) == ("queued", 1, [])
    assert timedelta(minutes=2) <= email.next_try_at - START <= timedelta(minutes=2, seconds=30)
    assert "SMTPServerDisconnected" in email.last_error
    asked = sweeps(10, every=timedelta(minutes=1), commits=django_capture_on_commit_callbacks)
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 3, "")
    assert len(mail.outbox) == 1 and sum(asked) == 2  # asked again at about 2 and 6 minutes, then never


def test_a_task_lost_with_its_worker_is_asked_for_again_by_the_sweep(django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        email = email_queue(to=["a@example.org"], subject="Lost", body="Text", reason=REMINDER)  # never sent
    assert sweeps(4, every=timedelta(minutes=1), commits=django_capture_on_commit_callbacks) == [0, 0, 0, 0]
    assert sweeps(1, every=timedelta(minutes=6), commits=django_capture_on_commit_callbacks) == [1]
    email.refresh_from_db()
    assert email.status == "sent" and [message.subject for message in mail.outbox] == ["Lost"]


def test_an_email_that_cannot_go_is_not_sent_with_its_reason_and_an_administrator_sends_it_again(
    client, make_user, server_away, django_capture_on_commit_callbacks
):
    inspection = WsoaRequiredInspectionFactory()
    lead = make_user(Role.OFFICER, email="lead@barnsley.example.org")
    inspection.responsible_people.set([lead])
    milestones_recompute(inspection_id=inspection.pk, today=SOON_AFTER_THE_LETTER)
    server_away(MAX_ATTEMPTS)  # every try fails, over about four hours
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert milestone_reminders_send(today=THIRTY_BEFORE) == 1
    sweeps(60, every=timedelta(minutes=5), commits=django_capture_on_commit_callbacks)
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.area_id) == ("failed", MAX_ATTEMPTS, inspection.area_id)
    assert "SMTPServerDisconnected" in email.last_error and mail.outbox == []
    assert email.key.startswith("milestone-reminder:")

    admin = make_user(Role.ADMINISTRATOR, email="admin@barnsley.example.org")
    client.force_login(admin)
    assert "1 e-mail could not be sent" in client.get(reverse("home")).content.decode()
    page = client.get(reverse("emails_not_sent")).content.decode()
    assert email.subject in page and "SMTPServerDisconnected" in page and "lead@barnsley.example.org" in page

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("email_send_again", args=[email.pk]), follow=True)
    assert "is being sent again" in answer.content.decode()
    email.refresh_from_db()
    assert email.status == "sent" and [message.to for message in mail.outbox] == [["lead@barnsley.example.org"]]
    again = email.history.filter(history_change_reason="Sent again by an administrator").get()
    assert again.history_user == admin
    assert "Every e-mail has been sent" in client.get(reverse("emails_not_sent")).content.decode()
    answer = client.post(reverse("email_send_again", args=[email.pk]), follow=True)
    assert "no longer waiting" in answer.content.decode() and len(mail.outbox) == 1


def test_only_administrators_of_the_emails_area_see_it_or_send_it_again(client, make_user):
    barnsley = WsoaRequiredInspectionFactory().area
    failed = OutgoingEmail.objects.create(reason=REMINDER, area=barnsley, to=["a@example.org"], subject="Stuck",
                                          body="Text", status="failed", attempts=7, last_error="Refused")
    url = reverse("email_send_again", args=[failed.pk])
    client.force_login(make_user(Role.OFFICER))
    assert client.get(reverse("emails_not_sent")).status_code == 403
    assert client.post(url).status_code == 404  # not an e-mail the person may see
    assert "could not be sent" not in client.get(reverse("home")).content.decode()
    client.force_login(make_user(Role.ADMINISTRATOR, email="admin@elsewhere.example.org",
                                 areas=[LocalAreaFactory(name="Elsewhere")]))
    assert "Stuck" not in client.get(reverse("emails_not_sent")).content.decode()
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_dates_in_this_file_are_fixed():
    assert date(2022, 1, 17) == THIRTY_BEFORE
