"""Writes to the action plan: the lost-edit check, the worse-rating rule, monthly updates and attributed history."""
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from actions import measures, services
from actions.history import action_changes_since, action_history_diff
from actions.models import Action, Plan, ProgressUpdate
from actions.ratings import DEFAULT_LEGEND, legend_to_json
from tests.actions.factories import (
    ActionFactory,
    AmberActionFactory,
    CompletedActionFactory,
    GreenActionFactory,
    OfficerFactory,
    PlanFactory,
    ProgressUpdateFactory,
    StrandFactory,
    UserFactory,
)
from tests.inspections.factories import LocalAreaFactory, WeaknessFactory, WsoaRequiredInspectionFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def jo():
    return OfficerFactory(first_name="Jo", last_name="Smith")


@pytest.fixture
def sam():
    return OfficerFactory(first_name="Sam", last_name="Okafor")


@pytest.fixture
def administrator():
    return UserFactory(first_name="Asha", last_name="Patel", roles=[Role.ADMINISTRATOR])


def _on(monkeypatch, moment: datetime) -> None:
    """Make "now" a fixed moment for history dates (timezone.now is read at save time)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- optimistic lock ------------------------------------------------------------------------------------


def test_an_edit_based_on_the_current_version_is_saved_and_moves_the_version_on(jo):
    action = GreenActionFactory(lead_officer=jo)
    saved = services.action_update(action=action, by=jo, expected_version=1, title="Audit every new EHC plan")
    assert saved.version == 2
    action.refresh_from_db()
    assert (action.title, action.version) == ("Audit every new EHC plan", 2)


def test_the_second_of_two_edits_from_the_same_version_is_refused_and_says_what_changed(jo, sam, monkeypatch):
    _on(monkeypatch, datetime(2023, 3, 1, 9, 0, tzinfo=UTC))
    action = GreenActionFactory(lead_officer=jo, due_date=date(2023, 3, 31), start_date=date(2022, 9, 1))
    _on(monkeypatch, datetime(2023, 4, 4, 9, 30, tzinfo=UTC))
    services.action_update(action=action, by=sam, expected_version=1, due_date=date(2023, 6, 30))

    with pytest.raises(services.StaleEdit) as refused:
        services.action_update(action=action, by=jo, expected_version=1, title="Jo's new title")

    assert str(refused.value) == "Someone else changed this action while you were editing it"
    assert refused.value.current.due_date == date(2023, 6, 30)
    assert refused.value.current.version == 2
    assert [change.text for change in refused.value.changes] == [
        "Due date: 31 Mar 2023 → 30 Jun 2023, by Sam Okafor, 4 Apr 2023"
    ]
    action.refresh_from_db()
    assert action.title != "Jo's new title"
    assert action.history.count() == 2


def test_a_refused_edit_can_be_reapplied_on_the_current_version(jo, sam):
    action = GreenActionFactory(lead_officer=jo)
    services.action_update(action=action, by=sam, expected_version=1, partners="ICB")
    with pytest.raises(services.StaleEdit) as refused:
        services.action_update(action=action, by=jo, expected_version=1, title="Jo's title")
    saved = services.action_update(
        action=action, by=jo, expected_version=refused.value.current.version, title="Jo's title"
    )
    assert (saved.title, saved.partners, saved.version) == ("Jo's title", "ICB", 3)


def test_a_monthly_update_that_changes_the_rating_makes_an_open_edit_stale(jo):
    action = GreenActionFactory(lead_officer=jo)
    services.progress_update_post(
        action=action, by=jo, month=date.today(), rating="amber", narrative="Slipping", reason="Panel delayed"
    )
    with pytest.raises(services.StaleEdit) as refused:
        services.action_update(action=action, by=jo, expected_version=1, title="New")
    assert "Rating: Green – on track → Amber – some risk" in refused.value.changes[0].text


def test_an_invalid_edit_leaves_the_version_alone(jo):
    action = GreenActionFactory(lead_officer=jo, start_date=date(2023, 1, 1))
    with pytest.raises(services.ActionPlanError) as error:
        services.action_update(action=action, by=jo, expected_version=1, due_date=date(2022, 12, 1))
    assert error.value.message_dict == {"due_date": ["The due date must be on or after the start date"]}
    action.refresh_from_db()
    assert action.version == 1


def test_an_ongoing_action_cannot_have_a_due_date(jo):
    action = GreenActionFactory(lead_officer=jo)
    with pytest.raises(services.ActionPlanError) as error:
        services.action_update(action=action, by=jo, expected_version=1, ongoing=True)
    assert "due_date" in error.value.message_dict


def test_references_are_unique_within_a_plan_but_not_across_plans(jo):
    first = ActionFactory(reference="2.3")
    ActionFactory(reference="2.4", strand=first.strand)
    other_plan_action = ActionFactory(reference="1.1")
    with pytest.raises(services.ActionPlanError) as error:
        services.action_create(strand=first.strand, by=jo, reference="2.4", title="Duplicate")
    assert error.value.message_dict == {"reference": ["Another action in this plan already has reference 2.4"]}
    services.action_update(action=other_plan_action, by=jo, expected_version=1, reference="2.3")


def test_evidence_links_must_be_web_addresses(jo):
    action = GreenActionFactory(lead_officer=jo)
    with pytest.raises(services.ActionPlanError) as error:
        services.action_update(
            action=action, by=jo, expected_version=1, evidence_links="https://example.org/a\njavascript:alert(1)"
        )
    assert error.value.message_dict["evidence_links"] == [
        "Line 2 of the evidence links is not a web address starting with http:// or https://"
    ]
    saved = services.action_update(
        action=action, by=jo, expected_version=1, evidence_links=" https://example.org/a \n\nhttp://example.org/b"
    )
    assert saved.evidence_link_list == ["https://example.org/a", "http://example.org/b"]


def test_references_sort_by_their_numbers():
    keys = sorted(["2.10", "2.9", "10.1", "2.1a", "2.1"], key=services.reference_sort_key)
    assert keys == ["2.1", "2.1a", "2.9", "2.10", "10.1"]


# --- ratings and the worse-rating rule ------------------------------------------------------------------


def test_making_a_rating_worse_in_an_edit_needs_a_reason(jo):
    action = GreenActionFactory(lead_officer=jo)
    with pytest.raises(services.ActionPlanError) as error:
        services.action_update(action=action, by=jo, expected_version=1, rating="red")
    assert error.value.message_dict == {
        "rating_reason": ["Explain why the rating is worse than before (it was Green – on track)"]
    }
    saved = services.action_update(
        action=action, by=jo, expected_version=1, rating="red", rating_reason="Provider withdrew"
    )
    assert (saved.rating, saved.rating_reason) == ("red", "Provider withdrew")


def test_a_better_rating_clears_the_old_reason(jo):
    action = AmberActionFactory(lead_officer=jo)
    saved = services.action_update(action=action, by=jo, expected_version=1, rating="green")
    assert saved.rating_reason == ""


def test_an_update_making_the_rating_worse_needs_a_reason_naming_the_field(jo):
    action = GreenActionFactory(lead_officer=jo)
    with pytest.raises(services.ActionPlanError) as error:
        services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating="amber", narrative="Late")
    assert error.value.message_dict == {
        "reason": ["Explain why the rating is worse than before (it was Green – on track)"]
    }
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(("old", "new", "needs_reason"), [
    ("green", "amber", True),
    ("amber", "red", True),
    ("green", "red", True),
    ("blue", "green", True),
    ("red", "amber", False),
    ("amber", "amber", False),
    ("not_started", "red", False),
    ("green", "not_started", True),  # going back to the start of the scale is worse
    ("not_started", "not_started", False),
])
def test_which_rating_changes_need_a_reason(jo, old, new, needs_reason):
    action = ActionFactory(lead_officer=jo, rating=old)
    if needs_reason:
        with pytest.raises(services.ActionPlanError):
            services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating=new, narrative="x")
    update = services.progress_update_post(
        action=action, by=jo, month=date(2024, 5, 1), rating=new, narrative="x", reason="Because"
    )
    action.refresh_from_db()
    assert action.rating == new
    assert action.rating_reason == ("Because" if needs_reason else "")
    assert update.reason_for_worse_rating == ("Because" if needs_reason else "")
    assert update.previous_rating == old


def test_a_plan_whose_blue_means_suspended_does_not_complete_actions(jo):
    legend = legend_to_json(DEFAULT_LEGEND)
    for entry in legend:
        if entry["key"] == "blue":
            entry.update(label="Blue – suspended", complete=False, severity=None, synonyms=["suspended"])
    plan = PlanFactory(rating_legend=legend)
    action = GreenActionFactory(lead_officer=jo, strand=StrandFactory(plan=plan))
    services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating="blue", narrative="Paused")
    action.refresh_from_db()
    assert (action.rating, action.completed_on) == ("blue", None)


def test_a_complete_rating_dates_the_completion_and_reopening_clears_it(jo):
    action = GreenActionFactory(lead_officer=jo)
    services.progress_update_post(
        action=action, by=jo, month=date(2024, 5, 1), rating="blue", narrative="Done", today=date(2024, 5, 20)
    )
    action.refresh_from_db()
    assert action.completed_on == date(2024, 5, 20)
    services.progress_update_post(
        action=action, by=jo, month=date(2024, 6, 1), rating="amber", narrative="Reopened", reason="Audit failed"
    )
    action.refresh_from_db()
    assert action.completed_on is None


def test_a_rating_the_legend_does_not_have_is_refused(jo):
    action = GreenActionFactory(lead_officer=jo)
    with pytest.raises(services.ActionPlanError) as error:
        services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating="purple", narrative="x")
    assert error.value.message_dict == {"rating": ["Choose a rating"]}


# --- monthly updates ------------------------------------------------------------------------------------


def test_one_update_per_month_which_its_author_may_revise(jo):
    action = GreenActionFactory(lead_officer=jo)
    first = services.progress_update_post(
        action=action, by=jo, month=date(2024, 5, 17), rating="green", narrative="First draft"
    )
    again = services.progress_update_post(
        action=action, by=jo, month=date(2024, 5, 1), rating="green", narrative="Better words",
        revising=(first.pk, first.version),
    )
    assert first.pk == again.pk
    assert again.month == date(2024, 5, 1)
    assert ProgressUpdate.objects.get().narrative == "Better words"
    assert [record.narrative for record in again.history.order_by("history_date")] == ["First draft", "Better words"]
    assert again.history.latest().history_change_reason == "Update for May 2024 revised"


def test_a_second_update_for_the_month_that_did_not_start_from_the_first_replaces_nothing(jo):
    action = GreenActionFactory(lead_officer=jo)
    first = services.progress_update_post(
        action=action, by=jo, month=date(2024, 5, 1), rating="green", narrative="First words", evidence="minutes"
    )
    with pytest.raises(services.UpdateConflict) as conflict:
        services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating="red", narrative="x")
    assert conflict.value.current.pk == first.pk
    saved = ProgressUpdate.objects.get()
    assert (saved.narrative, saved.evidence, saved.rating, saved.version) == ("First words", "minutes", "green", 1)


def test_a_revision_from_an_older_version_is_refused(jo, administrator):
    action = GreenActionFactory(lead_officer=jo)
    first = services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating="green", narrative="A")
    services.progress_update_post(action=action, by=administrator, month=date(2024, 5, 1), rating="green",
                                  narrative="B", revising=(first.pk, 1))
    with pytest.raises(services.UpdateConflict, match="Asha Patel changed the update for May 2024"):
        services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating="green", narrative="C",
                                      revising=(first.pk, 1))
    assert ProgressUpdate.objects.get().narrative == "B"


def test_someone_else_cannot_overwrite_this_months_update(jo, sam):
    action = GreenActionFactory(lead_officer=jo)
    services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating="green", narrative="Mine")
    with pytest.raises(services.ActionPlanError) as error:
        services.progress_update_post(action=action, by=sam, month=date(2024, 5, 1), rating="red", narrative="x")
    assert error.value.message_dict == {
        "month": ["Jo Smith already posted the update for May 2024: ask them to change it, or choose another month"]
    }


def test_a_late_update_for_an_earlier_month_does_not_change_the_current_rating(jo):
    action = GreenActionFactory(lead_officer=jo)
    services.progress_update_post(action=action, by=jo, month=date(2024, 6, 1), rating="green", narrative="June")
    services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating="amber", narrative="May")
    action.refresh_from_db()
    assert action.rating == "green"


def test_an_update_that_changes_nothing_on_the_action_does_not_save_it(jo):
    action = GreenActionFactory(lead_officer=jo)
    services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating="green", narrative="Fine")
    action.refresh_from_db()
    assert action.version == 1
    assert action.history.count() == 1


# --- history --------------------------------------------------------------------------------------------


def test_history_is_attributed_and_reads_as_plain_english(jo, sam, monkeypatch):
    _on(monkeypatch, datetime(2023, 3, 1, 9, 0, tzinfo=UTC))
    action = GreenActionFactory(
        lead_officer=jo, start_date=date(2022, 9, 1), due_date=date(2023, 3, 31), ongoing=False,
    )
    _on(monkeypatch, datetime(2023, 4, 4, 10, 0, tzinfo=UTC))
    services.action_update(action=action, by=jo, expected_version=1, due_date=date(2023, 6, 30))
    _on(monkeypatch, datetime(2023, 5, 2, 23, 30, tzinfo=UTC))  # already 3 May in London
    services.action_update(
        action=action, by=sam, expected_version=2, lead_officer=sam, rating="amber", rating_reason="Late data",
        due_date=None, ongoing=True,
    )
    action.refresh_from_db()
    latest = action.history.first()
    assert latest.history_user == sam

    assert [change.text for change in action_history_diff(action)] == [
        "Lead officer: Jo Smith → Sam Okafor, by Sam Okafor, 3 May 2023",
        "Due date: 30 Jun 2023 → not set, by Sam Okafor, 3 May 2023",
        "Ongoing: No → Yes, by Sam Okafor, 3 May 2023",
        "Rating: Green – on track → Amber – some risk, by Sam Okafor, 3 May 2023",
        "Reason the rating got worse: not set → Late data, by Sam Okafor, 3 May 2023",
        "Due date: 31 Mar 2023 → 30 Jun 2023, by Jo Smith, 4 Apr 2023",
        # The factory wrote the first version without a person, as a script would.
        "Action added, by the system, 1 Mar 2023",
    ]


def test_changes_since_a_version_leave_out_earlier_ones(jo, sam):
    action = GreenActionFactory(lead_officer=jo)
    services.action_update(action=action, by=jo, expected_version=1, title="One")
    services.action_update(action=action, by=sam, expected_version=2, title="Two")
    changes = action_changes_since(action, 2)
    assert [(change.label, change.old, change.new, change.by) for change in changes] == [
        ("Title", "One", "Two", "Sam Okafor")
    ]


def test_services_record_who_did_it_on_every_model(jo):
    inspection = WsoaRequiredInspectionFactory()
    weakness = WeaknessFactory(inspection=inspection)
    plan = services.plan_create_for(inspection=inspection, by=jo)
    subgroup = services.subgroup_create(plan=plan, by=jo, name="EHC quality", lead=jo, members=[jo])
    strand = services.strand_create(plan=plan, by=jo, number=1, title="Plans", weaknesses=[weakness], subgroup=subgroup)
    action = services.action_create(strand=strand, by=jo, reference="1.1", title="Audit plans", lead_officer=jo)
    update = services.progress_update_post(action=action, by=jo, month=date(2024, 5, 1), rating="green", narrative="x")
    measure = measures.impact_measure_create(plan=plan, by=jo, name="Plans in 20 weeks", strand=strand, unit="%")
    measures.measure_readings_save(measure=measure, by=jo, rows=[
        measures.ReadingRow(period=date(2024, 4, 1), value=Decimal("41.5"))])
    reading = measure.readings.get()
    for thing in (plan, subgroup, strand, action, update, measure, reading):
        assert thing.history.first().history_user == jo, thing
    assert action.plan == plan and action.sort_key == "000001.000001"


def test_a_strands_weakness_change_is_in_its_history_with_who_did_it(jo):
    strand = StrandFactory()
    weakness = WeaknessFactory(inspection=strand.plan.inspection)
    services.strand_update(strand=strand, by=jo, title="Renamed", weaknesses=[weakness])
    strand.refresh_from_db()
    assert strand.title == "Renamed"
    assert list(strand.weaknesses.all()) == [weakness]
    assert {record.history_user for record in strand.history.all()[:2]} == {jo}


def test_a_strand_only_answers_weaknesses_of_its_own_inspection(jo):
    strand = StrandFactory()
    stranger = WeaknessFactory()
    with pytest.raises(services.ActionPlanError) as error:
        services.strand_update(strand=strand, by=jo, weaknesses=[stranger])
    assert "weaknesses" in error.value.message_dict


def test_an_inspection_has_one_plan(jo):
    plan = PlanFactory()
    with pytest.raises(services.ActionPlanError):
        services.plan_create_for(inspection=plan.inspection, by=jo)
    assert Plan.objects.count() == 1


def test_a_plan_with_a_broken_legend_is_refused(jo):
    plan = PlanFactory()
    with pytest.raises(services.ActionPlanError) as error:
        services.plan_update(plan=plan, by=jo, rating_legend=[{"key": "green", "label": "Green", "colour": "green"}])
    assert "rating_legend" in error.value.message_dict


def test_a_completed_action_keeps_its_date_when_rated_complete_again(jo):
    action = CompletedActionFactory(lead_officer=jo)
    done_on = action.completed_on
    services.action_update(action=action, by=jo, expected_version=1, title="Renamed")
    action.refresh_from_db()
    assert action.completed_on == done_on


def test_unknown_fields_are_a_programming_error(jo):
    action = GreenActionFactory(lead_officer=jo)
    with pytest.raises(TypeError):
        services.action_update(action=action, by=jo, expected_version=1, version=7)
    assert Action.objects.get(pk=action.pk).version == 1


def test_update_factory_builds_this_months_update():
    update = ProgressUpdateFactory()
    assert update.month == timezone.localdate().replace(day=1)
    assert update.author == update.action.lead_officer


def test_a_subgroup_lead_or_member_from_another_area_is_refused(jo):
    plan = PlanFactory()
    area = plan.inspection.area
    insider = UserFactory(first_name="Ann", last_name="Inside", roles=[Role.SUBGROUP_LEAD], roles__areas=[area])
    outsider = UserFactory(first_name="Olu", last_name="Outside", roles=[Role.SUBGROUP_LEAD],
                           roles__areas=[LocalAreaFactory(name="Elsewhere")])
    assert not outsider.memberships.filter(area=area).exists()
    with pytest.raises(services.ActionPlanError, match="Olu Outside has no role in"):
        services.subgroup_create(plan=plan, by=jo, name="EHC quality", lead=outsider)
    with pytest.raises(services.ActionPlanError, match="No role in .*: Olu Outside"):
        services.subgroup_create(plan=plan, by=jo, name="EHC quality", lead=insider, members=[insider, outsider])
    subgroup = services.subgroup_create(plan=plan, by=jo, name="EHC quality", lead=insider, members=[insider])
    with pytest.raises(services.ActionPlanError):
        services.subgroup_update(subgroup=subgroup, by=jo, lead=outsider)
    subgroup.refresh_from_db()
    assert subgroup.lead == insider
