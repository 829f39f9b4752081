"""Adding evidence through the services: what an item must support, its history, and the web addresses typed into
an action's evidence links, a monthly update or an imported plan becoming items of their own."""
from datetime import date

import pytest

from actions import services
from actions.errors import ActionPlanError
from actions.evidence import evidence_add, link_title
from actions.models import EvidenceItem
from tests.actions import evidence_samples as sample
from tests.actions.factories import ActionFactory, ImpactMeasureFactory, PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_root")]
DAY = date(2026, 3, 2)


def test_a_link_item_supports_actions_and_measures_and_its_history_says_who_added_it(world):
    measure = ImpactMeasureFactory(strand=world.strand)
    lead = world.people["strand's subgroup lead"]
    item = evidence_add(plan=world.plan, by=lead, title="", dated=DAY, kind="survey",
                        link="https://example.org/surveys/parents-2026.pdf", actions=[world.action],
                        impact_measures=[measure])
    assert item.title == "example.org: parents-2026.pdf" and item.added_by == lead
    assert list(item.actions.all()) == [world.action] and list(item.impact_measures.all()) == [measure]
    record = item.history.earliest()
    assert (record.history_user, record.history_change_reason, record.history_type) == (lead, "Evidence added", "+")


@pytest.mark.parametrize(("arguments", "field", "message"), [
    ({"link": ""}, "link", "Enter a web address, or choose a file to upload"),
    ({"link": "ftp://example.org/a"}, "link", "Enter a web address starting with http:// or https://"),
    ({"link": "https://example.org/a", "upload": "pdf"}, "link", "Enter a web address or choose a file, not both"),
    ({"link": "https://example.org/a", "actions": []}, "actions", "Choose at least one action"),
    ({"link": "https://example.org/a", "actions": "elsewhere"}, "actions", "Choose actions of this plan"),
    ({"link": "", "upload": "html"}, "file", "must be a PDF"),
])  # fmt: skip
def test_what_evidence_cannot_be_is_refused_with_words_for_the_form(world, arguments, field, message):
    arguments = {"actions": [world.action], **arguments}
    if arguments.get("upload") == "pdf":
        arguments["upload"] = sample.pdf()
    elif arguments.get("upload") == "html":
        arguments["upload"] = sample.named(sample.HTML, "minutes.pdf")
    if arguments["actions"] == "elsewhere":
        arguments["actions"] = [ActionFactory(plan=PlanFactory())]
    with pytest.raises(ActionPlanError) as refused:
        evidence_add(plan=world.plan, by=world.people["administrator"], title="T", dated=DAY, **arguments)
    assert message in " ".join(refused.value.message_dict[field])
    assert not EvidenceItem.objects.exists()


def test_a_file_item_keeps_its_type_size_and_cleaned_name(world, tmp_path):
    item = evidence_add(plan=world.plan, by=world.people["administrator"], title="", dated=DAY,
                        upload=sample.xlsx("Figures\r\n.xlsx"), actions=[world.action])
    assert item.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert item.original_name == "Figures.xlsx" and item.title == "Figures.xlsx"
    assert item.size == (tmp_path / "evidence" / item.file.name).stat().st_size


def test_links_typed_into_an_action_become_items_once_each(world):
    officer = world.people["action lead officer"]
    action = services.action_update(
        action=world.action, by=officer, expected_version=world.action.version, today=DAY,
        evidence_links="https://example.org/audit.pdf\nhttps://example.org/minutes",
    )
    services.action_update(action=action, by=officer, expected_version=action.version, today=DAY,
                           evidence_links="https://example.org/audit.pdf\nhttps://example.org/minutes\n"
                                          "https://example.org/survey")
    items = EvidenceItem.objects.filter(actions=world.action).order_by("pk")
    assert [item.link for item in items] == [
        "https://example.org/audit.pdf", "https://example.org/minutes", "https://example.org/survey",
    ]
    assert {item.added_by for item in items} == {officer} and {item.dated for item in items} == {DAY}


def test_the_update_forms_web_addresses_become_items_and_its_other_words_stay_on_the_update(world):
    officer = world.people["action lead officer"]
    update = services.progress_update_post(
        action=world.action, by=officer, month=DAY, rating="green", narrative="Panel met.", today=DAY,
        evidence="https://example.org/panel-minutes.pdf\nThe audit file is in the SEND shared drive.",
    )
    item = EvidenceItem.objects.get()
    assert (item.link, item.update, item.added_by, item.kind) == (
        "https://example.org/panel-minutes.pdf", update, officer, "other",
    )
    assert item.history.earliest().history_change_reason == "Evidence link added with the update"
    assert "The audit file is in the SEND shared drive." in update.evidence


def test_link_titles_name_the_host_and_the_last_part_of_the_path():
    title = link_title("https://intranet.example.org/send/Minutes%20June.pdf")
    assert title == "intranet.example.org: Minutes June.pdf"
    assert link_title("https://example.org/") == "example.org"
