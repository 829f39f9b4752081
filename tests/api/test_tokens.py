"""API tokens: shown once, stored hashed, revoked by their owner, refused once revoked, and their use counted."""
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from api.models import ApiToken, ApiTokenUse
from api.services import api_token_create, api_token_revoke
from api.tokens import prefix_of, token_hash, token_matches, token_new
from tests.api.conftest import Feed
from wsoa.roles import Role

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r"wsoa_[a-z0-9]{8}_[A-Za-z0-9_-]{43}")


def test_a_new_token_has_its_prefix_and_only_its_hash_is_kept():
    new = token_new()
    assert TOKEN.fullmatch(new.text)
    assert prefix_of(new.text) == new.prefix
    assert new.hashed == token_hash(new.text) and new.text not in new.hashed
    assert token_matches(new.text, new.hashed)
    assert not token_matches(new.text[:-1] + ("A" if new.text[-1] != "A" else "B"), new.hashed)


@pytest.mark.parametrize("text", ["", "Bearer", "wsoa_short_x", "wsoa_ABCDEFGH_" + "a" * 43, "x" * 10_000, "\x00"])
def test_text_not_shaped_like_a_token_has_no_prefix(text):
    assert prefix_of(text) is None


def test_the_page_shows_a_new_token_once_and_then_only_its_start(client, make_user):
    officer = make_user(Role.OFFICER)
    client.force_login(officer)
    made = client.post(reverse("api_tokens:list"), {"name": "Power BI SEND dashboard"}, follow=True)
    assert made.redirect_chain == [(reverse("api_tokens:list"), 302)]
    page = made.content.decode()
    (text,) = TOKEN.findall(page)
    assert "only time it is shown" in page and "no-store" in made["Cache-Control"]
    token = ApiToken.objects.get(user=officer)
    assert token.name == "Power BI SEND dashboard" and token.hashed == token_hash(text)
    again = client.get(reverse("api_tokens:list")).content.decode()
    assert text not in again and f"wsoa_{token.prefix}_…" in again and "Never" in again


def test_a_token_needs_a_name(client, make_user):
    client.force_login(make_user(Role.OFFICER))
    page = client.post(reverse("api_tokens:list"), {"name": "   "}).content.decode()
    assert "There is a problem" in page and "Enter a name for the token" in page
    assert not ApiToken.objects.exists()


def test_the_token_pages_keep_csrf(make_user):
    browser = Client(enforce_csrf_checks=True)
    officer = make_user(Role.OFFICER)
    browser.force_login(officer)
    assert browser.post(reverse("api_tokens:list"), {"name": "Mine"}).status_code == 403
    token, _ = api_token_create(user=officer, name="Mine")
    assert browser.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 403
    assert ApiToken.objects.get().revoked_at is None


def test_revoking_stops_the_token_and_history_says_who_made_and_revoked_it(client, make_user):
    officer = make_user(Role.OFFICER)
    token, text = api_token_create(user=officer, name="Excel")
    feed = Feed(Client(), text)
    assert feed.get("areas").status_code == 200
    client.force_login(officer)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]), follow=True)
    assert "is revoked" in response.content.decode() and "Revoked" in response.content.decode()
    refused = feed.get("areas")
    assert refused.status_code == 401 and refused.json() == {"detail": "Unauthorized"}
    records = [(record.history_change_reason, record.history_user) for record in token.history.order_by("history_id")]
    assert records == [("Token created", officer), ("Token revoked", officer)]


def test_nobody_revokes_someone_elses_token(client, make_user):
    token, text = api_token_create(user=make_user(Role.OFFICER), name="Mine")
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert Feed(Client(), text).get("areas").status_code == 200


def test_a_missing_wrong_or_inactive_persons_token_is_401(make_user):
    officer = make_user(Role.OFFICER)
    _, text = api_token_create(user=officer, name="Mine")
    for wrong in ("", "not-a-token", text[:-2] + "xx", token_new().text):
        assert Feed(Client(), wrong).get("areas").status_code == 401, wrong
    assert Client().get(reverse("api:areas")).status_code == 401
    officer.is_active = False
    officer.save()
    assert Feed(Client(), text).get("areas").status_code == 401


def test_each_request_is_counted_on_its_day_and_the_page_shows_the_rate(client, make_user):
    officer = make_user(Role.OFFICER)
    token, text = api_token_create(user=officer, name="Power BI")
    feed = Feed(Client(), text)
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        for _ in range(3):
            feed.get("areas")
    with time_machine.travel(datetime(2026, 3, 3, 23, 30, tzinfo=UTC), tick=False):  # still 3 March in London (GMT)
        feed.get("plans")
        uses = dict(ApiTokenUse.objects.filter(token=token).values_list("day", "requests"))
        assert uses == {date(2026, 3, 2): 3, date(2026, 3, 3): 1}
        token.refresh_from_db()
        assert token.last_used_at == datetime(2026, 3, 3, 23, 30, tzinfo=UTC)
        client.force_login(officer)
        page = client.get(reverse("api_tokens:list")).content.decode()
    assert "3 March 2026, 23:30" in page and ">4</td>" in page.replace(" ", "").replace("\n", "")
    assert token.history.count() == 1  # use is not a change: no history record per request


def test_a_person_keeps_at_most_ten_live_tokens(make_user):
    officer = make_user(Role.OFFICER)
    tokens = [api_token_create(user=officer, name=f"Token {n}")[0] for n in range(10)]
    with pytest.raises(ValueError, match="revoke one"):
        api_token_create(user=officer, name="One more")
    api_token_revoke(token=tokens[0], by=officer)
    assert api_token_create(user=officer, name="One more")[0].active


def test_the_token_page_reads_every_token_in_a_fixed_number_of_queries(client, make_user,
                                                                        django_assert_max_num_queries):
    officer = make_user(Role.OFFICER)
    for n in range(8):
        token, text = api_token_create(user=officer, name=f"Dashboard {n}")
        Feed(Client(), text).get("areas")
        if n % 2:
            api_token_revoke(token=token, by=officer)
    client.force_login(officer)
    client.get(reverse("api_tokens:list"))
    # The session and the person, their roles (for the page's navigation), the tokens with their counts.
    with django_assert_max_num_queries(8):
        page = client.get(reverse("api_tokens:list")).content.decode()
    assert page.count('<td class="govuk-table__cell">Dashboard ') == 8 and page.count("Revoked ") == 4
