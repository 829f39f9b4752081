"""A real worker runs the monthly update cycle: each reminder and summary is recorded and sent once, however often."""
import itertools
from datetime import UTC, date, datetime

import pytest

from actions.models import Plan, UpdateReminder
from actions.reminders import update_reminders_send
from actions.tasks import monthly_update_cycle
from tests.actions.factories import (
    ActionFactory,
    OfficerFactory,
    PlanFactory,
    ProgressUpdateFactory,
    StrandFactory,
    SubgroupFactory,
    SubgroupLeadFactory,
)
from tests.integration.conftest import wait_until
from wsoa.models import OutgoingEmail

pytestmark = pytest.mark.integration

REMINDER_DAY = date(2024, 2, 1)  # Thursday
SUMMARY_DAY = date(2024, 2, 6)  # 3 working days later
_sentinels = itertools.count(1)


def _wait_for_the_queue_to_drain(redis_client) -> None:
    """The worker runs one task at a time, in order: once a task sent last has run, every earlier one has."""
    from tests.integration.worker_tasks import attempt_recorder

    key = f"update-reminders-sentinel-{next(_sentinels)}"
    attempt_recorder.delay(key, 0)
    wait_until(lambda: redis_client.get(f"{key}:done"), what="the tasks sent before the sentinel to run")


@pytest.fixture
def plan_with_missing_updates(celery_worker):
    plan = PlanFactory(escalation_working_days=3)
    Plan.objects.filter(pk=plan.pk).update(created_at=datetime(2023, 1, 1, tzinfo=UTC))
    lead = SubgroupLeadFactory(email="sam.okafor@test.example.org")
    strand = StrandFactory(plan=plan, number=1, subgroup=SubgroupFactory(plan=plan, lead=lead))
    jo, priya, aisha = (OfficerFactory(email=f"{name}@test.example.org") for name in ("jo", "priya", "aisha"))
    for reference in ("1.1", "1.2", "1.3"):
        ActionFactory(strand=strand, reference=reference, lead_officer=jo)
    ActionFactory(strand=strand, reference="1.4", lead_officer=priya)
    ProgressUpdateFactory(action=ActionFactory(strand=strand, reference="1.5", lead_officer=aisha), month=REMINDER_DAY)
    return {"plan": plan, "lead": lead, "jo": jo, "priya": priya}


def test_the_cycle_run_twice_by_the_worker_records_each_email_once(plan_with_missing_updates, redis_client):
    people = plan_with_missing_updates
    monthly_update_cycle.delay(REMINDER_DAY.isoformat())
    monthly_update_cycle.delay(REMINDER_DAY.isoformat())  # a duplicated beat or a retried task
    update_reminders_send(today=REMINDER_DAY)  # and a third run in this process, racing the worker
    _wait_for_the_queue_to_drain(redis_client)

    officer_rows = UpdateReminder.objects.filter(kind="officer")
    assert sorted(officer_rows.values_list("recipient", "month", "references")) == sorted([
        (people["jo"].pk, REMINDER_DAY, "1.1, 1.2, 1.3"),
        (people["priya"].pk, REMINDER_DAY, "1.4"),
    ])

    monthly_update_cycle.delay(SUMMARY_DAY.isoformat())
    monthly_update_cycle.delay(SUMMARY_DAY.isoformat())
    monthly_update_cycle.delay(date(2024, 2, 7).isoformat())
    _wait_for_the_queue_to_drain(redis_client)

    rows = list(UpdateReminder.objects.values_list("kind", "recipient", "month"))
    assert len(rows) == len(set(rows)) == 3
    summary = UpdateReminder.objects.get(kind="summary")
    assert (summary.recipient_id, summary.references) == (people["lead"].pk, "1.1, 1.2, 1.3, 1.4")

    # What went out: one e-mail per reminder, each marked sent by the worker once its mail backend took it.
    _wait_for_the_queue_to_drain(redis_client)  # the deliveries queued by the last commits
    emails = OutgoingEmail.objects.order_by("pk")
    assert sorted(emails.values_list("key", flat=True)) == sorted(
        f"update-reminder:{pk}" for pk in UpdateReminder.objects.values_list("pk", flat=True)
    )
    assert set(emails.values_list("status", "attempts")) == {("sent", 1)}
    assert sorted(tuple(email.to) for email in emails) == sorted(
        [(people["jo"].email,), (people["priya"].email,), (people["lead"].email,)]
    )
