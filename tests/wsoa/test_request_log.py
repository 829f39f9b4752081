"""The request log as a person reads it in the terminal and as a log store reads the JSON: method, path, status and
time on one line, calendar tokens masked, and a refused page one line rather than a traceback."""
import json
import logging
import sys

import pytest
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from wsoa.logs import ClientErrorsInOneLine, MaskPrivatePaths, logging_config
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

CONFIG = logging_config("INFO", "plain")
PLAIN = logging.Formatter(CONFIG["formatters"]["plain"]["format"])


def _requests_logged(client, caplog, path: str) -> list[logging.LogRecord]:
    with caplog.at_level(logging.INFO, logger="wsoa.request"):
        client.get(path)
    return [record for record in caplog.records if record.name == "wsoa.request"]


def test_each_request_is_one_line_with_its_method_path_status_and_time(client, make_user, caplog):
    client.force_login(make_user(Role.OFFICER))
    (record,) = _requests_logged(client, caplog, reverse("accessibility"))
    line = PLAIN.format(record)
    assert "\n" not in line
    assert line.endswith(" INFO wsoa.request GET /accessibility/ 200 " + f"{record.duration_ms} ms")
    fields = json.loads(JsonFormatter(**{k: v for k, v in CONFIG["formatters"]["json"].items() if k != "()"})
                        .format(record))
    assert (fields["method"], fields["path"], fields["status"]) == ("GET", "/accessibility/", 200)
    assert fields["user_id"] == record.user_id and fields["duration_ms"] >= 0


def test_a_calendar_token_never_reaches_the_log(client, caplog):
    token = "s3cret-calendar-token-1234567890"
    (record,) = _requests_logged(client, caplog, reverse("inspections:my_feed", args=[token]))
    assert token not in PLAIN.format(record) and token not in record.path
    assert "/calendar/…/mine.ics" in PLAIN.format(record)


def test_an_invitation_token_never_reaches_the_log(client, caplog, make_user):
    token = "c2VjcmV0:1w2x3y:invitation-signature-1234567890"
    (record,) = _requests_logged(client, caplog, reverse("invitation_accept", args=["MTI", token]))
    assert token not in PLAIN.format(record) and token not in record.path
    assert "/invitation/MTI/…/" in PLAIN.format(record)
    caplog.clear()
    (record,) = _requests_logged(client, caplog, reverse("invitation_accept", args=["MTI", "set-password"]))
    assert "/invitation/MTI/set-password/" in PLAIN.format(record)


def test_a_refused_page_is_one_line_and_a_fault_keeps_its_traceback(client, make_user, caplog):
    from tests.actions.factories import PlanFactory

    plan = PlanFactory()
    client.force_login(make_user(Role.REGIONAL_ADVISER))  # reads the plan, may not import into it
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("actions:plan_import", args=[plan.pk])).status_code == 403
    (refused,) = [record for record in caplog.records if record.name == "django.request"]
    assert refused.exc_info  # what Django hands the log: the exception, traceback and all
    assert ClientErrorsInOneLine().filter(refused)
    assert PLAIN.format(refused).count("\n") == 0 and "Forbidden (Permission denied)" in PLAIN.format(refused)

    try:
        raise RuntimeError("a fault")
    except RuntimeError:
        fault = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: /x/", (),
                                  sys.exc_info())
    fault.status_code = 500
    assert ClientErrorsInOneLine().filter(fault)
    assert "Traceback" in PLAIN.format(fault) and "RuntimeError: a fault" in PLAIN.format(fault)


def test_a_calendar_token_in_djangos_own_lines_is_masked_too(client, caplog):
    token = "s3cret-calendar-token-1234567890"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("inspections:inspection_feed", args=[token, 1])).status_code == 404
    (missing,) = [record for record in caplog.records if record.name == "django.request"]
    assert token in missing.getMessage()  # what Django hands the log
    access = logging.LogRecord("django.server", logging.WARNING, __file__, 1, '"%s" %s %s',
                               (f"GET /calendar/{token}/mine.ics HTTP/1.1", 404, 5515), None)
    for record in (missing, access):
        assert MaskPrivatePaths().filter(record)
        assert token not in PLAIN.format(record) and "/calendar/…/" in PLAIN.format(record)


def test_every_line_of_the_service_and_of_django_goes_through_the_filters():
    handler = CONFIG["handlers"]["stdout"]
    assert handler["filters"] == ["private_paths", "client_errors_in_one_line"]
    assert {name: CONFIG["filters"][name]["()"] for name in handler["filters"]} == {
        "private_paths": MaskPrivatePaths, "client_errors_in_one_line": ClientErrorsInOneLine,
    }
    for name in ("django", "django.server"):  # no handler of their own: up to the root's, with its filters
        assert (CONFIG["loggers"][name]["handlers"], CONFIG["loggers"][name]["propagate"]) == ([], True), name
    assert CONFIG["root"]["handlers"] == ["stdout"]
