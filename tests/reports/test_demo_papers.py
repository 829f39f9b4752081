"""The demo's committee reports: democratic services open an issued cabinet report's PDF at once, a scrutiny
report is in draft and the board pack for the last meeting is started; loading the demo again adds nothing."""
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from reports.models import IssuedReport, Report
from wsoa.models import User

pytestmark = pytest.mark.django_db


def test_democratic_services_download_the_issued_demo_cabinet_report(client, demo_loaded):
    client.force_login(User.objects.get(email="democratic@demo.example.org"))
    listing = client.get(reverse("reports:index")).content.decode()
    cabinet = Report.objects.get(kind="cabinet")
    assert cabinet.title in listing
    issue = cabinet.issues.get()
    assert cabinet.status == Report.Status.ISSUED and issue.status == IssuedReport.Status.DONE
    pdf = b"".join(client.get(reverse("reports:issue_download", args=[cabinet.pk, 1])).streaming_content)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == issue.pages >= 5
    words = "\n".join(page.extract_text() for page in pages)
    assert "Approved by Margaret Hughes (Director of Children's Services)" in words
    assert "EHC plans issued within 20 weeks is a corporate plan measure." in words


def test_the_demo_has_a_draft_scrutiny_report_and_the_last_meetings_board_pack(demo_loaded):
    assert Report.objects.get(kind="scrutiny").status == Report.Status.DRAFT
    pack = Report.objects.get(kind="board")
    assert pack.meeting is not None and pack.data_on == pack.meeting.held_on
    assert pack.title_values["report_to"] == pack.meeting.board.name


def test_loading_the_demo_again_adds_no_report(demo_loaded):
    before = (Report.objects.count(), IssuedReport.objects.count())
    call_command("demo_data", "--quiet-logins", stdout=io.StringIO())
    assert (Report.objects.count(), IssuedReport.objects.count()) == before
