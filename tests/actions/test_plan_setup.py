"""Setting a plan up from its inspection's page: the settings and legend as rows, subgroups and strands, who may."""
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from actions.models import Plan, Strand, Subgroup
from tests.actions.factories import (
    CompletedActionFactory,
    OfficerFactory,
    PlanFactory,
    StrandFactory,
    SubgroupFactory,
    SubgroupLeadFactory,
    UserFactory,
)
from tests.inspections.factories import LocalAreaFactory, WeaknessFactory, WsoaRequiredInspectionFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

# The five-step scale one council uses, in words, with its own colours; red is "Started but delayed".
WORD_SCALE = [
    ("blue", "Completed", "purple", "1", True),
    ("green", "Progressing and on track", "green", "2", False),
    ("amber", "Progressing but delayed", "orange", "3", False),
    ("red", "Started but delayed", "red", "4", False),
    ("not_started", "Not yet started", "grey", "off", False),
]


def _text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def _settings(section_label="priority", reminder_day="3", escalation="4") -> dict:
    return {"section_label": section_label, "reminder_day": reminder_day, "escalation_working_days": escalation}


def _legend(rows, *, initial: int = 0, deleted: tuple[int, ...] = ()) -> dict:
    data = {"rating-TOTAL_FORMS": str(len(rows)), "rating-INITIAL_FORMS": str(initial),
            "rating-MIN_NUM_FORMS": "0", "rating-MAX_NUM_FORMS": "5"}
    for index, (key, label, colour, place, complete) in enumerate(rows):
        data.update({f"rating-{index}-key": key, f"rating-{index}-label": label, f"rating-{index}-colour": colour,
                     f"rating-{index}-place": place, f"rating-{index}-synonyms": ""})
        if complete:
            data[f"rating-{index}-complete"] = "on"
        if index in deleted:
            data[f"rating-{index}-DELETE"] = "on"
    return data


def _default_rows(plan: Plan) -> list[tuple]:
    return [(entry.key, entry.label, entry.colour, "off" if entry.severity is None else str(entry.severity + 1),
             entry.complete) for entry in plan.legend]


@pytest.fixture
def admin(db):
    return UserFactory(first_name="Asha", last_name="Patel", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def inspection(db):
    inspection = WsoaRequiredInspectionFactory()
    WeaknessFactory(inspection=inspection, number=1, title="Waiting times for assessment")
    WeaknessFactory(inspection=inspection, number=2, title="Timeliness of EHC plans")
    return inspection


# --- the settings and the legend ----------------------------------------------------------------------------


def test_an_administrator_sets_up_a_plan_with_a_legend_in_words(client, admin, inspection):
    client.force_login(admin)
    page = client.get(reverse("actions:plan_create", args=[inspection.pk]))
    assert page.status_code == 200
    assert "Blue – complete" in page.content.decode()  # the default legend to start from, as rows

    response = client.post(reverse("actions:plan_create", args=[inspection.pk]), {**_settings(), **_legend(WORD_SCALE)})

    plan = Plan.objects.get(inspection=inspection)
    assert response.status_code == 302 and response.url == reverse("actions:plan_setup", args=[plan.pk])
    assert (plan.section_label, plan.reminder_day, plan.escalation_working_days) == ("priority", 3, 4)
    legend = {entry.key: entry for entry in plan.legend}
    assert legend["blue"].label == "Completed" and legend["blue"].complete and legend["blue"].colour == "purple"
    assert [legend[key].severity for key in ("blue", "green", "amber", "red", "not_started")] == [0, 1, 2, 3, None]
    record = plan.history.get()
    assert record.history_user == admin and record.history_change_reason == "Written Statement of Action set up"
    overview = _text(client.get(reverse("actions:plan_setup", args=[plan.pk])))
    assert "Completed (counts as complete)" in overview and "Not yet started (not on the scale)" in overview
    assert "Priorities" in overview


def test_add_another_rating_without_javascript_adds_a_row_and_saves_nothing(client, admin, inspection):
    client.force_login(admin)
    rows = [row for row in WORD_SCALE if row[0] != "blue"]
    response = client.post(reverse("actions:plan_create", args=[inspection.pk]),
                           {**_settings(), **_legend(rows), "add-row": "rating"})
    html = response.content.decode()
    assert response.status_code == 200 and not Plan.objects.exists()
    assert 'name="rating-TOTAL_FORMS" value="5"' in html
    assert 'name="rating-4-label"' in html and "Progressing but delayed" in html  # what was typed stays
    assert "There is a problem" not in html


@pytest.mark.parametrize(("rows", "message"), [
    ([row for row in WORD_SCALE if row[0] != "red"], "The legend needs a row for Red"),
    ([*WORD_SCALE[:2], ("amber", "Progressing but delayed", "orange", "2", False), *WORD_SCALE[3:]],
     "Two ratings share place 2: give each rating its own place"),
    ([*WORD_SCALE, ("green", "On target", "green", "5", False)], "Each rating has one row: Green has more than one"),
    ([(*WORD_SCALE[0][:4], True), (*WORD_SCALE[1][:4], True), *WORD_SCALE[2:]], "Only one rating can mean complete"),
])
def test_a_legend_that_cannot_rate_actions_is_refused_in_the_page(client, admin, inspection, rows, message):
    client.force_login(admin)
    response = client.post(reverse("actions:plan_create", args=[inspection.pk]), {**_settings(), **_legend(rows)})
    assert response.status_code == 200 and not Plan.objects.exists()
    page = _text(response)
    assert "There is a problem" in page and message in page


def test_settings_out_of_range_are_named_beside_their_field(client, admin, inspection):
    client.force_login(admin)
    response = client.post(reverse("actions:plan_create", args=[inspection.pk]),
                           {**_settings(reminder_day="31", escalation="0"), **_legend(WORD_SCALE)})
    page = _text(response)
    assert "The reminder day must be a whole number from 1 to 28" in page
    assert "The working days before subgroup leads hear must be a whole number from 1 to 20" in page
    assert not Plan.objects.exists()


def test_removing_a_rating_that_actions_hold_is_refused_naming_how_many(client, admin):
    plan = PlanFactory()
    strand = StrandFactory(plan=plan)
    for reference in ("1.1", "1.2", "1.3"):
        CompletedActionFactory(strand=strand, reference=reference)
    client.force_login(admin)
    rows = _default_rows(plan)
    blue = [key for key, *_ in rows].index("blue")
    response = client.post(reverse("actions:plan_settings", args=[plan.pk]),
                           {**_settings(), **_legend(rows, initial=len(rows), deleted=(blue,))})
    assert response.status_code == 200
    assert "Blue – complete cannot be removed: 3 actions have it. Rate them otherwise first." in _text(response)
    plan = Plan.objects.get(pk=plan.pk)
    assert "blue" in {entry.key for entry in plan.legend} and plan.history.count() == 1


def test_removing_an_unused_rating_and_changing_words_is_recorded_with_a_reason(client, admin):
    plan = PlanFactory()
    client.force_login(admin)
    rows = _default_rows(plan)
    rows = [(key, "Amber – at risk" if key == "amber" else label, *rest) for key, label, *rest in rows]
    blue = [key for key, *_ in rows].index("blue")
    response = client.post(reverse("actions:plan_settings", args=[plan.pk]),
                           {**_settings(section_label="strand", reminder_day="1", escalation="5"),
                            **_legend(rows, initial=len(rows), deleted=(blue,))})
    assert response.status_code == 302
    plan = Plan.objects.get(pk=plan.pk)
    assert "blue" not in {entry.key for entry in plan.legend}
    assert {entry.key: entry.label for entry in plan.legend}["amber"] == "Amber – at risk"
    latest = plan.history.first()
    assert latest.history_user == admin and latest.history_change_reason == "Changed: rating legend"


# --- subgroups and strands -----------------------------------------------------------------------------------


def _rows(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "50"}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def test_an_administrator_adds_a_subgroup_with_its_lead_and_members(client, admin):
    plan = PlanFactory()
    lead = SubgroupLeadFactory(first_name="Sam", last_name="Okafor")
    officer = OfficerFactory(first_name="Jo", last_name="Smith")
    client.force_login(admin)
    page = client.get(reverse("actions:plan_subgroups", args=[plan.pk])).content.decode()
    assert "Sam Okafor" in page and "Jo Smith" in page
    response = client.post(reverse("actions:plan_subgroups", args=[plan.pk]), _rows("subgroup", [
        {"pk": "", "name": "Assessment subgroup", "lead": str(lead.pk), "members": [str(lead.pk), str(officer.pk)]},
        {"pk": "", "name": "", "lead": ""},  # an empty new row is left out
    ]))
    assert response.status_code == 302
    subgroup = Subgroup.objects.get(plan=plan)
    assert subgroup.name == "Assessment subgroup" and subgroup.lead == lead
    assert set(subgroup.members.all()) == {lead, officer}
    # Added, then its members set: both records say who and why.
    records = {(record.history_user, record.history_change_reason) for record in subgroup.history.all()}
    assert records == {(admin, "Subgroup added")}


def test_a_lead_from_another_area_is_not_offered_and_is_refused(client, admin):
    plan = PlanFactory()
    elsewhere = SubgroupLeadFactory(first_name="Other", last_name="Area", roles__areas=[LocalAreaFactory()])
    client.force_login(admin)
    assert "Other Area" not in client.get(reverse("actions:plan_subgroups", args=[plan.pk])).content.decode()
    response = client.post(reverse("actions:plan_subgroups", args=[plan.pk]), _rows("subgroup", [
        {"pk": "", "name": "Assessment subgroup", "lead": str(elsewhere.pk)},
    ]))
    assert response.status_code == 200
    assert "Row 1: Choose a lead from the people in the area" in _text(response)
    assert not Subgroup.objects.exists()


def test_an_administrator_adds_strands_linked_to_weaknesses_and_a_subgroup(client, admin, inspection):
    plan = PlanFactory(inspection=inspection)
    subgroup = SubgroupFactory(plan=plan, name="Assessment subgroup")
    first, second = inspection.weaknesses.order_by("number")
    client.force_login(admin)
    response = client.post(reverse("actions:plan_strands", args=[plan.pk]), _rows("strand", [
        {"pk": "", "number": "1", "title": "Waiting times", "weaknesses": [str(first.pk)],
         "subgroup": str(subgroup.pk)},
        {"pk": "", "number": "2", "title": "EHC plans", "weaknesses": [str(second.pk)], "subgroup": ""},
    ]))
    assert response.status_code == 302
    strands = list(Strand.objects.filter(plan=plan).order_by("number"))
    assert [(s.title, s.subgroup) for s in strands] == [("Waiting times", subgroup), ("EHC plans", None)]
    assert [list(s.weaknesses.all()) for s in strands] == [[first], [second]]
    assert all({(r.history_user, r.history_change_reason) for r in s.history.all()} == {(admin, "Strand added")}
               for s in strands)
    overview = _text(client.get(reverse("actions:plan", args=[plan.pk])))
    assert "Waiting times" in overview and "EHC plans" in overview


def test_a_strand_number_taken_twice_is_refused_in_its_row_and_nothing_is_saved(client, admin, inspection):
    plan = PlanFactory(inspection=inspection)
    client.force_login(admin)
    response = client.post(reverse("actions:plan_strands", args=[plan.pk]), _rows("strand", [
        {"pk": "", "number": "1", "title": "Waiting times"},
        {"pk": "", "number": "1", "title": "EHC plans"},
    ]))
    assert response.status_code == 200
    assert "Row 2: This plan already has a strand 1" in _text(response)
    assert not Strand.objects.filter(plan=plan).exists()


def test_changing_a_strand_renames_it_with_a_reason_and_leaves_the_others_alone(client, admin, inspection):
    plan = PlanFactory(inspection=inspection)
    changed = StrandFactory(plan=plan, number=1, title="Waiting times", subgroup=None)
    kept = StrandFactory(plan=plan, number=2, title="EHC plans", subgroup=None)
    client.force_login(admin)
    response = client.post(reverse("actions:plan_strands", args=[plan.pk]), _rows("strand", [
        {"pk": str(changed.pk), "number": "1", "title": "Waiting times for assessment"},
        {"pk": str(kept.pk), "number": "2", "title": "EHC plans"},
    ], initial=2))
    assert response.status_code == 302
    changed.refresh_from_db()
    assert changed.title == "Waiting times for assessment"
    assert changed.history.first().history_change_reason == "Changed: title"
    assert kept.history.count() == 1


def test_a_row_naming_another_plans_strand_is_refused(client, admin, inspection):
    plan = PlanFactory(inspection=inspection)
    theirs = StrandFactory(plan=PlanFactory(), number=1)
    client.force_login(admin)
    response = client.post(reverse("actions:plan_strands", args=[plan.pk]), _rows("strand", [
        {"pk": str(theirs.pk), "number": "1", "title": "Taken over"},
    ], initial=1))
    assert response.status_code == 200
    assert "This row is no longer in the plan: open the page again" in _text(response)
    theirs.refresh_from_db()
    assert theirs.title != "Taken over"


def test_the_rows_pages_read_a_flat_number_of_queries(client, admin, inspection, django_assert_max_num_queries):
    plan = PlanFactory(inspection=inspection)
    client.force_login(admin)

    def pages() -> None:
        for name in ("plan_subgroups", "plan_strands", "plan_setup"):
            assert client.get(reverse(f"actions:{name}", args=[plan.pk])).status_code == 200

    for number in range(1, 3):
        StrandFactory(plan=plan, number=number, subgroup=SubgroupFactory(plan=plan, lead=SubgroupLeadFactory()),
                      weaknesses=list(inspection.weaknesses.all()))
    with django_assert_max_num_queries(40) as few:
        pages()
    for number in range(3, 13):
        StrandFactory(plan=plan, number=number, subgroup=SubgroupFactory(plan=plan, lead=SubgroupLeadFactory()),
                      weaknesses=list(inspection.weaknesses.all()))
    with django_assert_max_num_queries(len(few.captured_queries)):
        pages()


# --- who may, and where the way in is --------------------------------------------------------------------------

SET_UP_PAGES = ("plan_setup", "plan_settings", "plan_subgroups", "plan_strands")


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.ADMINISTRATOR])
def test_only_the_areas_administrators_reach_the_set_up_pages(client, role, inspection):
    plan = PlanFactory()
    client.force_login(UserFactory(roles=[role]))
    for name in SET_UP_PAGES:
        url = reverse(f"actions:{name}", args=[plan.pk])
        assert client.get(url).status_code == 403, name
        if name != "plan_setup":  # a page to read: it takes no POST
            assert client.post(url, {}).status_code == 403, name
    assert client.get(reverse("actions:plan_create", args=[inspection.pk])).status_code == 403


def test_another_areas_administrator_does_not_find_the_set_up_pages(client, inspection):
    plan = PlanFactory()
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[LocalAreaFactory()]))
    for name in SET_UP_PAGES:
        assert client.get(reverse(f"actions:{name}", args=[plan.pk])).status_code == 404, name
    assert client.get(reverse("actions:plan_create", args=[inspection.pk])).status_code == 404


def test_an_administrator_of_the_area_reaches_every_set_up_page(client, admin):
    plan = PlanFactory()
    client.force_login(admin)
    for name in SET_UP_PAGES:
        assert client.get(reverse(f"actions:{name}", args=[plan.pk])).status_code == 200, name


def test_an_inspection_without_a_plan_shows_the_way_to_set_one_up(client, admin, inspection):
    create = reverse("actions:plan_create", args=[inspection.pk])
    client.force_login(admin)
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert create in page and "Set up the plan" in page
    assert create in client.get(reverse("inspections:index")).content.decode()

    client.force_login(OfficerFactory())
    page = client.get(reverse("inspections:detail", args=[inspection.pk]))
    assert create not in page.content.decode()
    assert "An administrator of Barnsley sets it up from this page." in _text(page)


def test_an_inspection_with_a_plan_links_to_it_and_a_second_set_up_goes_to_its_settings(client, admin):
    plan = PlanFactory()
    client.force_login(admin)
    page = client.get(reverse("inspections:detail", args=[plan.inspection_id])).content.decode()
    assert reverse("actions:plan", args=[plan.pk]) in page and reverse("actions:plan_setup", args=[plan.pk]) in page
    response = client.get(reverse("actions:plan_create", args=[plan.inspection_id]))
    assert response.status_code == 302 and response.url == reverse("actions:plan_settings", args=[plan.pk])


def test_the_empty_row_for_add_another_is_in_the_page_for_the_script(client, admin):
    plan = PlanFactory()
    client.force_login(admin)
    html = client.get(reverse("actions:plan_strands", args=[plan.pk])).content.decode()
    template = re.search(r'<template data-empty-row="strand">(.*?)</template>', html, re.S).group(1)
    assert 'name="strand-__prefix__-title"' in template
    assert 'data-add-row="strand"' in html and "setup-rows.js" in html


def test_the_service_refuses_dropping_a_rating_one_action_holds_wherever_the_change_comes_from(admin):
    from actions import services
    from actions.errors import ActionPlanError

    plan = PlanFactory()
    CompletedActionFactory(strand=StrandFactory(plan=plan), reference="1.1")
    without_blue = [entry for entry in plan.rating_legend if entry["key"] != "blue"]
    with pytest.raises(ActionPlanError) as refused:
        services.plan_update(plan=plan, by=admin, rating_legend=without_blue)
    assert refused.value.message_dict["rating_legend"] == [
        "Blue – complete cannot be removed: 1 action has it. Rate it otherwise first."
    ]
    assert Plan.objects.get(pk=plan.pk).rating_legend == plan.rating_legend
