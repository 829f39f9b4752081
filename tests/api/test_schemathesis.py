"""The feed tested as a client would, from its own OpenAPI schema: schemathesis generates requests for every
operation (valid and invalid parameters) and sends them through the service's WSGI application with a valid
token. No answer may be a server error, and every answer must match the schema: status, content type, body.

Bounded: a few dozen examples an operation and no shrinking past a failure, so the whole run stays well under
two minutes on the demo data."""
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings

from tests.api.conftest import token_for
from wsoa.models import User
from wsoa.wsgi import application

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
TOKEN: dict[str, str] = {}  # the current test's token, which the auth below sends


@schema.auth(refresh_interval=None, retry_on=[])
class AdviserToken:
    """Sent as the schema says (so schemathesis also tries the operations without it, expecting 401)."""

    def get(self, case, context):
        return TOKEN.get("text", "")  # asked once while tests are collected, before any token exists

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def adviser_token(demo):
    """The regional adviser reads both demo areas: the widest view any one token has."""
    TOKEN["text"] = token_for(User.objects.get(email="adviser@region.example.org"))
    yield
    TOKEN.clear()


@pytest.fixture(autouse=True)
def _requests_keep_the_tests_connection():
    """A request through WSGI closes the database connection when it ends, as it should in production; here it
    must keep the test's, whose transaction holds the demo data (Django's own test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def answers():
    """The statuses one operation answered: the run must have reached real data, not only refusals."""
    seen: list[int] = []
    yield seen
    assert {200} & set(seen) or {404} & set(seen), f"no request got past the checks: {sorted(set(seen))}"


@schema.parametrize()
@settings(
    max_examples=30, deadline=None, database=None, derandomize=True,
    phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case, adviser_token, answers):
    answers.append(case.call_and_validate().status_code)
