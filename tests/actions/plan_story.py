"""A plan written month by month through the real services with pinned clocks, and what its live pages showed at
the end of each day of the story: the past plan (``plan_as_of``) must agree with it.

Shared by the time-travel tests of the read model and of the pages.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time

import time_machine
from django.urls import reverse

from actions import services
from actions.models import Action, Plan
from actions.overview import plan_overview
from actions.past_day import LONDON
from tests.actions.factories import OfficerFactory, UserFactory
from tests.inspections.factories import WeaknessFactory, WsoaRequiredInspectionFactory
from wsoa.roles import Role

SET_UP = date(2025, 1, 6)  # Monday: the plan is set up
TODAY = date(2025, 6, 16)  # the story's "today", after every step


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


@dataclass
class Story:
    plan: Plan
    people: dict
    actions: dict[str, int]  # reference → id (kept after a deletion)
    strands: dict[int, int]  # number → id
    # What today's plan looked like at the end of each day of the story, as the live pages read it.
    seen: dict[date, dict[str, tuple]] = field(default_factory=dict)
    counts_seen: dict[date, dict[str, int]] = field(default_factory=dict)
    pages_seen: dict[date, dict[str, str]] = field(default_factory=dict)  # page name → live HTML that day


def row_seen(action) -> tuple:
    """What a person saw of an action: strand, title, lead, due, completion, rating and reason."""
    return (action.strand.number, action.title, action.lead_display, action.due_date, action.ongoing,
            action.completed_on, action.rating, action.rating_reason)


def _look(story: Story, day: date, client=None) -> None:
    """Late in ``day``, after its writes: remember the live plan (and, with a client, its pages)."""
    with time_machine.travel(at(day, 23, 50), tick=False):
        actions = Action.objects.filter(plan=story.plan).select_related("strand", "lead_officer")
        story.seen[day] = {action.reference: row_seen(action) for action in actions}
        story.counts_seen[day] = {item.entry.key: item.count for item in plan_overview(story.plan).totals}
        if client is not None:
            client.force_login(story.people["admin"])  # sessions expire over the months of the story
            story.pages_seen[day] = {name: client.get(url).content.decode() for name, url in pages(story).items()}


def pages(story: Story) -> dict[str, str]:
    return {
        "overview": reverse("actions:plan", args=[story.plan.pk]),
        "strand 1": reverse("actions:strand", args=[story.strands[1]]),
        "action list": reverse("actions:action_list", args=[story.plan.pk]),
        "action 1.1": reverse("actions:action", args=[story.actions["1.1"]]),
    }


def story_written(client=None) -> Story:
    """Six months of a plan: ratings changed by updates (one posted late) and edits, a due date moved, a lead
    changed, an action added later and one removed, a strand renamed; the live plan is looked at every step."""
    with time_machine.travel(at(SET_UP, 9), tick=False):
        story = _set_up()
    _look(story, SET_UP, client)
    steps = [
        (date(2025, 2, 14), _february_update),
        (date(2025, 3, 3), _late_february_update),
        (date(2025, 3, 14), _due_date_and_lead_changed),
        (date(2025, 4, 1), _action_added),
        (date(2025, 4, 15), _action_removed),
        (date(2025, 5, 2), _completed_and_renamed),
    ]
    for day, step in steps:
        with time_machine.travel(at(day), tick=False):
            step(story)
        _look(story, day, client)
    return story


def _set_up() -> Story:
    inspection = WsoaRequiredInspectionFactory()
    weakness = WeaknessFactory(inspection=inspection, number=1, title="Quality of EHC plans")
    WeaknessFactory(inspection=inspection, number=2, title="Joint commissioning")
    people = {
        "admin": UserFactory(first_name="Asha", last_name="Patel", roles=[Role.ADMINISTRATOR]),
        "jo": OfficerFactory(first_name="Jo", last_name="Smith"),
        "sam": OfficerFactory(first_name="Sam", last_name="Okafor"),
    }
    admin = people["admin"]
    plan = services.plan_create_for(inspection=inspection, by=admin)
    subgroup = services.subgroup_create(plan=plan, by=admin, name="EHC plans subgroup", lead=people["sam"])
    one = services.strand_create(plan=plan, by=admin, number=1, title="EHC plans", weaknesses=[weakness],
                                 subgroup=subgroup)
    two = services.strand_create(plan=plan, by=admin, number=2, title="Commissioning", subgroup=subgroup)
    made = [
        services.action_create(strand=one, by=admin, reference="1.1", title="Audit EHC plans", rating="green",
                               lead_officer=people["jo"], due_date=date(2025, 3, 31)),
        services.action_create(strand=one, by=admin, reference="1.2", title="Train caseworkers",
                               lead_officer=people["jo"], due_date=date(2025, 6, 30)),
        services.action_create(strand=two, by=admin, reference="2.1", title="Joint panel", rating="amber",
                               lead_officer=people["jo"], ongoing=True),
    ]
    return Story(plan=plan, people=people, actions={action.reference: action.pk for action in made},
                 strands={1: one.pk, 2: two.pk})


def _action(story: Story, reference: str) -> Action:
    return Action.objects.select_related("plan").get(pk=story.actions[reference])


def _february_update(story: Story) -> None:
    services.progress_update_post(action=_action(story, "1.1"), by=story.people["jo"], month=date(2025, 2, 1),
                                  rating="amber", narrative="Half the audits done.", reason="Two auditors left")


def _late_february_update(story: Story) -> None:
    # Posted on 3 March for February: its rating counts from 28 February.
    services.progress_update_post(action=_action(story, "1.2"), by=story.people["jo"], month=date(2025, 2, 1),
                                  rating="green", narrative="Training booked.")


def _due_date_and_lead_changed(story: Story) -> None:
    first = _action(story, "1.1")
    services.action_update(action=first, by=story.people["admin"], expected_version=first.version,
                           due_date=date(2025, 6, 30))
    panel = _action(story, "2.1")
    services.action_update(action=panel, by=story.people["admin"], expected_version=panel.version,
                           lead_officer=story.people["sam"])


def _action_added(story: Story) -> None:
    strand = story.plan.strands.get(number=1)
    added = services.action_create(strand=strand, by=story.people["admin"], reference="1.3", title="Publish the guide",
                                   rating="red", lead_officer=story.people["sam"], due_date=date(2025, 4, 30))
    story.actions["1.3"] = added.pk


def _action_removed(story: Story) -> None:
    # No page removes an action; an administrator does it by hand, attributed in the history.
    panel = _action(story, "2.1")
    panel._history_user = story.people["admin"]
    panel.delete()


def _completed_and_renamed(story: Story) -> None:
    first = _action(story, "1.1")
    services.action_update(action=first, by=story.people["jo"], expected_version=first.version, rating="blue")
    strand = story.plan.strands.get(number=1)
    services.strand_update(strand=strand, by=story.people["admin"], title="EHC plans and reviews")
