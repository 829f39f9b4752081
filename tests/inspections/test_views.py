"""Inspection pages as each role meets them: permissions, forms that name the field, the letter import."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import Finding, Inspection, LocalArea, Milestone, SignificantWeakness
from inspections.schedules import milestones_recompute
from inspections.services import approvals_missing, letter_import_save
from tests.inspections.factories import MilestoneFactory, WeaknessFactory, WsoaRequiredInspectionFactory
from wsoa.models import Upload
from wsoa.roles import Role

LETTERS = Path(__file__).parent / "fixtures" / "letters"
READERS = [Role.OFFICER, Role.SUBGROUP_LEAD, Role.BOARD_CHAIR, Role.DEMOCRATIC_SERVICES]


def upload_letter(client, upload):
    """Post the letter and look at the waiting page once its reading task has run (when the request's work commits):
    the review it sends on to, or why the letter could not be read."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        posted = client.post(reverse("inspections:letter_upload"), {"letter": upload})
    return client.get(posted["Location"]) if posted.status_code == 302 else posted


def _date(prefix: str, day: date | None) -> dict:
    if day is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def _inspection_post(**overrides) -> dict:
    values = {
        "starts_on": date(2021, 9, 20),
        "ends_on": date(2021, 9, 24),
        "letter_dated": None,
        "received_on": date(2021, 11, 17),
        "published_on": date(2021, 11, 19),
        "official_deadline": None,
    }
    values.update({key: value for key, value in overrides.items() if key in values})
    data = {
        "area": "",
        "new_area_name": "Barnsley",
        "new_local_authority": "Barnsley MBC",
        "framework": "2016",
        "outcome": "wsoa_required",
        "lead_inspector": "",
        "report_url": "",
    }
    data.update({key: value for key, value in overrides.items() if key not in values})
    for field, day in values.items():
        data.update(_date(field, day))
    return data


@pytest.fixture
def inspection(db, django_capture_on_commit_callbacks):
    inspection = WsoaRequiredInspectionFactory()
    WeaknessFactory(inspection=inspection)
    milestones_recompute(inspection_id=inspection.pk, today=date(2021, 12, 1))
    return inspection


@pytest.mark.parametrize("role", Role.values)
def test_every_role_can_read_the_list_and_the_inspection(client, make_user, inspection, role):
    client.force_login(make_user(role))
    assert client.get(reverse("inspections:index")).status_code == 200
    page = client.get(reverse("inspections:detail", args=[inspection.pk]))
    assert page.status_code == 200
    assert "Written Statement of Action due" in page.content.decode()


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize(
    "name",
    [
        "inspections:create",
        "inspections:letter_upload",
        "inspections:edit",
        "inspections:transition",
        "inspections:approval_add",
    ],
)
def test_only_administrators_change_inspections(client, make_user, inspection, role, name):
    client.force_login(make_user(role))
    url = (
        reverse(name, args=[inspection.pk])
        if name not in {"inspections:create", "inspections:letter_upload"}
        else reverse(name)
    )
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_a_person_with_no_role_cannot_see_inspections(client, make_user, inspection):
    client.force_login(make_user(None))
    assert client.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 403


def test_the_timeline_shows_the_barnsley_deadline_and_how_it_was_worked_out(client, make_user, inspection):
    client.force_login(make_user(Role.BOARD_CHAIR))
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert "Mon 28 Feb 2022" in page
    assert "70 working days" in page
    assert "Regulations 2015" in page


def test_the_inspection_page_runs_the_same_queries_for_few_or_many_milestones(client, make_user, inspection):
    client.force_login(make_user(Role.ADMINISTRATOR))
    url = reverse("inspections:detail", args=[inspection.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    MilestoneFactory.create_batch(40, inspection=inspection)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_administrator_adds_an_inspection_and_its_schedule_is_computed(
    client, make_user, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.ADMINISTRATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inspections:create"), _inspection_post())
    assert response.status_code == 302, response.content.decode()
    inspection = Inspection.objects.get()
    assert inspection.area.name == "Barnsley"
    assert Milestone.objects.get(inspection=inspection, key="wsoa_due").due == date(2022, 2, 28)
    assert inspection.history.first().history_user.email == "administrator@test.example.org"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": date(2021, 9, 19)}, "ends_on", "must end on or after the day it started"),
        ({"received_on": date(2021, 9, 22)}, "received_on", "cannot be received before the inspection ended"),
        ({"published_on": date(2021, 11, 16)}, "published_on", "cannot be published before it was received"),
        ({"received_on": date(2099, 1, 1), "published_on": None}, "received_on", "cannot be in the future"),
        ({"official_deadline": date(2031, 1, 1)}, "official_deadline", "more than two years away"),
        ({"outcome": "3"}, "outcome", "belong to area SEND inspections"),
    ],
)
def test_inspection_form_names_the_field_that_is_wrong(client, make_user, db, overrides, field, message):
    client.force_login(make_user(Role.ADMINISTRATOR))
    response = client.post(reverse("inspections:create"), _inspection_post(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert f'href="#id_{field}' in page
    assert Inspection.objects.count() == 0


def test_an_empty_inspection_form_lists_each_missing_answer_by_name_in_the_pages_order(client, make_user, db):
    client.force_login(make_user(Role.ADMINISTRATOR))
    page = client.post(reverse("inspections:create"), {"area": ""}).content.decode()
    summary = page[page.index("govuk-error-summary__list"):page.index("</ul>", page.index("govuk-error-summary__list"))]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert [message for _, message in links] == [
        "Choose a local area or enter the name of a new one",
        "Choose the inspection framework",
        "Enter the date the inspection started",
        "Enter the date the inspection ended",
    ]
    form = page[page.index("<form"):]
    positions = [form.index(f'id="{anchor}"') for anchor, _ in links]
    assert positions == sorted(positions)


def test_an_impossible_date_is_refused_in_words(client, make_user, db):
    client.force_login(make_user(Role.ADMINISTRATOR))
    data = _inspection_post()
    data.update({"starts_on_0": "31", "starts_on_1": "2", "starts_on_2": "2021"})
    page = client.post(reverse("inspections:create"), data).content.decode()
    assert "Inspection started must be a real date" in page


def test_an_illegal_lifecycle_step_is_refused_with_a_clear_message(client, make_user, inspection):
    client.force_login(make_user(Role.ADMINISTRATOR))
    data = {"to_status": "approved", **_date("happened_on", date(2022, 2, 1))}
    page = client.post(reverse("inspections:transition", args=[inspection.pk]), data).content.decode()
    assert "Record the approval of Barnsley Metropolitan Borough Council" in page
    inspection.refresh_from_db()
    assert inspection.status == "draft"


def test_letter_import_reads_reviews_and_saves_only_on_confirmation(
    client, make_user, db, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.ADMINISTRATOR))
    upload = SimpleUploadedFile("barnsley.pdf", (LETTERS / "barnsley_2021.pdf").read_bytes(), "application/pdf")
    response = upload_letter(client, upload)
    assert response.status_code == 302
    review = client.get(response["Location"]).content.decode()
    assert "Check what the letter says" in review
    assert 'value="Barnsley"' in review
    assert Inspection.objects.count() == 0

    form = review_form_data(review)
    form.update(
        {"local_authority": "Barnsley Metropolitan Borough Council", **_date("received_on", date(2021, 11, 17))}
    )
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(reverse("inspections:letter_review"), form)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    inspection = Inspection.objects.get()
    assert (inspection.starts_on, inspection.ends_on) == (date(2021, 9, 20), date(2021, 9, 24))
    assert SignificantWeakness.objects.filter(inspection=inspection).count() == 2
    assert Finding.objects.filter(inspection=inspection, kind="main").count() == 12
    assert Milestone.objects.get(inspection=inspection, key="wsoa_due").due == date(2022, 2, 28)
    weakness = SignificantWeakness.objects.filter(inspection=inspection).first()
    assert weakness.history.first().history_user.email == "administrator@test.example.org"


def test_a_2016_letter_makes_the_ccg_it_names_jointly_responsible_a_partner_whose_approval_is_needed(
    client, make_user, db
):
    client.force_login(make_user(Role.ADMINISTRATOR))
    upload = SimpleUploadedFile("barnsley.pdf", (LETTERS / "barnsley_2021.pdf").read_bytes(), "application/pdf")
    upload_letter(client, upload)
    form = review_form_data(client.get(reverse("inspections:letter_review")).content.decode())
    assert form["partners"] == "Barnsley Clinical Commissioning Group"
    form.update(
        {"local_authority": "Barnsley Metropolitan Borough Council", **_date("received_on", date(2021, 11, 17))}
    )
    assert client.post(reverse("inspections:letter_review"), form).status_code == 302
    inspection = Inspection.objects.get()
    (partner,) = inspection.area.partners.all()
    assert (partner.name, partner.kind) == ("Barnsley Clinical Commissioning Group", "ccg")
    assert partner.history.first().history_change_reason == "Imported from the outcome letter"
    assert approvals_missing(inspection, on=date(2022, 2, 1)) == [
        "Barnsley Metropolitan Borough Council", "Barnsley Clinical Commissioning Group"
    ]
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert "Barnsley Clinical Commissioning Group" in page


def test_a_2023_report_saves_both_lead_inspectors_from_its_team_table(client, make_user, db):
    client.force_login(make_user(Role.ADMINISTRATOR))
    upload = SimpleUploadedFile("riverbend.txt", (LETTERS / "riverbend_2024.txt").read_bytes(), "text/plain")
    upload_letter(client, upload)
    form = review_form_data(client.get(reverse("inspections:letter_review")).content.decode())
    assert (form["lead_inspector"], form["cqc_lead_inspector"]) == ("Mira Patel", "Owen Blake")
    assert (form["local_authority"], form["partners"]) == (
        "Riverbend Borough Council", "NHS Riverbend and Lowfield Integrated Care Board"
    )
    form.update(_date("received_on", date(2024, 5, 1)))
    assert client.post(reverse("inspections:letter_review"), form).status_code == 302
    inspection = Inspection.objects.get()
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert "CQC lead inspector</dt><dd class=\"govuk-summary-list__value\">Owen Blake" in page
    assert inspection.area.partners.get().kind == "icb"


def test_a_partner_the_area_already_has_is_matched_not_added_twice(make_user, db):
    admin = make_user(Role.ADMINISTRATOR)
    area = LocalArea.objects.get(name="Barnsley")
    area.partners.create(name="Barnsley clinical commissioning group", kind="ccg")
    letter_import_save(
        by=admin, area_name="Barnsley", local_authority="", findings=[], weaknesses=[],
        partners=["Barnsley Clinical Commissioning Group", "NHS South Yorkshire Integrated Care Board"],
        framework="2016", outcome="wsoa_required", starts_on=date(2021, 9, 20), ends_on=date(2021, 9, 24),
    )  # fmt: skip
    assert sorted(area.partners.values_list("name", "kind")) == [
        ("Barnsley clinical commissioning group", "ccg"), ("NHS South Yorkshire Integrated Care Board", "icb")
    ]


def test_the_review_shows_each_area_for_priority_action_with_its_page_body_and_bullets(client, make_user, db):
    client.force_login(make_user(Role.ADMINISTRATOR))
    upload = SimpleUploadedFile("riverbend.txt", (LETTERS / "riverbend_2024.txt").read_bytes(), "text/plain")
    upload_letter(client, upload)
    page = client.get(reverse("inspections:letter_review")).content.decode()
    assert (
        "<strong>Area for priority action 1</strong>, page 3, responsible body: Riverbend Borough Council and NHS "
        "Riverbend and Lowfield Integrated Care Board"
    ) in page
    assert "<li>plans are written within 20 weeks and say exactly what help a child will receive</li>" in page
    assert "<strong>Area for improvement 3</strong>, page 4" in page
    form = review_form_data(page)
    assert "They should make sure that:\n• plans are written within 20 weeks" in form["weaknesses"]


def review_form_data(page: str) -> dict:
    """The review form's fields as a browser would post them (inputs, checked radios, selects, textareas)."""
    import html
    import re

    data = {}
    for match in re.finditer(r"<input[^>]*>", page):
        tag = match.group(0)
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if kind and kind.group(1) in {"radio", "checkbox"} and " checked" not in tag:
            continue
        data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for match in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[match.group(1)] = html.unescape(match.group(2))
    for match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)" selected', match.group(2))
        data[match.group(1)] = selected.group(1) if selected else ""
    return data


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("letter.pdf", b"", "empty"),
        ("letter.docx", b"PK\x03\x04 not a letter", "PDF"),
        ("notes.txt", b"Minutes of the parish council meeting about the village fete.", "does not look like"),
    ],
)
def test_a_bad_upload_is_explained_on_the_page_and_nothing_is_kept(client, make_user, db, name, content, message):
    client.force_login(make_user(Role.ADMINISTRATOR))
    response = upload_letter(client, SimpleUploadedFile(name, content))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert "letter_import" not in client.session
    assert not Upload.objects.exists()


def test_a_bad_review_keeps_the_typed_text_and_saves_nothing(client, make_user, db):
    client.force_login(make_user(Role.ADMINISTRATOR))
    upload = SimpleUploadedFile("barnsley.txt", (LETTERS / "barnsley_2021.txt").read_bytes(), "text/plain")
    upload_letter(client, upload)
    form = review_form_data(client.get(reverse("inspections:letter_review")).content.decode())
    form.update(
        {
            "local_authority": "Barnsley MBC",
            "main_findings": "My edited finding.",
            **_date("received_on", date(2021, 9, 1)),
        }
    )
    page = client.post(reverse("inspections:letter_review"), form).content.decode()
    assert "cannot be received before the inspection ended" in page
    assert "My edited finding." in page
    assert Inspection.objects.count() == 0


def test_home_page_shows_what_is_due_next_for_the_people_responsible(client, make_user, inspection):
    officer = make_user(Role.OFFICER)
    inspection.responsible_people.add(officer)
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    assert "Due next" in page and "Written Statement of Action due" in page
    other = make_user(Role.OFFICER, email="someone-else@test.example.org")
    client.force_login(other)
    assert "Due next" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("day", "message"),
    [(date(2021, 9, 1), "cannot be before the inspection ended"), (date(2099, 1, 4), "cannot be in the future")],
)
def test_a_lifecycle_step_dated_impossibly_is_refused(client, make_user, inspection, day, message):
    from inspections.models import PlanApproval

    for organisation in ("Barnsley Metropolitan Borough Council",):
        PlanApproval.objects.create(inspection=inspection, organisation=organisation, approved_by="Cabinet",
                                    approved_on=date(2022, 2, 1))
    client.force_login(make_user(Role.ADMINISTRATOR))
    data = {"to_status": "approved", **_date("happened_on", day)}
    page = client.post(reverse("inspections:transition", args=[inspection.pk]), data).content.decode()
    assert message in page
    inspection.refresh_from_db()
    assert inspection.status == "draft"
