"""Sign-in lock-out and password-reset limits keyed on the real client, read through a simulated proxy."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD
from wsoa.client_address import client_ip
from wsoa.roles import Role

PROXY = "172.30.0.10"  # the trusted proxy's address on its network
STRANGER = "198.51.100.9"  # a host that reaches gunicorn directly, not through the proxy
LOCKED_OUT = "Too many attempts to sign in"


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["172.30.0.0/24"]


def _via_proxy(client_address: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


def _sign_in(client, email: str, password: str, **meta):
    return client.post(reverse("login"), {"username": email, "password": password}, **meta)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "203.0.113.7"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}, "203.0.113.7"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "10.1.2.3"}, "10.1.2.3"),
        ({"REMOTE_ADDR": PROXY}, PROXY),
        ({"REMOTE_ADDR": STRANGER, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, STRANGER),
        ({"REMOTE_ADDR": STRANGER}, STRANGER),
    ],
    ids=["proxy", "proxy-after-a-forged-hop", "proxy-private-client", "proxy-itself", "untrusted-hop", "direct"],
)
def test_the_client_is_read_from_forwarded_for_only_when_the_trusted_proxy_sent_it(rf, meta, expected):
    assert client_ip(rf.get("/", **meta)) == expected


def test_without_trusted_proxies_forwarded_for_is_never_believed(rf, settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")) == PROXY


def test_one_guessing_address_behind_the_proxy_does_not_lock_out_everyone_else(client, make_user, settings):
    victim = make_user(Role.OFFICER, "victim@test.example.org")
    colleague = make_user(Role.BOARD_CHAIR, "colleague@test.example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, victim.email, "wrong", **_via_proxy("203.0.113.7"))
    attacker_again = _sign_in(client, colleague.email, PASSWORD, **_via_proxy("203.0.113.7"))
    assert attacker_again.status_code == 429 and LOCKED_OUT in attacker_again.content.decode()

    signed_in = _sign_in(client, colleague.email, PASSWORD, **_via_proxy("198.51.100.20"))
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("home")


def test_guessing_spread_over_many_accounts_from_one_address_is_locked_out(client, make_user, settings):
    accounts = [make_user(Role.OFFICER, f"officer{number}@test.example.org") for number in range(8)]
    responses = [
        _sign_in(client, account.email, "wrong", **_via_proxy("203.0.113.7"))
        for account in accounts
        for _ in range(4)
    ]
    statuses = [response.status_code for response in responses]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(statuses[settings.AXES_FAILURE_LIMIT :]) == {429}
    # Even the right password for an account it never tried is refused from that address.
    other = make_user(Role.BOARD_CHAIR, "untouched@test.example.org")
    assert _sign_in(client, other.email, PASSWORD, **_via_proxy("203.0.113.7")).status_code == 429


def test_an_account_guessed_at_from_many_addresses_is_locked_out(client, make_user, settings):
    victim = make_user(Role.OFFICER, "victim@test.example.org")
    for number in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, victim.email, "wrong", **_via_proxy(f"203.0.113.{number + 1}"))
    response = _sign_in(client, victim.email, PASSWORD, **_via_proxy("198.51.100.20"))
    assert response.status_code == 429 and LOCKED_OUT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_forwarded_for_from_an_untrusted_hop_neither_hides_the_guesser_nor_frames_anyone(client, make_user, settings):
    accounts = [make_user(Role.OFFICER, f"officer{number}@test.example.org") for number in range(3)]
    colleague = make_user(Role.BOARD_CHAIR, "colleague@test.example.org")
    for number in range(settings.AXES_FAILURE_LIMIT):
        # A new forged address each time, straight to gunicorn: it is keyed on its own address all the same.
        account = accounts[number % len(accounts)]
        _sign_in(client, account.email, "wrong", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert _sign_in(client, colleague.email, PASSWORD, REMOTE_ADDR=STRANGER).status_code == 429
    # The address it forged is not locked out.
    signed_in = _sign_in(client, colleague.email, PASSWORD, **_via_proxy("203.0.113.50"))
    assert signed_in.status_code == 302


def _reset(client, email: str, **meta):
    return client.post(reverse("password_reset"), {"email": email}, **meta)


def test_password_reset_e_mails_are_limited_per_account(
    client, make_user, settings, django_capture_on_commit_callbacks
):
    user = make_user(Role.SUBGROUP_LEAD)
    limit = settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT
    with django_capture_on_commit_callbacks(execute=True):
        sent = [_reset(client, user.email, **_via_proxy(f"203.0.113.{n + 1}")) for n in range(limit)]
        refused = _reset(client, user.email.upper(), **_via_proxy("198.51.100.20"))
    assert [response.status_code for response in sent] == [302] * limit
    assert len(mail.outbox) == limit
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "There is a problem" in page and "Too many requests to reset a password" in page


def test_password_reset_e_mails_are_limited_per_client_address(
    client, make_user, settings, django_capture_on_commit_callbacks
):
    limit = settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    users = [make_user(Role.OFFICER, f"officer{number}@test.example.org") for number in range(limit + 1)]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [_reset(client, user.email, **_via_proxy("203.0.113.7")).status_code for user in users]
        other_client = _reset(client, users[-1].email, **_via_proxy("198.51.100.20"))
    assert statuses == [302] * limit + [429]
    assert other_client.status_code == 302
    assert [message.to for message in mail.outbox] == [[user.email] for user in users[:limit]] + [[users[-1].email]]


def test_the_reset_limit_counts_unknown_addresses_too_so_it_reveals_no_account(
    client, db, settings, django_capture_on_commit_callbacks
):
    limit = settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT
    with django_capture_on_commit_callbacks(execute=True):
        responses = [_reset(client, "nobody@test.example.org", **_via_proxy("203.0.113.7")) for _ in range(limit + 1)]
    statuses = [response.status_code for response in responses]
    assert statuses == [302] * limit + [429]
    assert mail.outbox == []


def test_the_reset_limit_lifts_an_hour_after_the_first_request(client, make_user, settings):
    user = make_user(Role.SUBGROUP_LEAD)
    limit = settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        assert [_reset(client, user.email).status_code for _ in range(limit + 1)] == [302] * limit + [429]
        traveller.shift(timedelta(minutes=59))
        assert _reset(client, user.email).status_code == 429
        traveller.shift(timedelta(minutes=2))
        assert _reset(client, user.email).status_code == 302
