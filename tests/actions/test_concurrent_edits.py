"""Two people saving the same action at the same moment, each in their own database session on PostgreSQL."""
import threading
import time

import pytest
from django.db import connection, transaction

from actions import services
from actions.models import Action
from tests.actions.factories import GreenActionFactory, OfficerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _in_own_session(work, outcome: dict, key: str):
    """Run ``work`` in a thread, which Django gives its own database connection."""

    def run():
        try:
            outcome[key] = work()
        except Exception as error:  # noqa: BLE001 - the test inspects whatever happened
            outcome[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_the_second_of_two_simultaneous_saves_waits_then_is_refused(postgres_db, transactional_db):
    jo = OfficerFactory(first_name="Jo", last_name="Smith")
    sam = OfficerFactory(first_name="Sam", last_name="Okafor")
    action = GreenActionFactory(lead_officer=jo, title="Original title")
    first_saved, let_first_commit = threading.Event(), threading.Event()
    outcome: dict = {}

    def first_person():
        with transaction.atomic():
            saved = services.action_update(action=action, by=jo, expected_version=1, title="Jo's title")
            first_saved.set()
            # Hold the transaction open, row lock and all, while the second person saves.
            assert let_first_commit.wait(10)
        return saved

    def second_person():
        return services.action_update(action=action, by=sam, expected_version=1, partners="Sam's partners")

    first = _in_own_session(first_person, outcome, "jo")
    assert first_saved.wait(10)
    second = _in_own_session(second_person, outcome, "sam")
    time.sleep(0.5)
    # The second session is blocked on the first one's row lock rather than reading the old version.
    assert second.is_alive()
    assert "sam" not in outcome
    let_first_commit.set()
    first.join(10)
    second.join(10)

    assert isinstance(outcome["jo"], Action), outcome["jo"]
    refused = outcome["sam"]
    assert isinstance(refused, services.StaleEdit), refused
    assert refused.current.title == "Jo's title"
    assert [change.text.split(", by ")[0] for change in refused.changes] == ["Title: Original title → Jo's title"]
    assert refused.changes[0].by == "Jo Smith"

    action.refresh_from_db()
    assert (action.title, action.partners, action.version) == ("Jo's title", "", 2)
    assert [record.history_user for record in action.history.order_by("history_id")] == [None, jo]


def test_two_simultaneous_saves_without_waiting_never_both_win(postgres_db, transactional_db):
    jo = OfficerFactory()
    action = GreenActionFactory(lead_officer=jo)
    start = threading.Barrier(2)
    outcome: dict = {}

    def save(title: str):
        def work():
            start.wait(5)
            return services.action_update(action=action, by=jo, expected_version=1, title=title)

        return work

    threads = [_in_own_session(save(title), outcome, title) for title in ("A", "B")]
    for thread in threads:
        thread.join(10)

    kinds = sorted(type(result).__name__ for result in outcome.values())
    assert kinds == ["Action", "StaleEdit"]
    action.refresh_from_db()
    assert action.version == 2
    assert action.title == next(title for title, result in outcome.items() if isinstance(result, Action))
