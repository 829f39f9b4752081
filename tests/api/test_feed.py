"""The data feed as a dashboard reads it: every list for the demo plan, scoped to the token owner's areas, paged,
with ETags, as CSV, and bad parameters refused in JSON. Days come from the demo data itself, never today."""
import csv
import io
import json

import pytest
from django.test import Client

from actions.models import (
    Action,
    EvidenceItem,
    ImpactMeasure,
    MeasureReading,
    Plan,
    ProgressUpdate,
    RatingEvent,
    Strand,
)
from actions.plan_as_of import plan_as_of
from actions.selectors import rating_changes_between
from inspections.models import Inspection, Milestone, SignificantWeakness
from tests.api.conftest import HOME, NEIGHBOUR, Feed, token_for
from tests.neighbour_plan import neighbour_plan_set_up

pytestmark = pytest.mark.django_db
JO, NEXT_DOOR, ADVISER = "officer@demo.example.org", "officer@neighbour.example.org", "adviser@region.example.org"


@pytest.fixture
def plans(demo) -> dict[str, Plan]:
    """Both areas' plans: the neighbour's set up as its administrator would (the demo leaves it to be)."""
    neighbour_plan_set_up(demo[NEIGHBOUR])
    return {name: Plan.objects.get(inspection__area=area) for name, area in demo.items()}


def _ids(items: list[dict]) -> set[int]:
    return {item["id"] for item in items}


# Each list, and the rows of the demo plan it should hold (the plan's own, by the ORM).
LISTS = {
    "inspections": lambda plan: Inspection.objects.filter(pk=plan.inspection_id),
    "milestones": lambda plan: Milestone.objects.filter(inspection=plan.inspection_id),
    "weaknesses": lambda plan: SignificantWeakness.objects.filter(inspection=plan.inspection_id),
    "plans": lambda plan: Plan.objects.filter(pk=plan.pk),
    "strands": lambda plan: Strand.objects.filter(plan=plan),
    "actions": lambda plan: Action.objects.filter(plan=plan),
    "progress_updates": lambda plan: ProgressUpdate.objects.filter(action__plan=plan),
    "rating_events": lambda plan: RatingEvent.objects.filter(plan=plan),
    "measures": lambda plan: ImpactMeasure.objects.filter(plan=plan),
    "readings": lambda plan: MeasureReading.objects.filter(measure__plan=plan),
    "evidence": lambda plan: EvidenceItem.objects.filter(plan=plan),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_each_list_holds_exactly_the_home_areas_rows_for_its_officer(feed_as, plans, name):
    expected = set(LISTS[name](plans[HOME]).values_list("pk", flat=True))
    assert expected, f"the demo has no {name}"
    assert _ids(feed_as(JO).every(name)) == expected


@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_regional_adviser_reads_both_areas(feed_as, plans, name):
    expected = {pk for plan in plans.values() for pk in LISTS[name](plan).values_list("pk", flat=True)}
    assert _ids(feed_as(ADVISER).every(name)) == expected


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_token_from_one_area_never_sees_the_others(feed_as, plans, name):
    theirs = set(LISTS[name](plans[HOME]).values_list("pk", flat=True))
    own = set(LISTS[name](plans[NEIGHBOUR]).values_list("pk", flat=True))
    seen = _ids(feed_as(NEXT_DOOR).every(name))
    assert seen == own and not seen & theirs


def test_filtering_by_the_other_areas_plan_finds_nothing(feed_as, plans):
    """As a page would not say another area's plan exists, the feed finds nothing rather than refusing."""
    feed = feed_as(NEXT_DOOR)
    for name in ("strands", "actions", "progress_updates", "rating_events", "measures", "readings"):
        assert feed.json(name, plan=plans[HOME].pk)["count"] == 0, name
    assert feed.json("actions", plan=plans[HOME].pk, on=_a_past_day(plans[HOME]).isoformat())["count"] == 0
    assert feed.get("action", pk=Action.objects.filter(plan=plans[HOME]).first().pk).status_code == 404


def test_the_icb_officer_in_both_areas_lists_both_areas_actions(feed_as, plans):
    seen = _ids(feed_as("priya.shah@icb.example.org").every("actions"))
    assert seen == set(Action.objects.filter(plan__in=plans.values()).values_list("pk", flat=True))


def test_a_token_lists_the_demo_plans_actions_with_their_current_rating(feed_as, plans):
    plan = plans[HOME]
    listed = feed_as(JO).every("actions", plan=plan.pk)
    actions = list(Action.objects.filter(plan=plan).order_by("sort_key", "pk"))
    assert [item["reference"] for item in listed] == [action.reference for action in actions]
    first = next(item for item in listed if item["rating"] == "red")
    assert first["rating_label"].startswith("Red")
    one = feed_as(JO).json("action", pk=first["id"])
    assert one == first


def _a_past_day(plan: Plan):
    """A day in the middle of the demo plan's rating events."""
    days = sorted(set(RatingEvent.objects.filter(plan=plan).values_list("effective_on", flat=True)))
    return days[len(days) // 2]


def test_rating_events_since_a_day_are_the_plans_changes_after_it(feed_as, plans):
    plan = plans[HOME]
    since = _a_past_day(plan)
    last = RatingEvent.objects.filter(plan=plan).latest("effective_on").effective_on
    listed = feed_as(JO).every("rating_events", plan=plan.pk, changed_since=since.isoformat())
    expected = list(rating_changes_between(plan, since, last))
    assert [item["id"] for item in listed] == [event.pk for event in expected] and expected
    assert all(item["effective_on"] > since.isoformat() for item in listed)
    until = feed_as(JO).every("rating_events", plan=plan.pk, on=since.isoformat())
    assert until and all(item["effective_on"] <= since.isoformat() for item in until)
    assert len(until) + len(listed) == RatingEvent.objects.filter(plan=plan).count()


def test_actions_on_a_past_day_are_the_plan_as_it_stood(feed_as, plans):
    plan = plans[HOME]
    day = _a_past_day(plan)
    listed = feed_as(JO).every("actions", plan=plan.pk, on=day.isoformat())
    then = plan_as_of(plan, day).actions
    assert [(item["id"], item["rating"]) for item in listed] == [(action.pk, action.rating) for action in then]
    today = {item["id"]: item["rating"] for item in feed_as(JO).every("actions", plan=plan.pk)}
    assert any(today[item["id"]] != item["rating"] for item in listed), "the demo's ratings moved since"


def test_today_or_a_later_day_is_todays_plan(feed_as, plans):
    feed = feed_as(JO)
    live = feed.every("actions", plan=plans[HOME].pk)
    assert feed.every("actions", plan=plans[HOME].pk, on="2999-12-31") == live


def test_an_unknown_parameter_is_refused_rather_than_ignored(feed_as):
    response = feed_as(JO).get("rating_events", **{"changed-since": "2025-03-14"})
    assert response.status_code == 422
    assert response.json()["problems"] == [{"parameter": "changed-since", "problem": "is not a parameter of this list"}]


def test_a_page_is_bounded_and_says_where_the_next_starts(feed_as, plans):
    feed = feed_as(JO)
    total = Action.objects.filter(plan=plans[HOME]).count()
    first = feed.json("actions", limit=5)
    assert (first["count"], first["limit"], first["offset"], first["next_offset"]) == (total, 5, 0, 5)
    assert len(first["results"]) == 5
    last = feed.json("actions", limit=5, offset=total - 1)
    assert len(last["results"]) == 1 and last["next_offset"] is None
    assert feed.json("actions", offset=total + 10)["results"] == []


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 1001}, {"limit": "ten"}, {"offset": -1}, {"offset": 10**12}, {"plan": 2**63},
    {"plan": 0}, {"plan": "x\x00"}, {"on": "2025-02-30"}, {"on": "yesterday"}, {"format": "xlsx"},
    {"rating": "r" * 21},
])
def test_bad_parameters_are_a_json_422_naming_the_parameter(feed_as, params):
    response = feed_as(JO).get("actions", **params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Some parameters are not valid"
    assert [problem["parameter"] for problem in body["problems"]] == list(params)


def test_a_past_day_without_a_plan_is_every_plan_the_person_reads_as_it_stood(feed_as, plans):
    day = _a_past_day(plans[HOME])
    listed = feed_as(ADVISER).every("actions", on=day.isoformat())
    then = [action.pk for plan in sorted(plans.values(), key=lambda plan: plan.pk)
            for action in plan_as_of(plan, day).actions]
    assert [item["id"] for item in listed] == then


def test_an_unchanged_answer_is_304_and_a_change_makes_a_new_etag(feed_as, plans):
    feed = feed_as(JO)
    first = feed.get("strands", plan=plans[HOME].pk)
    etag = first["ETag"]
    assert etag.startswith('"') and first["Cache-Control"] == "private, no-cache" and "Authorization" in first["Vary"]
    again = feed.get("strands", plan=plans[HOME].pk, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    Strand.objects.filter(plan=plans[HOME], number=1).update(title="Renamed strand")
    changed = feed.get("strands", plan=plans[HOME].pk, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag and "Renamed strand" in changed.content.decode()


def test_every_list_is_also_csv_with_the_same_rows_and_nothing_excel_would_run(feed_as, plans):
    plan = plans[HOME]
    Action.objects.filter(plan=plan, reference="1.1").update(title='=HYPERLINK("http://x","y")')
    feed = feed_as(JO)
    response = feed.get("actions", plan=plan.pk, limit=1000, format="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="actions.csv"'
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    as_json = feed.json("actions", plan=plan.pk, limit=1000)["results"]
    assert [row["id"] for row in rows] == [str(item["id"]) for item in as_json]
    assert next(row for row in rows if row["reference"] == "1.1")["title"] == '\'=HYPERLINK("http://x","y")'
    for name in LISTS:
        answer = feed.get(name, format="csv")
        assert answer.status_code == 200 and answer.content.startswith(b"\xef\xbb\xbfid,"), name


def test_csv_keeps_numbers_as_numbers_and_lists_joined(feed_as, plans):
    feed = feed_as(JO)
    strands = list(csv.DictReader(io.StringIO(feed.get("strands", format="csv").content.decode("utf-8-sig"))))
    as_json = {item["id"]: item for item in feed.json("strands")["results"]}
    for row in strands:
        assert row["weakness_ids"] == "; ".join(str(pk) for pk in as_json[int(row["id"])]["weakness_ids"])
    readings = list(csv.DictReader(io.StringIO(feed.get("readings", format="csv").content.decode("utf-8-sig"))))
    assert all(not row["value"].startswith("'") for row in readings)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_page_of_any_list_is_a_fixed_number_of_queries(feed_as, plans, name, django_assert_max_num_queries):
    feed = feed_as(ADVISER)
    feed.get("areas")  # the day's first request also makes the token's row for the day
    # The token, its last use and the day's count, the owner's roles, the count and the rows (a strand's
    # weaknesses one more; evidence the actions, measures and weaknesses each item supports, three more),
    # whatever the size of either plan.
    with django_assert_max_num_queries(9 if name == "evidence" else 7):
        response = feed.get(name, limit=1000)
    assert response.json()["results"]


def test_a_past_days_actions_are_a_fixed_number_of_queries(feed_as, plans, django_assert_max_num_queries):
    feed = feed_as(JO)
    feed.get("areas")
    # The token's five, the plan, and plan_as_of's six.
    with django_assert_max_num_queries(12):
        feed.get("actions", plan=plans[HOME].pk, on=_a_past_day(plans[HOME]).isoformat(), limit=1000)


def test_the_schema_is_at_a_stable_address_and_the_docs_page_serves_its_own_files(demo, client):
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    assert schema["openapi"].startswith("3.") and "/api/v1/rating-events" in schema["paths"]
    assert "TokenAuth" in schema["components"]["securitySchemes"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_someone_with_no_role_reads_nothing(make_user, demo):
    feed = Feed(Client(), token_for(make_user(None)))
    for name in ("areas", *LISTS):
        assert feed.json(name)["count"] == 0, name
