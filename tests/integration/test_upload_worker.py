"""A real worker reads the uploads: the request only keeps the file and queues the reading, the waiting page says
so until the worker has read it, then the check page shows what the worker read; a bomb is refused by the worker
and the upload page says why."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action
from bench._upload_bombs import empty_rows_workbook
from tests.actions.factories import PlanFactory, UserFactory
from tests.actions.test_import_views import messy_rows, upload_file
from tests.integration.conftest import wait_until
from wsoa.models import Upload
from wsoa.roles import Role

pytestmark = pytest.mark.integration
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _administrator_of(plan):
    return UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[plan.inspection.area])


def test_the_worker_reads_the_sheet_and_the_check_page_shows_what_it_read(celery_worker, client):
    plan = PlanFactory()
    client.force_login(_administrator_of(plan))
    posted = client.post(reverse("actions:plan_import", args=[plan.pk]),
                         {"spreadsheet": upload_file(messy_rows(fixed=True))})
    assert posted["Location"] == reverse("actions:plan_import_progress", args=[plan.pk])
    upload = Upload.objects.get()
    read = wait_until(lambda: Upload.objects.filter(pk=upload.pk, status=Upload.Status.READ).first(), timeout=120,
                      what="the worker to read the sheet")
    assert read.result and read.finished_at is not None
    progress = client.get(reverse("actions:plan_import_progress", args=[plan.pk]))
    assert progress.status_code == 302 and progress["Location"] == reverse("actions:plan_import_preview",
                                                                         args=[plan.pk])
    check = client.get(progress["Location"]).content.decode()
    assert "Set up a SEND Partnership Board" in check
    confirmed = client.post(reverse("actions:plan_import_confirm", args=[plan.pk]))
    assert confirmed.status_code == 302 and Action.objects.filter(plan=plan).exists()
    assert not Upload.objects.exists()  # used, so removed


def test_a_bomb_is_refused_by_the_worker_and_the_upload_page_says_why(celery_worker, client):
    plan = PlanFactory()
    client.force_login(_administrator_of(plan))
    client.post(reverse("actions:plan_import", args=[plan.pk]),
                {"spreadsheet": SimpleUploadedFile("plan.xlsx", empty_rows_workbook(), XLSX)})
    upload = Upload.objects.get()
    wait_until(lambda: Upload.objects.filter(pk=upload.pk, status=Upload.Status.REFUSED).first(), timeout=120,
               what="the worker to refuse the sheet")
    page = client.get(reverse("actions:plan_import_progress", args=[plan.pk])).content.decode()
    assert "plan.xlsx is too big to read" in page and "govuk-error-summary" in page
