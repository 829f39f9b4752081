"""Uploads read in the background: the waiting page, the bombs refused on the upload page in a moment, the reading
task's limits and idempotence, uploads kept for their uploader alone, and the clean-up of abandoned ones."""

import os
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse

from actions.tasks import plan_sheet_read
from bench._upload_bombs import empty_rows_workbook, formatted_to_the_last_row_workbook, inflating_pdf
from inspections.tasks import letter_read
from tests.actions.conftest import World
from wsoa import uploads
from wsoa.celery import app
from wsoa.models import Upload
from wsoa.roles import Role
from wsoa.tasks import uploads_remove_abandoned

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOW = datetime(2025, 6, 16, 9, 30, tzinfo=UTC)
seconds = time.process_time  # processor time: the test machines are shared and often busy


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin(world: World) -> Client:
    client = Client()
    client.force_login(world.people["administrator"])
    return client


def post_and_run(client: Client, url: str, data: dict):
    """Post an upload; its reading task runs when the request's work commits, as in the embedded default."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def error_summary(page: str) -> str:
    start = page.index('class="govuk-error-summary"')
    return page[start:page.index("</ul>", start)]


# --- the bombs, through the pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (empty_rows_workbook, "plan.xlsx is too big to read: it has more than 1,048,576 rows, more than Excel allows."),
    ],
)
def test_a_spreadsheet_bomb_is_refused_on_the_upload_page_in_under_two_seconds(admin, world, make, message):
    url = reverse("actions:plan_import", args=[world.plan.pk])
    started = seconds()
    posted = post_and_run(admin, url, {"spreadsheet": SimpleUploadedFile("plan.xlsx", make(), XLSX)})
    assert posted["Location"] == reverse("actions:plan_import_progress", args=[world.plan.pk])
    page = admin.get(posted["Location"])
    assert seconds() - started < 2
    assert page.status_code == 200
    summary = error_summary(page.content.decode())
    assert message in summary and 'href="#id_spreadsheet"' in summary
    assert not Upload.objects.exists() and not list((uploads._folder()).iterdir())


def test_a_plan_formatted_to_excels_last_row_goes_on_to_its_check_page(admin, world):
    url = reverse("actions:plan_import", args=[world.plan.pk])
    data = formatted_to_the_last_row_workbook()
    posted = post_and_run(admin, url, {"spreadsheet": SimpleUploadedFile("plan.xlsx", data, XLSX)})
    waiting = admin.get(posted["Location"])
    assert waiting["Location"] == reverse("actions:plan_import_preview", args=[world.plan.pk])
    page = admin.get(waiting["Location"]).content.decode()
    assert "Action number 5 of the plan" in page


def test_a_letter_bomb_is_refused_on_the_upload_page_in_under_two_seconds(admin):
    started = seconds()
    posted = post_and_run(
        admin, reverse("inspections:letter_upload"), {"letter": SimpleUploadedFile("letter.pdf", inflating_pdf())}
    )
    page = admin.get(posted["Location"])
    assert seconds() - started < 2
    summary = error_summary(page.content.decode())
    assert "The PDF holds far more than an inspection letter: it unpacks to more than 4 MB." in summary
    assert 'href="#id_letter"' in summary
    assert not Upload.objects.exists()


# --- the waiting page ------------------------------------------------------------------------------------


def test_while_the_file_waits_for_a_worker_the_page_asks_again_by_itself_and_offers_to_check_again(admin, world):
    url = reverse("actions:plan_import", args=[world.plan.pk])
    posted = admin.post(url, {"spreadsheet": SimpleUploadedFile("plan.csv", b"Ref,Action\n1.1,Do it\n")})  # not run
    page = admin.get(posted["Location"]).content.decode()
    # Not a refresh of the whole page (a screen reader would start again at the top every time): a script
    # asks for it again and changes only the status, or moves on to what was read.
    assert 'http-equiv="refresh"' not in page
    assert 'src="/static/wsoa/upload-progress.js"' in page
    assert '<div class="govuk-inset-text" role="status" data-upload-status>' in page
    assert "<strong>plan.csv</strong>: waiting to be read." in page
    assert f'href="{posted["Location"]}">Check again</a>' in page
    # The check page and the confirm wait for it too.
    assert admin.get(reverse("actions:plan_import_preview", args=[world.plan.pk]))["Location"] == posted["Location"]
    confirm = admin.post(reverse("actions:plan_import_confirm", args=[world.plan.pk]))
    assert confirm["Location"] == posted["Location"]


def test_the_waiting_page_shows_what_the_task_is_doing(admin, world):
    posted = admin.post(reverse("inspections:letter_upload"), {"letter": SimpleUploadedFile("letter.txt", b"text")})
    Upload.objects.update(status=Upload.Status.READING, stage="Reading page 3 of 9", started_at=NOW)
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        page = admin.get(posted["Location"]).content.decode()
    assert "<strong>letter.txt</strong>: reading page 3 of 9." in page


def test_an_upload_lost_with_its_worker_is_explained_once_the_time_limit_has_passed(admin, world):
    posted = admin.post(reverse("inspections:letter_upload"), {"letter": SimpleUploadedFile("letter.txt", b"text")})
    Upload.objects.update(status=Upload.Status.READING, started_at=NOW)
    with time_machine.travel(NOW + uploads.LOST_AFTER + timedelta(seconds=1), tick=False):
        page = admin.get(posted["Location"]).content.decode()
    assert "letter.txt took too long to read." in error_summary(page)


def test_someone_elses_upload_is_never_shown(admin, make_user, world):
    admin.post(reverse("inspections:letter_upload"), {"letter": SimpleUploadedFile("letter.txt", b"text")})
    theirs = Upload.objects.get()
    other = Client()
    other.force_login(make_user(Role.ADMINISTRATOR, "second.administrator@test.example.org"))
    session = other.session
    session["letter_upload"] = theirs.pk
    session.save()
    response = other.get(reverse("inspections:letter_progress"), follow=True)
    assert response.redirect_chain == [(reverse("inspections:letter_upload"), 302)]
    assert "Upload the letter first." in response.content.decode()
    assert "letter.txt" not in response.content.decode()


# --- the task --------------------------------------------------------------------------------------------


def _kept(world: World, data: bytes = b"Ref,Action\n1.1,Do it\n") -> Upload:
    return uploads.upload_keep(
        by=world.people["administrator"], kind=Upload.Kind.PLAN_SHEET, data=data, filename="plan.csv", plan=world.plan
    )


def test_the_reading_tasks_have_time_limits():
    for task in (plan_sheet_read, letter_read):
        assert (task.soft_time_limit, task.time_limit) == (uploads.READ_SOFT_SECONDS, uploads.READ_HARD_SECONDS)


def test_reading_twice_reads_once_and_the_file_can_be_read_again_until_the_upload_is_removed(world):
    upload = _kept(world)
    assert plan_sheet_read(upload.pk) == "read"
    assert plan_sheet_read(upload.pk) == "read"
    upload.refresh_from_db()
    assert upload.attempts == 1 and upload.result["strands"][0]["actions"][0]["title"] == "Do it"

    uploads.upload_read_again(upload)
    assert (Upload.objects.get().status, Upload.objects.get().result) == ("waiting", None)
    assert plan_sheet_read(upload.pk) == "read"
    assert Upload.objects.get().result["strands"][0]["actions"][0]["title"] == "Do it"

    uploads.upload_remove(upload)
    assert not Upload.objects.exists() and not (uploads._folder() / upload.stored_as).exists()


def test_an_upload_found_half_read_is_refused_not_read_again(world):
    upload = _kept(world)
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.READING, attempts=1)  # its worker died
    assert plan_sheet_read(upload.pk) == "refused"
    upload.refresh_from_db()
    assert upload.message == (
        "plan.csv could not be read: reading it stopped part of the service. Check that it is the right file."
    )


def test_a_read_stopped_by_the_soft_time_limit_is_refused_with_a_reason(world, monkeypatch):
    def too_slow(data, upload, stage):
        raise SoftTimeLimitExceeded()

    upload = _kept(world)
    assert uploads.upload_read(upload.pk, read=too_slow, refusals=()) == "refused"
    upload.refresh_from_db()
    assert upload.message.startswith("plan.csv took too long to read.")


def test_an_upload_removed_while_it_is_read_is_no_fault(world):
    def person_starts_again(data, upload, stage):
        uploads.upload_remove(upload)
        return {"read": True}

    upload = _kept(world)
    assert uploads.upload_read(upload.pk, read=person_starts_again, refusals=()) == "read"
    assert not Upload.objects.exists()


def test_a_fault_in_the_reader_is_still_an_answer_for_the_person(world):
    def broken(data, upload, stage):
        raise KeyError("bug")

    upload = _kept(world)
    assert uploads.upload_read(upload.pk, read=broken, refusals=()) == "refused"
    upload.refresh_from_db()
    assert upload.message == "plan.csv could not be read. Check that it is the right file and upload it again."


# --- the clean-up ----------------------------------------------------------------------------------------


def test_abandoned_uploads_and_stray_files_are_removed_after_a_day_and_recent_ones_kept(world, media_root):
    with time_machine.travel(NOW - timedelta(hours=25), tick=False):
        old = _kept(world)
    with time_machine.travel(NOW - timedelta(hours=23), tick=False):
        recent = _kept(world)
    stray = uploads._folder() / ("f" * 32)
    stray.write_bytes(b"left by a crash")
    day_ago = (NOW - timedelta(hours=25)).timestamp()
    os.utime(stray, (day_ago, day_ago))
    with time_machine.travel(NOW, tick=False):
        assert uploads_remove_abandoned() == 1
    assert list(Upload.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not (uploads._folder() / old.stored_as).exists() and not stray.exists()
    assert (uploads._folder() / recent.stored_as).exists()


def test_the_clean_up_runs_every_hour_beside_the_other_jobs():
    job = app.conf.beat_schedule["remove-abandoned-uploads"]
    assert job["task"] == "wsoa.tasks.uploads_remove_abandoned"
    assert job["schedule"].minute == {20} and len(job["schedule"].hour) == 24
