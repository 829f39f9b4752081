"""The plan's pages with ``?on=``: the plan as it stood at the end of that day, read-only, with a banner and links
that keep the day; a date that is not one never breaks the page; another area's plan is still not found."""
import re
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import services
from tests.actions.factories import OfficerFactory, PlanFactory, StrandFactory
from tests.actions.plan_story import TODAY, Story, at, pages, story_written
from tests.inspections.factories import LocalAreaFactory, WeaknessFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

FRIDAY = date(2025, 3, 14)
BANNER = "You are looking at the plan as it stood at the end of Friday 14 March 2025."
BAD_DATES = [
    "2025-13-45", "../../", "x" * 10_000, "\x00", "2025-02-30", "2025-3-14", "14/03/2025", "0000-01-01",
    "２０２５-０３-１４", "2025-03-14\n", " 2025-03-14", "2025-03-14T10:00", "-2025-03-1", "<script>",
]  # fmt: skip


@pytest.fixture
def story(client) -> Story:
    written = story_written(client)
    with time_machine.travel(at(TODAY), tick=False):
        client.force_login(written.people["admin"])
        yield written


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _shown(html: str) -> dict[str, str]:
    """What a page tells about the plan, without its banner, buttons or links' addresses: its tables' bodies,
    its summary list, and the action page's updates and history."""
    main = html.split('<main', 1)[1]
    return {
        "tables": [_text(body) for body in re.findall(r"<tbody.*?</tbody>", main, flags=re.S)],
        "summary": [_text(part) for part in re.findall(r'<dl class="govuk-summary-list">.*?</dl>', main, flags=re.S)],
        "updates": _text(main.split('id="updates"', 1)[1]) if 'id="updates"' in main else "",
    }


def test_each_page_on_a_past_day_shows_what_it_showed_that_day(client, story: Story):
    for day, seen in story.pages_seen.items():
        for name, url in pages(story).items():
            past = client.get(f"{url}?on={day.isoformat()}")
            assert past.status_code == 200, (day, name)
            assert _shown(past.content.decode()) == _shown(seen[name]), (day, name)


def test_a_past_page_has_the_banner_and_no_way_to_change_anything(client, story: Story):
    for name, url in pages(story).items():
        page = client.get(f"{url}?on={FRIDAY.isoformat()}").content.decode()
        assert BANNER in page, name
        assert f'href="{url}">Back to today\'s plan</a>' in page, name
        for button in ("Post a progress update", "Change the action", "Add an action", "Import from a spreadsheet",
                       "Download the plan", "Change this strand"):
            assert button not in page, (name, button)
    live = client.get(pages(story)["action 1.1"]).content.decode()
    assert "Change the action" in live and "A past day" not in live


def test_links_between_plan_pages_keep_the_day(client, story: Story):
    plan_paths = re.compile(r'href="(/plan/(?:\d+/|strands/\d+/|actions/\d+/|\d+/actions/)[^"]*)"')
    for name, url in pages(story).items():
        page = client.get(f"{url}?on={FRIDAY.isoformat()}").content.decode()
        links = [link for link in plan_paths.findall(page) if link != url]
        assert links, name
        assert all("on=2025-03-14" in link for link in links), (name, links)
    listing = client.get(f"{pages(story)['action list']}?on=2025-03-14&rating=amber").content.decode()
    assert '<input type="hidden" name="on" value="2025-03-14">' in listing
    assert "2 actions match the filters" in listing


def test_the_action_list_pages_keep_the_day(client, story: Story):
    strand = story.plan.strands.get(number=1)
    with time_machine.travel(at(date(2025, 3, 20)), tick=False):
        for n in range(30):
            services.action_create(strand=strand, by=story.people["admin"], reference=f"1.{n + 10}", title=f"More {n}")
    url = pages(story)["action list"]
    first = client.get(f"{url}?on=2025-03-20").content.decode()
    assert "33 actions, page 1 of 2." in first
    assert 'href="?on=2025-03-20&amp;page=2"' in first
    assert "3 actions." in client.get(f"{url}?on=2025-03-19").content.decode()


def test_a_day_before_the_plan_existed_lists_nothing(client, story: Story):
    page = client.get(f"{pages(story)['overview']}?on=2024-12-31").content.decode()
    assert "The plan did not exist yet: it was set up on 6 January 2025." in page
    assert "govuk-table__body" not in page
    listing = client.get(f"{pages(story)['action list']}?on=2024-12-31").content.decode()
    assert "0 actions." in listing


def test_an_action_not_in_the_plan_that_day_says_when_it_was(client, story: Story):
    url = reverse("actions:action", args=[story.actions["2.1"]])
    assert client.get(url).status_code == 404  # removed on 15 April
    gone = client.get(f"{url}?on=2025-05-01").content.decode()
    assert "Action 2.1 was not in the plan at the end of Thursday 1 May 2025: it was removed on 15 April 2025." in gone
    there = client.get(f"{url}?on=2025-04-14").content.decode()
    assert "Joint panel" in there and "Sam Okafor" in there


def test_a_day_after_today_is_todays_plan_and_says_so(client, story: Story):
    page = client.get(f"{pages(story)['overview']}?on=2030-01-04")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Friday 4 January 2030 is after today, so this is today&#x27;s plan." in html
    assert "A past day" not in html and "Download the plan" in html


@pytest.mark.parametrize("bad", BAD_DATES)
def test_a_date_that_is_not_one_is_said_in_the_page_never_a_server_error(client, story: Story, bad):
    for name, url in pages(story).items():
        response = client.get(url, {"on": bad})
        assert response.status_code == 400, name
        html = response.content.decode()
        assert "There is a problem" in html and "must be a real date, like 2025-03-14" in html
        if len(bad) > 3 and "2025-03-14" not in bad:  # the message itself gives that example
            assert bad not in html


def test_the_date_picker_goes_to_the_day_or_says_what_is_wrong(client, story: Story):
    url = pages(story)["overview"]
    picked = client.get(url, {"on_0": "14", "on_1": "3", "on_2": "2025"})
    assert picked.status_code == 302 and picked["Location"] == f"{url}?on=2025-03-14"
    for boxes, message in [
        ({"on_0": "31", "on_1": "2", "on_2": "2025"}, "must be a real date"),
        ({"on_0": "1", "on_1": "1", "on_2": "2031"}, "The date must be today or in the past"),
        ({"on_0": "", "on_1": "", "on_2": ""}, "Enter the day to see the plan on"),
        ({"on_0": "\x00", "on_1": "x" * 10_000, "on_2": "1e309"}, "must be a real date"),
    ]:
        response = client.get(url, boxes)
        assert response.status_code == 400 and message in response.content.decode(), boxes
    assert "See the plan as it stood on" in client.get(url).content.decode()


def test_another_areas_plan_with_a_day_is_still_not_found(client, story: Story, make_user):
    stranger = make_user(Role.ADMINISTRATOR, "stranger@test.example.org", areas=[LocalAreaFactory(name="Elsewhere")])
    client.force_login(stranger)
    for name, url in pages(story).items():
        assert client.get(f"{url}?on=2025-03-14").status_code == 404, name


def test_a_post_with_a_day_in_the_address_is_the_usual_post(client, story: Story):
    jo = story.people["jo"]
    client.force_login(jo)
    url = reverse("actions:progress_update", args=[story.actions["1.2"]]) + "?on=2025-03-14"
    response = client.post(url, {"month": TODAY.replace(day=1).isoformat(), "rating": "green", "narrative": "June."})
    assert response.status_code == 302


# --- the same number of queries for a small plan and a bigger one ----------------------------------------


def _past_pages(plan, strand, action) -> dict[str, str]:
    on = "?on=2025-05-31"
    return {
        "overview": reverse("actions:plan", args=[plan.pk]) + on,
        "strand": reverse("actions:strand", args=[strand.pk]) + on,
        "action list": reverse("actions:action_list", args=[plan.pk]) + on,
        "action list filtered": reverse("actions:action_list", args=[plan.pk]) + on + "&rating=amber&q=Action",
        "action": reverse("actions:action", args=[action.pk]) + on,
    }


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_past_pages_query_the_database_a_fixed_number_of_times(client, django_assert_num_queries):
    with time_machine.travel(at(date(2025, 1, 6)), tick=False):
        plan = PlanFactory()
        weakness = WeaknessFactory(inspection=plan.inspection, number=1)
        strands = [StrandFactory(plan=plan, number=n, weaknesses=[weakness]) for n in (1, 2, 3)]
        officer = OfficerFactory()
        admin = OfficerFactory(roles=[Role.ADMINISTRATOR])
    made = []

    def grow_to(total: int) -> None:
        while len(made) < total:
            n = len(made) + 1
            with time_machine.travel(at(date(2025, 1 + n % 4, 1 + n % 27)), tick=False):
                action = services.action_create(
                    strand=strands[n % 3], by=admin, reference=f"{n % 3 + 1}.{n}", title=f"Action {n}",
                    lead_officer=officer, rating=("green", "amber", "red")[n % 3], rating_reason="Slipped",
                )
            with time_machine.travel(at(date(2025, 5, 1 + n % 27)), tick=False):
                services.progress_update_post(action=action, by=officer, month=date(2025, 5, 1), rating="amber",
                                              narrative="May.", reason="Slipped")
            made.append(action)

    client.force_login(admin)
    grow_to(10)
    with time_machine.travel(at(TODAY), tick=False):
        urls = _past_pages(plan, strands[0], made[0])
        for url in urls.values():
            client.get(url)  # the per-process caches first
        at_10 = {name: _count(client, url) for name, url in urls.items()}
    grow_to(120)
    with time_machine.travel(at(TODAY), tick=False):
        for name, url in urls.items():
            with django_assert_num_queries(at_10[name]):
                assert client.get(url).status_code == 200, name
        assert "120 actions" in client.get(urls["action list"]).content.decode()
    assert at_10["overview"] <= 15, at_10
