"""The action plan's pages: what they show, the lost-edit message, the quick update, filters and pagination."""
import re
from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import Action, Plan, ProgressUpdate
from actions.ratings import DEFAULT_LEGEND
from actions.selectors import actions_needing_update
from inspections.periods import financial_quarter_of
from tests.actions.factories import (
    ActionFactory,
    AmberActionFactory,
    CompletedActionFactory,
    GreenActionFactory,
    ImpactMeasureFactory,
    MeasureReadingFactory,
    OfficerFactory,
    OverdueActionFactory,
    PlanFactory,
    ProgressUpdateFactory,
    RedActionFactory,
    StrandFactory,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The page's visible words, with tags removed and spaces squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _today() -> date:
    return timezone.localdate()


# --- overview and strand ----------------------------------------------------------------------------------


def test_the_overview_groups_strands_by_weakness_with_rating_counts(client, world):
    RedActionFactory(strand=world.strand, reference="1.2")
    OverdueActionFactory(strand=world.strand, reference="1.3")
    client.force_login(world.people["board chair"])
    page = _text(client.get(reverse("actions:index")))
    assert "Area of significant weakness 1 Quality of EHC plans" in page
    assert "Strands not linked to a weakness" in page  # strand 2 answers none
    # Strand 1: 1 green (1.1), 1 amber (overdue), 1 red; columns Blue Green Amber Red Not started Overdue Total.
    assert "1. EHC plans Sam Okafor 0 1 1 1 0 1 3" in page
    assert "Red – significant risk/off track" in page
    assert 'href="/plan/my-actions/"' in client.get(reverse("actions:index")).content.decode()


def test_the_overview_uses_the_plans_own_word_for_its_sections(client, world):
    Plan.objects.filter(pk=world.plan.pk).update(section_label=Plan.SectionLabel.WORKSTREAM)
    client.force_login(world.people["board chair"])
    page = _text(client.get(reverse("actions:index")))
    assert "Workstream Subgroup lead" in page
    assert "Workstreams not linked to a weakness" in page
    strand_page = _text(client.get(reverse("actions:strand", args=[world.strand.pk])))
    assert "Workstream 1 EHC plans" in strand_page


def test_with_several_plans_the_index_lists_them(client, world):
    other = PlanFactory()
    client.force_login(world.people["board chair"])
    response = client.get(reverse("actions:index"))
    assert response.templates[0].name == "actions/plan_index.html"
    page = response.content.decode()
    assert reverse("actions:plan", args=[world.plan.pk]) in page
    assert reverse("actions:plan", args=[other.pk]) in page


def test_administrators_are_offered_to_set_up_missing_plans(client, world):
    from tests.inspections.factories import WsoaRequiredInspectionFactory

    PlanFactory()
    needing = WsoaRequiredInspectionFactory()
    client.force_login(world.people["administrator"])
    page = client.get(reverse("actions:index")).content.decode()
    assert reverse("actions:plan_create", args=[needing.pk]) in page
    client.force_login(world.people["board chair"])
    page = client.get(reverse("actions:index")).content.decode()
    assert reverse("actions:plan_create", args=[needing.pk]) not in page


def test_the_strand_page_lists_its_actions_with_ratings_reasons_and_measures(client, world):
    red = RedActionFactory(strand=world.strand, reference="1.10")
    ProgressUpdateFactory(action=red, month=date(2024, 3, 1))
    measure = ImpactMeasureFactory(strand=world.strand, name="Plans issued in 20 weeks")
    MeasureReadingFactory(measure=measure, period=date(2024, 3, 1), value=61)
    client.force_login(world.people["other officer"])
    page = _text(client.get(reverse("actions:strand", args=[world.strand.pk])))
    assert page.index("1.1 ") < page.index("1.10 ")
    assert f"Red – significant risk/off track Why it got worse: {red.rating_reason}" in page
    assert "March 2024" in page
    assert "Plans issued in 20 weeks" in page and "61%" in page and "61.0000" not in page
    assert "Change this strand" not in page and "Add an action" not in page


def test_the_strand_page_lists_its_actions_in_reference_order_whatever_order_they_were_added(client, world):
    for reference in ("1.10", "1.3", "1.9", "1.2"):
        ProgressUpdateFactory(action=ActionFactory(strand=world.strand, reference=reference), month=date(2024, 3, 1))
    client.force_login(world.people["other officer"])
    page = client.get(reverse("actions:strand", args=[world.strand.pk])).content.decode()
    listed = re.findall(r'<td class="govuk-table__cell" data-label="Ref">(1\.\d+)</td>', page)
    assert listed == ["1.1", "1.2", "1.3", "1.9", "1.10"]


def test_the_strands_lead_is_offered_to_change_it_and_add_actions(client, world):
    client.force_login(world.people["strand's subgroup lead"])
    page = _text(client.get(reverse("actions:strand", args=[world.strand.pk])))
    assert "Change this strand" in page and "Add an action" in page


# --- action page ------------------------------------------------------------------------------------------


def test_the_action_page_shows_updates_newest_first_and_the_change_history(client, world):
    jo = world.people["action lead officer"]
    services.progress_update_post(action=world.action, by=jo, month=date(2024, 4, 1), rating="green",
                                  narrative="April went well")
    services.progress_update_post(action=world.action, by=jo, month=date(2024, 5, 1), rating="amber",
                                  narrative="May slipped", reason="Panel cancelled")
    client.force_login(world.people["democratic services"])
    page = _text(client.get(reverse("actions:action", args=[world.action.pk])))
    assert page.index("May 2024") < page.index("April 2024")
    assert "Amber – some risk Why it got worse: Panel cancelled May slipped" in page
    assert f"Rating: Green – on track → Amber – some risk, by Jo Smith, {_today().day} {_today():%b %Y}" in page
    assert "By Jo Smith" in page
    assert "Post a progress update" not in page and "Change the action" not in page


def test_the_action_page_offers_the_lead_officer_the_update_and_edit(client, world):
    client.force_login(world.people["action lead officer"])
    page = _text(client.get(reverse("actions:action", args=[world.action.pk])))
    assert "Post a progress update" in page and "Change the action" in page


def test_evidence_links_saved_on_the_action_are_evidence_items_shown_as_links(client, world):
    services.action_update(action=world.action, by=world.people["action lead officer"],
                           expected_version=world.action.version, evidence_links="https://example.org/audit.pdf")
    client.force_login(world.people["board chair"])
    page = client.get(reverse("actions:action", args=[world.action.pk])).content.decode()
    assert 'href="https://example.org/audit.pdf"' in page
    assert "example.org: audit.pdf" in page and "None yet" not in page.split("Evidence")[1].split("</dd>")[0]


# --- editing an action ------------------------------------------------------------------------------------


def _edit_data(action: Action, **overrides) -> dict:
    data = {
        "reference": action.reference, "title": action.title, "description": action.description,
        "lead_officer": str(action.lead_officer_id or ""), "lead_organisation": action.lead_organisation,
        "partners": action.partners, "success_criteria": action.success_criteria, "rating": action.rating,
        "rating_reason": action.rating_reason, "evidence_links": action.evidence_links,
        "version": str(action.version),
        "start_date_0": str(action.start_date.day), "start_date_1": str(action.start_date.month),
        "start_date_2": str(action.start_date.year),
        "due_date_0": str(action.due_date.day), "due_date_1": str(action.due_date.month),
        "due_date_2": str(action.due_date.year),
    }
    data.update(overrides)
    return data


def test_an_edit_is_saved_and_shown_in_the_history(client, world):
    jo = world.people["action lead officer"]
    client.force_login(jo)
    url = reverse("actions:action_edit", args=[world.action.pk])
    form_page = client.get(url).content.decode()
    assert 'name="version" value="1"' in form_page
    response = client.post(url, _edit_data(world.action, partners="ICB and schools"))
    assert response.status_code == 302
    page = _text(client.get(response["Location"]))
    assert "Partners: not set → ICB and schools, by Jo Smith" in page


def test_a_stale_edit_is_refused_keeping_what_was_typed_and_showing_what_changed(client, world):
    jo, sam = world.people["action lead officer"], world.people["strand's subgroup lead"]
    opened = _edit_data(world.action)  # Jo opens the form at version 1…
    services.action_update(action=world.action, by=sam, expected_version=1, due_date=date(2031, 6, 30))
    client.force_login(jo)
    url = reverse("actions:action_edit", args=[world.action.pk])
    response = client.post(url, {**opened, "title": "Jo's better title", "partners": "Schools forum"})

    assert response.status_code == 200
    html = response.content.decode()
    page = _text(response)
    assert "Someone else changed this action while you were editing it. Your changes are not saved yet." in page
    assert f"Due date: {world.action.due_date.day} {world.action.due_date:%b %Y} → 30 Jun 2031, by Sam Okafor" in page
    assert 'value="Jo&#x27;s better title"' in html
    assert ">Schools forum</textarea>" in html
    assert 'name="version" value="2"' in html
    action = Action.objects.get(pk=world.action.pk)
    assert action.title != "Jo's better title" and action.due_date == date(2031, 6, 30)


def test_making_the_rating_worse_in_the_edit_form_asks_for_the_reason(client, world):
    client.force_login(world.people["action lead officer"])
    response = client.post(
        reverse("actions:action_edit", args=[world.action.pk]), _edit_data(world.action, rating="red")
    )
    page = _text(response)
    assert response.status_code == 200
    assert "Explain why the rating is worse than before (it was Green – on track)" in page
    assert 'href="#id_rating_reason"' in response.content.decode()


def test_an_action_is_added_to_a_strand_by_its_lead(client, world):
    client.force_login(world.people["strand's subgroup lead"])
    response = client.post(reverse("actions:action_create", args=[world.strand.pk]), {
        "reference": "1.2", "title": "Train SENCOs", "rating": "not_started", "ongoing": "on",
    })
    assert response.status_code == 302
    action = Action.objects.get(reference="1.2")
    assert (action.plan, action.strand, action.ongoing, action.due_date) == (world.plan, world.strand, True, None)
    assert action.history.get().history_user == world.people["strand's subgroup lead"]


def test_a_duplicate_reference_is_shown_beside_the_field(client, world):
    client.force_login(world.people["administrator"])
    response = client.post(reverse("actions:action_create", args=[world.strand.pk]), {
        "reference": "1.1", "title": "Again", "rating": "green",
    })
    assert "Another action in this plan already has reference 1.1" in _text(response)


def test_a_strand_is_changed_by_its_lead(client, world):
    client.force_login(world.people["strand's subgroup lead"])
    url = reverse("actions:strand_edit", args=[world.strand.pk])
    form = client.get(url).content.decode()
    assert 'name="subgroup"' not in form  # only administrators move strands between subgroups
    weakness = world.strand.weaknesses.get()
    response = client.post(url, {"title": "EHC plans and annual reviews", "weaknesses": [weakness.pk]})
    assert response.status_code == 302
    world.strand.refresh_from_db()
    assert world.strand.title == "EHC plans and annual reviews"


# --- quick update and My actions ------------------------------------------------------------------------


def test_my_actions_shows_which_actions_still_need_this_months_update(client, world):
    jo = world.people["action lead officer"]
    done = CompletedActionFactory(strand=world.strand, reference="1.5", lead_officer=jo, title="Finished one")
    updated = AmberActionFactory(strand=world.strand, reference="1.6", lead_officer=jo, title="Already updated")
    ProgressUpdateFactory(action=updated)
    ActionFactory(strand=world.strand, reference="1.7", title="Someone else's")
    client.force_login(jo)
    response = client.get(reverse("actions:my_actions"))
    page = _text(response)
    month = f"{_today():%B %Y}"
    assert f"Need an update for {month} (1)" in page
    assert f"Updated for {month} (1)" in page
    assert "Completed actions (1)" in page
    assert "Someone else's" not in page
    needing = page[page.index("Need an update"):page.index("Updated for")]
    assert world.action.title in needing and "Already updated" not in needing and "Finished one" not in needing
    assert f'{reverse("actions:progress_update", args=[world.action.pk])}?next=my' in response.content.decode()
    assert list(actions_needing_update(jo, _today().replace(day=1))) == [world.action]
    assert done.pk not in {a.pk for a in actions_needing_update(jo, _today().replace(day=1))}


def test_my_actions_says_so_when_someone_leads_nothing(client, world):
    client.force_login(world.people["board chair"])
    assert "You do not lead any actions." in _text(client.get(reverse("actions:my_actions")))


def test_the_quick_update_is_saved_and_returns_to_my_actions(client, world):
    jo = world.people["action lead officer"]
    client.force_login(jo)
    url = reverse("actions:progress_update", args=[world.action.pk])
    form = client.get(url + "?next=my").content.decode()
    assert 'name="next" value="my"' in form
    response = client.post(url, {
        "month": _today().replace(day=1).isoformat(), "rating": "green", "narrative": "Twelve audits done",
        "evidence": "https://example.org/audits", "next": "my",
    })
    assert response["Location"] == reverse("actions:my_actions")
    update = ProgressUpdate.objects.get()
    assert (update.author, update.narrative, update.month) == (jo, "Twelve audits done", _today().replace(day=1))
    page = _text(client.get(reverse("actions:my_actions")))
    assert f"Need an update for {_today():%B %Y} (0)" in page


def test_a_quick_update_making_the_rating_worse_asks_why_and_keeps_the_words(client, world):
    client.force_login(world.people["action lead officer"])
    response = client.post(reverse("actions:progress_update", args=[world.action.pk]), {
        "month": _today().replace(day=1).isoformat(), "rating": "red", "narrative": "Provider pulled out",
    })
    assert response.status_code == 200
    page = _text(response)
    assert "There is a problem Explain why the rating is worse than before (it was Green – on track)" in page
    assert ">Provider pulled out</textarea>" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_the_why_worse_box_is_on_the_page_without_script_and_names_the_worse_ratings(client, world):
    client.force_login(world.people["action lead officer"])
    page = client.get(reverse("actions:progress_update", args=[world.action.pk])).content.decode()
    box = re.search(r'<div id="worse-reason"([^>]*)>(.*?)</div>\s*<div', page, re.S)
    # Served visible: only the page's script hides it, while the chosen rating is not worse than Green.
    assert box and "hidden" not in box.group(1)
    assert 'data-rating-field="rating"' in box.group(1)
    assert 'data-worse-ratings="amber red not_started"' in box.group(1)
    assert 'name="reason"' in box.group(2)


def test_the_quick_update_needs_a_narrative(client, world):
    client.force_login(world.people["action lead officer"])
    response = client.post(reverse("actions:progress_update", args=[world.action.pk]), {
        "month": _today().replace(day=1).isoformat(), "rating": "green", "narrative": " ",
    })
    assert "Enter what progress was made this month" in _text(response)


def test_the_quick_update_only_offers_this_month_and_last(client, world):
    client.force_login(world.people["action lead officer"])
    response = client.post(reverse("actions:progress_update", args=[world.action.pk]), {
        "month": "2019-01-01", "rating": "green", "narrative": "Old news",
    })
    assert response.status_code == 200
    assert not ProgressUpdate.objects.exists()


# --- the action list -----------------------------------------------------------------------------------


@pytest.fixture
def listed(world):
    today = _today()
    quarter_start, quarter_end, _ = financial_quarter_of(today)
    kim = OfficerFactory(first_name="Kim", last_name="Lee")
    return {
        "red": RedActionFactory(strand=world.other_strand, reference="2.2", title="Recruit caseworkers",
                                lead_officer=kim),
        "overdue": OverdueActionFactory(strand=world.strand, reference="1.2", title="Publish the local offer",
                                        due_date=quarter_start - timedelta(days=1)),
        "this_quarter": GreenActionFactory(strand=world.strand, reference="1.3", title="Train panel members",
                                           start_date=quarter_start, due_date=quarter_end),
        "next_year": GreenActionFactory(strand=world.strand, reference="1.4", title="Review the dashboard",
                                        due_date=today + timedelta(days=400), description="Quarterly KPI check"),
        "kim": kim,
    }


def _listed_refs(client, world, **params) -> list[str]:
    response = client.get(reverse("actions:action_list", args=[world.plan.pk]), params)
    assert response.status_code == 200
    return [action.reference for action in response.context["page"].object_list]


@pytest.mark.parametrize(("params", "expected"), [
    ({}, ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]),
    ({"rating": "red"}, ["2.2"]),
    ({"overdue": "on"}, ["1.2"]),
    ({"due_this_quarter": "on"}, ["1.3"]),
    ({"q": "local offer"}, ["1.2"]),
    ({"q": "KPI"}, ["1.4"]),
    ({"q": "2.2"}, ["2.2"]),
    ({"q": "no such words"}, []),
])
def test_the_action_list_filters(client, world, listed, params, expected):
    client.force_login(world.people["board chair"])
    assert _listed_refs(client, world, **params) == expected


def test_the_action_list_filters_by_strand_and_lead(client, world, listed):
    client.force_login(world.people["board chair"])
    assert _listed_refs(client, world, strand=world.other_strand.pk) == ["2.1", "2.2"]
    assert _listed_refs(client, world, lead=listed["kim"].pk) == ["2.2"]
    assert _listed_refs(client, world, strand=world.strand.pk, rating="green") == ["1.1", "1.3", "1.4"]


def test_a_filter_value_that_makes_no_sense_is_ignored(client, world, listed):
    client.force_login(world.people["board chair"])
    assert len(_listed_refs(client, world, strand="99999")) == 6


def test_the_action_list_is_paginated_keeping_the_filters(client, world):
    for number in range(2, 32):
        RedActionFactory(strand=world.strand, reference=f"1.{number}", lead_officer=world.action.lead_officer)
    client.force_login(world.people["board chair"])
    url = reverse("actions:action_list", args=[world.plan.pk])
    first = client.get(url, {"rating": "red"})
    html = first.content.decode()
    assert len(first.context["page"].object_list) == 25
    assert "govuk-pagination" in html
    assert 'href="?rating=red&amp;page=2"' in html
    second = client.get(url, {"rating": "red", "page": 2})
    assert [a.reference for a in second.context["page"].object_list] == [f"1.{n}" for n in range(27, 32)]
    assert "30 actions match the filters, page 2 of 2." in _text(second)


# --- the rating tag ------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", DEFAULT_LEGEND, ids=lambda entry: entry.key)
def test_the_rating_tag_always_prints_its_words(entry):
    html = Template("{% load action_tags %}{% rating_tag key legend %}").render(
        Context({"key": entry.key, "legend": DEFAULT_LEGEND})
    )
    assert f">{entry.label}</strong>" in html
    assert "govuk-tag" in html


def test_the_rating_tag_shows_the_reason_and_survives_a_rating_the_legend_dropped():
    html = Template("{% load action_tags %}{% rating_tag 'purple' legend 'Because' %}").render(
        Context({"legend": DEFAULT_LEGEND})
    )
    assert ">Purple</strong>" in html and "govuk-tag--grey" in html
    assert "Why it got worse: Because" in html


def test_every_rating_on_the_list_is_printed_in_words(client, world):
    for key in ("blue", "amber", "red", "not_started"):
        ActionFactory(strand=world.strand, reference=f"1.{key}", rating=key)
    client.force_login(world.people["board chair"])
    page = _text(client.get(reverse("actions:action_list", args=[world.plan.pk])))
    for entry in DEFAULT_LEGEND:
        assert entry.label in page



def test_an_unused_strand_factory_makes_a_subgroup_in_the_same_plan():
    strand = StrandFactory()
    assert strand.subgroup.plan == strand.plan


def test_a_rating_the_legend_no_longer_has_gets_its_own_column_in_every_row(client, world):
    ActionFactory(strand=world.other_strand, reference="2.5", rating="blue")
    legend = [entry for entry in world.plan.rating_legend if entry["key"] != "blue"]
    Plan.objects.filter(pk=world.plan.pk).update(rating_legend=legend)
    client.force_login(world.people["board chair"])
    page = _text(client.get(reverse("actions:index")))
    assert "Green Amber Red Not started Blue Overdue Total" in page
    assert "1. EHC plans Sam Okafor 1 0 0 0 0 0 1" in page
