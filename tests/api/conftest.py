"""The data feed's tests: the two demo areas, a token for any of their people, and a client that sends it."""
import json

import pytest
from django.urls import reverse

from api.services import api_token_create
from inspections.models import LocalArea
from wsoa.models import User

HOME, NEIGHBOUR = "Demo Borough", "Neighbour Borough"


@pytest.fixture
def demo(demo_loaded, db):
    return {area.name: area for area in LocalArea.objects.filter(name__in=[HOME, NEIGHBOUR])}


@pytest.fixture
def person(demo):
    def find(email: str) -> User:
        return User.objects.get(email=email)

    return find


def token_for(user: User, name: str = "Power BI SEND dashboard") -> str:
    return api_token_create(user=user, name=name)[1]


class Feed:
    """GETs on the feed with a token, as a dashboard would send them."""

    def __init__(self, client, token: str):
        self.client = client
        self.token = token

    def get(self, name: str, *, pk: int | None = None, headers: dict | None = None, **params):
        url = reverse(f"api:{name}", kwargs={"pk": pk} if pk is not None else None)
        sent = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        return self.client.get(url, params, headers=sent)

    def json(self, name: str, **params) -> dict:
        response = self.get(name, **params)
        assert response.status_code == 200, response.content
        return json.loads(response.content)

    def every(self, name: str, **params) -> list[dict]:
        """Every item of a list, page after page."""
        items, offset = [], 0
        while offset is not None:
            page = self.json(name, offset=offset, limit=50, **params)
            items += page["results"]
            offset = page["next_offset"]
        return items


@pytest.fixture
def feed_as(client, person):
    def make(email: str) -> Feed:
        return Feed(client, token_for(person(email)))

    return make
