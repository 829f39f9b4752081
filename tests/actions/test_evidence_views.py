"""Evidence pages as each role meets them: adding a link or a file, downloading a file, a weakness's evidence page
with its filters and gaps, another area's evidence (404) and signed-out visitors (sign-in)."""
import re
from datetime import date

import pytest
from django.urls import reverse

from actions.evidence import evidence_add
from actions.models import EvidenceItem
from tests.actions import evidence_samples as sample
from tests.actions.factories import (
    ActionFactory,
    CompletedActionFactory,
    ImpactMeasureFactory,
    MeasureReadingFactory,
    OfficerFactory,
    PlanFactory,
    UserFactory,
)
from tests.inspections.factories import LocalAreaFactory, WeaknessFactory
from wsoa.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_root")]
DAY = date(2026, 3, 2)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _form(*, day: date = DAY, **fields) -> dict:
    return {"dated_0": str(day.day), "dated_1": str(day.month), "dated_2": str(day.year), "kind": "minutes",
            **fields}


def _weakness(world):
    return world.strand.weaknesses.get()


def _item(world, *, title: str, dated: date = DAY, kind: str = "document", upload=None, by=None, actions=None):
    return evidence_add(
        plan=world.plan, by=by or world.people["administrator"], title=title, dated=dated, kind=kind,
        link="" if upload else f"https://example.org/{title.replace(' ', '-')}", upload=upload,
        actions=[world.action] if actions is None else actions,
    )


# --- adding evidence ------------------------------------------------------------------------------------


def test_the_subgroup_lead_uploads_a_file_for_two_actions_and_downloads_it(client, world):
    second = ActionFactory(strand=world.strand, reference="1.2")
    lead = world.people["strand's subgroup lead"]
    client.force_login(lead)
    page = client.get(reverse("actions:action_evidence_add", args=[world.action.pk]))
    assert page.status_code == 200 and "Add evidence" in _text(page)
    response = client.post(reverse("actions:action_evidence_add", args=[world.action.pk]), _form(
        title="SEND panel minutes", file=sample.pdf("Panel minutes, March.pdf"), note="The panel agreed the audit.",
        actions=[str(world.action.pk), str(second.pk)],
    ))
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert set(item.actions.all()) == {world.action, second}
    assert (item.added_by, item.content_type) == (lead, "application/pdf")
    assert item.original_name == "Panel minutes, March.pdf"
    added = item.history.earliest()
    assert (added.history_user, added.history_change_reason) == (lead, "Evidence added")
    action_page = _text(client.get(reverse("actions:action", args=[second.pk])))
    assert "SEND panel minutes" in action_page and "Added by Sam Okafor" in action_page
    download = client.get(reverse("actions:evidence_file", args=[item.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Panel minutes, March.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_file_stays_off_the_web_root_under_a_random_name(client, world, settings, tmp_path):
    client.force_login(world.people["action lead officer"])
    client.post(reverse("actions:action_evidence_add", args=[world.action.pk]),
                _form(file=sample.csv("../../figures.csv"), actions=[str(world.action.pk)]))
    item = EvidenceItem.objects.get()
    stored = tmp_path / "evidence" / item.file.name
    assert stored.is_file() and "figures" not in item.file.name and ".." not in item.file.name
    assert item.title == "figures.csv"
    with pytest.raises(ValueError, match="no address of their own"):
        item.file.url  # noqa: B018 (the property is what is tried)


def test_a_hostile_file_name_is_sent_back_safe(client, world):
    client.force_login(world.people["administrator"])
    hostile = sample.pdf('re"port\r\nX-Evil: 1\u202egnp.html')
    response = client.post(reverse("actions:action_evidence_add", args=[world.action.pk]),
                           _form(file=hostile, actions=[str(world.action.pk)]))
    assert response.status_code == 302
    download = client.get(reverse("actions:evidence_file", args=[EvidenceItem.objects.get().pk]))
    disposition = download["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "\u202e" not in disposition
    assert disposition.startswith('attachment; filename="re_port') and disposition.endswith('.pdf"')
    assert disposition.count('"') == 2
    assert "X-Evil" not in download.headers


def test_a_unicode_file_name_is_sent_in_the_encoded_form(client, world):
    item = _item(world, title="Minutes", upload=sample.pdf("Comité 📎.pdf"))
    client.force_login(world.people["board chair"])
    download = client.get(reverse("actions:evidence_file", args=[item.pk]))
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''Comit%C3%A9%20%F0%9F%93%8E.pdf"


@pytest.mark.parametrize("upload", [
    sample.named(sample.HTML, "minutes.pdf"), sample.named(sample.SVG, "chart.png", "image/svg+xml"),
    sample.named(sample.EXE, "figures.csv", "text/csv"),
], ids=["html", "svg", "exe"])  # fmt: skip
def test_a_web_page_a_drawing_or_a_program_is_refused_on_the_form(client, world, upload):
    client.force_login(world.people["administrator"])
    response = client.post(reverse("actions:action_evidence_add", args=[world.action.pk]),
                           _form(file=upload, actions=[str(world.action.pk)]))
    assert response.status_code == 200
    assert "must be a PDF, a Word, Excel or PowerPoint document, a CSV file or an image" in _text(response)
    assert "<script>" not in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_a_file_the_scanner_refuses_is_not_kept(client, world, settings, tmp_path):
    scanner = tmp_path / "scan"
    scanner.write_text('#!/bin/sh\nif grep -q INFECTED "$1"; then exit 1; fi\n')
    scanner.chmod(0o755)
    settings.EVIDENCE_SCAN_COMMAND = str(scanner)
    client.force_login(world.people["administrator"])
    response = client.post(reverse("actions:action_evidence_add", args=[world.action.pk]),
                           _form(file=sample.csv(text="a,b\nINFECTED,1\n"), actions=[str(world.action.pk)]))
    assert "The virus check refused the selected file" in _text(response)
    assert not EvidenceItem.objects.exists() and not (tmp_path / "evidence").exists()


def test_a_link_is_added_and_shown_as_a_link(client, world):
    client.force_login(world.people["action lead officer"])
    client.post(reverse("actions:action_evidence_add", args=[world.action.pk]),
                _form(link="https://intranet.example.org/send/audit.pdf", actions=[str(world.action.pk)]))
    page = client.get(reverse("actions:action", args=[world.action.pk])).content.decode()
    assert 'href="https://intranet.example.org/send/audit.pdf"' in page and "intranet.example.org: audit.pdf" in page


@pytest.mark.parametrize(("fields", "message"), [
    ({}, "Enter a web address, or choose a file to upload"),
    ({"link": "javascript:alert(1)"}, "Enter a web address starting with http:// or https://"),
    ({"link": "https://example.org/a", "file": "x"}, None),
    ({"link": "https://example.org/a", "dated_1": "13"}, "Date of the evidence must be a real date"),
    ({"link": "https://example.org/a", "kind": "rumour"}, "Select a valid choice"),
])  # fmt: skip
def test_a_form_with_mistakes_says_what_is_wrong_and_saves_nothing(client, world, fields, message):
    client.force_login(world.people["administrator"])
    if "file" in fields:
        fields = {**fields, "file": sample.pdf()}
        message = "Enter a web address or choose a file, not both"
    response = client.post(reverse("actions:action_evidence_add", args=[world.action.pk]),
                           {**_form(actions=[str(world.action.pk)]), **fields})
    assert response.status_code == 200 and message in _text(response)
    assert not EvidenceItem.objects.exists()


def test_an_item_must_support_something_the_person_may_add_evidence_to(client, world):
    other = ActionFactory(strand=world.other_strand, reference="2.2")
    client.force_login(world.people["action lead officer"])
    response = client.post(reverse("actions:action_evidence_add", args=[world.action.pk]),
                           _form(link="https://example.org/a", actions=[str(other.pk)]))
    assert "Choose actions it supports from the list" in _text(response)
    response = client.post(reverse("actions:action_evidence_add", args=[world.action.pk]),
                           _form(link="https://example.org/a"))
    assert "Choose at least one action, impact measure or weakness it supports" in _text(response)
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize(("person", "status"), [
    ("administrator", 200), ("action lead officer", 200), ("strand's subgroup lead", 200),
    ("other officer", 403), ("other subgroup lead", 403), ("board chair", 403), ("democratic services", 403),
    ("board chair named as action lead", 403),
])  # fmt: skip
def test_who_may_add_evidence_to_an_action(client, world, person, status):
    client.force_login(world.people[person])
    assert client.get(reverse("actions:action_evidence_add", args=[world.action.pk])).status_code == status


def test_a_regional_adviser_reads_evidence_but_adds_none(client, world):
    item = _item(world, title="Minutes", upload=sample.pdf())
    adviser = UserFactory(roles=[Role.REGIONAL_ADVISER], roles__areas=[world.plan.inspection.area])
    client.force_login(adviser)
    weakness = _weakness(world)
    assert client.get(reverse("actions:weakness_evidence", args=[weakness.pk])).status_code == 200
    assert client.get(reverse("actions:evidence_file", args=[item.pk])).status_code == 200
    assert "Add evidence" not in _text(client.get(reverse("actions:weakness_evidence", args=[weakness.pk])))
    for name, pk in (("action_evidence_add", world.action.pk), ("strand_evidence_add", world.strand.pk),
                     ("weakness_evidence_add", weakness.pk)):
        assert client.get(reverse(f"actions:{name}", args=[pk])).status_code == 403


def test_the_subgroup_lead_adds_evidence_from_the_strand_and_from_the_weakness(client, world):
    client.force_login(world.people["strand's subgroup lead"])
    strand_page = client.get(reverse("actions:strand", args=[world.strand.pk])).content.decode()
    assert reverse("actions:strand_evidence_add", args=[world.strand.pk]) in strand_page
    weakness = _weakness(world)
    assert reverse("actions:weakness_evidence", args=[weakness.pk]) in strand_page
    client.post(reverse("actions:weakness_evidence_add", args=[weakness.pk]),
                _form(link="https://example.org/survey", title="Parent survey", kind="survey",
                      actions=[str(world.action.pk)], weaknesses=[str(weakness.pk)]))
    item = EvidenceItem.objects.get()
    assert list(item.weaknesses.all()) == [weakness] and list(item.actions.all()) == [world.action]


# --- another area, and signed out ---------------------------------------------------------------------


def test_another_areas_officer_gets_not_found_for_every_evidence_page(client, world):
    item = _item(world, title="Minutes", upload=sample.pdf())
    elsewhere = PlanFactory(inspection__area=LocalAreaFactory(name="Rotherham"))
    officer = OfficerFactory(roles__areas=[elsewhere.inspection.area])
    ActionFactory(plan=elsewhere, lead_officer=officer)
    client.force_login(officer)
    weakness = _weakness(world)
    for url in (
        reverse("actions:evidence_file", args=[item.pk]), reverse("actions:weakness_evidence", args=[weakness.pk]),
        reverse("actions:weakness_evidence_add", args=[weakness.pk]),
        reverse("actions:action_evidence_add", args=[world.action.pk]),
        reverse("actions:strand_evidence_add", args=[world.strand.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    item = _item(world, title="Minutes", upload=sample.pdf())
    for url in (reverse("actions:evidence_file", args=[item.pk]),
                reverse("actions:weakness_evidence", args=[_weakness(world).pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_link_item_has_no_file_to_download(client, world):
    item = _item(world, title="Minutes")
    client.force_login(world.people["administrator"])
    assert client.get(reverse("actions:evidence_file", args=[item.pk])).status_code == 404


# --- the weakness's evidence page -------------------------------------------------------------------------


def test_the_weakness_page_shows_strands_actions_measures_and_evidence_newest_first(client, world):
    weakness = _weakness(world)
    measure = ImpactMeasureFactory(strand=world.strand, name="EHC plans issued within 20 weeks", unit="%",
                                   baseline=30, target=60, baseline_period=date(2025, 9, 1))
    MeasureReadingFactory(measure=measure, period=date(2026, 1, 1), value=41)
    done = CompletedActionFactory(strand=world.strand, reference="1.3")
    CompletedActionFactory(strand=world.strand, reference="1.4")
    _item(world, title="Older audit", dated=date(2026, 1, 5), kind="case_audit")
    _item(world, title="Newer minutes", dated=date(2026, 2, 9), kind="minutes", actions=[done])
    client.force_login(world.people["board chair"])
    page = _text(client.get(reverse("actions:weakness_evidence", args=[weakness.pk])))
    assert "Evidence: Quality of EHC plans" in page and "Strand 1: EHC plans" in page
    assert "1.1" in page and "1.3" in page
    assert "EHC plans issued within 20 weeks : Moving towards the target" in page
    assert "41% (target 60%), up from 30% in September 2025" in page
    assert page.index("Newer minutes") < page.index("Older audit")
    assert "1 complete action has no evidence : 1.4" in page
    assert "2 items" in page


def test_the_weakness_page_filters_by_kind_and_date(client, world):
    weakness = _weakness(world)
    _item(world, title="January audit", dated=date(2026, 1, 5), kind="case_audit")
    _item(world, title="February minutes", dated=date(2026, 2, 9), kind="minutes")
    _item(world, title="March survey", dated=date(2026, 3, 9), kind="survey")
    client.force_login(world.people["administrator"])
    url = reverse("actions:weakness_evidence", args=[weakness.pk])
    page = _text(client.get(url, {"kind": "minutes"}))
    assert "February minutes" in page and "January audit" not in page and "1 item matching the filters" in page
    page = _text(client.get(url, {"since_0": "1", "since_1": "2", "since_2": "2026",
                                  "until_0": "28", "until_1": "2", "until_2": "2026"}))
    assert "February minutes" in page and "March survey" not in page and "January audit" not in page


@pytest.mark.parametrize(("query", "message"), [
    ({"since_0": "31", "since_1": "2", "since_2": "2026"}, "Dated from must be a real date"),
    ({"since_0": "1", "since_1": "2"}, "Dated from must include a year"),
    ({"until_0": "x", "until_1": "2", "until_2": "2026"}, "Dated up to must be a real date, in numbers"),
    ({"since_0": "1", "since_1": "3", "since_2": "2026", "until_0": "1", "until_1": "2", "until_2": "2026"},
     "Dated up to must be the same as or after dated from"),
    ({"kind": "<script>"}, "Select a valid choice"),
])  # fmt: skip
def test_bad_filters_get_a_clear_message_and_the_whole_list(client, world, query, message):
    _item(world, title="February minutes", dated=date(2026, 2, 9), kind="minutes")
    client.force_login(world.people["administrator"])
    response = client.get(reverse("actions:weakness_evidence", args=[_weakness(world).pk]), query)
    assert response.status_code == 200
    page = _text(response)
    assert "There is a problem" in page and message in page and "February minutes" in page
    assert "<script>" not in response.content.decode().split("<body")[1]


def test_evidence_for_another_weakness_is_not_on_the_page(client, world):
    other = WeaknessFactory(inspection=world.plan.inspection, number=2, title="Joint commissioning")
    world.other_strand.weaknesses.add(other)
    _item(world, title="Commissioning review", actions=[world.plan.actions.get(reference="2.1")])
    _item(world, title="EHC audit")
    client.force_login(world.people["administrator"])
    page = _text(client.get(reverse("actions:weakness_evidence", args=[_weakness(world).pk])))
    assert "EHC audit" in page and "Commissioning review" not in page


def test_the_overview_links_each_weakness_to_its_evidence(client, world):
    client.force_login(world.people["board chair"])
    page = client.get(reverse("actions:plan", args=[world.plan.pk])).content.decode()
    assert reverse("actions:weakness_evidence", args=[_weakness(world).pk]) in page


@pytest.mark.parametrize("items", [10, 100])
def test_the_weakness_page_reads_a_fixed_number_of_queries_however_many_items(
    client, world, items, django_assert_max_num_queries
):
    actions = [world.action, *(ActionFactory(strand=world.strand, reference=f"1.{n}") for n in range(2, 6))]
    measure = ImpactMeasureFactory(strand=world.strand)
    for number in range(items):
        item = _item(world, title=f"Item {number}", dated=date(2025, 1, 1 + number % 28),
                     by=world.people["strand's subgroup lead"] if number % 2 else None,
                     actions=actions[: 1 + number % 5])
        item.impact_measures.add(measure)
    client.force_login(world.people["board chair"])
    url = reverse("actions:weakness_evidence", args=[_weakness(world).pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert f"{items} items" in _text(response)
