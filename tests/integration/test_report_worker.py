"""A real worker draws an issued report's PDF: the request returns at once, the report's page says the PDF is
queued or being drawn (and tells the reader to refresh), then offers the kept PDF once the worker is done."""
import pytest
import time_machine
from django.urls import reverse

from reports.models import IssuedReport
from reports.papers import services
from tests.actions.factories import UserFactory
from tests.actions.plan_story import at
from tests.integration.conftest import wait_until
from tests.reports.papers_world import DATA_DAY, MEETING_DAY, TODAY, paper_world
from wsoa.roles import Role

pytestmark = pytest.mark.integration


def test_issuing_queues_the_pdf_and_the_worker_draws_and_keeps_it(celery_worker, client):
    world = paper_world()
    clerk = UserFactory(first_name="Dee", last_name="Clerk", roles=[Role.DEMOCRATIC_SERVICES])
    with time_machine.travel(at(TODAY), tick=True):
        report = services.report_start(template=world.templates["review"], inspection=world.inspection, by=clerk,
                                       meeting_on=MEETING_DAY, data_on=DATA_DAY, today=TODAY)
        for section in report.sections.filter(generated=""):
            services.report_section_write(section=section, by=clerk, text=section.text or "Written.",
                                          expected_version=None)
        services.report_approve(report=report, by=clerk, role_words="SEND service manager", expected_version=None)
        client.force_login(clerk)
        client.post(reverse("reports:report_issue", args=[report.pk]))
        page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    issue = IssuedReport.objects.get(report=report)
    if issue.status != IssuedReport.Status.DONE:  # the worker may be quick; otherwise the page says to wait
        assert "Refresh the page" in page and "issue-status.js" in page
    done = wait_until(lambda: IssuedReport.objects.filter(pk=issue.pk, status="done").first(), timeout=120,
                      what="the worker to draw the PDF")
    assert done.size > 10_000 and len(done.sha256) == 64 and done.pages >= 3 and done.render_seconds > 0
    client.force_login(clerk)  # signed in again on today's clock: the story's clock is months back
    status = client.get(reverse("reports:issue_status", args=[report.pk, 1])).json()
    assert status == {"status": "done", "words": "Done"}
    page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "Download the PDF" in page and "issue-status.js" not in page
    pdf = b"".join(client.get(reverse("reports:issue_download", args=[report.pk, 1])).streaming_content)
    assert pdf.startswith(b"%PDF-") and len(pdf) == done.size
