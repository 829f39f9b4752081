"""The daily jobs run by Celery beat on the schedule in code: with tasks in-process (the embedded default, which
``./scripts/run-app`` starts beat for), a job runs inside beat itself, at its time, and its e-mails go out."""
import threading
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.beat import Service
from django.core import mail

from inspections.models import MilestoneReminder
from inspections.schedules import milestones_recompute
from tests.inspections.barnsley import SOON_AFTER_THE_LETTER, THIRTY_BEFORE
from tests.inspections.factories import WsoaRequiredInspectionFactory
from wsoa.celery import app
from wsoa.roles import Role

# Beat reads the data from its own thread, so the test's rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

LONDON = ZoneInfo("Europe/London")


def _beat_running(schedule_file) -> tuple[Service, threading.Thread]:
    """Beat as ``celery beat`` runs it (the jobs' modules imported first), waking at least every second."""
    app.loader.import_default_modules()
    service = Service(app, max_interval=1, schedule_filename=str(schedule_file))
    thread = threading.Thread(target=service.start, kwargs={"embedded_process": True}, daemon=True)
    thread.start()
    return service, thread


def _wait_for(condition, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_the_mornings_milestone_reminders_go_out_at_half_past_six_and_not_before(
    make_user, tmp_path, tasks_in_process
):
    inspection = WsoaRequiredInspectionFactory()
    lead = make_user(Role.OFFICER, email="lead@barnsley.example.org")
    inspection.responsible_people.set([lead])
    milestones_recompute(inspection_id=inspection.pk, today=SOON_AFTER_THE_LETTER)
    mail.outbox.clear()
    # Three seconds before the job's time on the morning the deadline is 30 working days away; the clock runs on.
    with time_machine.travel(datetime.combine(THIRTY_BEFORE, clock_time(6, 29, 57), tzinfo=LONDON), tick=True):
        service, thread = _beat_running(tmp_path / "daily-jobs-schedule")
        try:
            time.sleep(1.5)
            assert mail.outbox == []  # 06:29:58: not yet
            assert _wait_for(lambda: len(mail.outbox) == 1, seconds=15), "the 06:30 job did not send its reminder"
        finally:
            service.stop()
            thread.join(timeout=10)
    message = mail.outbox[0]
    assert message.to == [lead.email] and "due in 30 working days" in message.subject
    reminder = MilestoneReminder.objects.get(milestone__inspection=inspection)
    assert reminder.threshold == "30"
    assert reminder.sent_at.astimezone(LONDON) - datetime.combine(THIRTY_BEFORE, clock_time(6, 30), tzinfo=LONDON) \
        < timedelta(seconds=10)
    assert not thread.is_alive()
