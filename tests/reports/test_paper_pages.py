"""The committee report pages: democratic services start a cabinet report, write a section, have it approved and
issue it; the PDF is drawn by the background task and downloaded. Other areas' people get 404 on every report
URL, roles without the permission 403, and bad input is a form error, never a server error."""
import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from reports.models import IssuedReport, Report
from reports.papers.services import report_start
from tests.actions.factories import OfficerFactory, UserFactory
from tests.actions.plan_story import at
from tests.inspections.factories import LocalAreaFactory
from tests.reports.papers_world import DATA_DAY, MEETING_DAY, TODAY, paper_world
from wsoa.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return paper_world()


@pytest.fixture
def clock():
    with time_machine.travel(at(TODAY), tick=False):
        yield


def _dates(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def _clerk():
    return UserFactory(first_name="Dee", last_name="Clerk", roles=[Role.DEMOCRATIC_SERVICES])


def _report(world, by, kind="cabinet") -> Report:
    return report_start(template=world.templates[kind], inspection=world.inspection, by=by, meeting_on=MEETING_DAY,
                        data_on=DATA_DAY, today=TODAY)


def test_democratic_services_start_write_approve_issue_and_download_a_cabinet_report(
        client, world, clock, django_capture_on_commit_callbacks):
    clerk = _clerk()
    client.force_login(clerk)
    answer = client.post(reverse("reports:report_start"), {
        "inspection": world.inspection.pk, "template": world.templates["cabinet"].pk,
        **_dates("meeting_on", MEETING_DAY), **_dates("data_on", DATA_DAY),
    })
    report = Report.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("reports:report", args=[report.pk])
    assert report.sections.count() == world.templates["cabinet"].sections.count()
    recommendations = report.sections.get(heading="Recommendations")
    page = client.get(reverse("reports:report_section", args=[report.pk, recommendations.position]))
    assert "That Cabinet notes the progress made" in page.content.decode()
    client.post(reverse("reports:report_section", args=[report.pk, recommendations.position]),
                {"version": report.version, "text": "That Cabinet **notes** the progress.\n\n- and thanks staff"})
    for section in report.sections.filter(generated="", text=""):
        client.post(reverse("reports:report_section", args=[report.pk, section.position]),
                    {"version": Report.objects.get().version, "text": f"About {section.heading}."})
    summary = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "That Cabinet notes the progress. and thanks staff" in summary and "**notes**" not in summary
    preview = client.get(reverse("reports:report_preview", args=[report.pk])).content.decode()
    assert "<strong>notes</strong>" in preview and "2.1" in preview
    report.refresh_from_db()
    client.post(reverse("reports:report_approve", args=[report.pk]),
                {"version": report.version, "role_words": "Executive Director (Children's Services)"})
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED and report.approved_by == clerk
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report_issue", args=[report.pk]))
    issue = IssuedReport.objects.get()
    assert issue.status == IssuedReport.Status.DONE and issue.number == 1 and issue.data_on == DATA_DAY
    page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "Download the PDF" in page and issue.sha256 in page
    download = client.get(reverse("reports:issue_download", args=[report.pk, 1]))
    pdf = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf" and len(pdf) == issue.size
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "That Cabinet notes the progress." in text
    assert "Issued, version 1. Approved by Dee Clerk (Executive Director (Children's Services))" in text
    history = report.history.order_by("history_date").values_list("history_change_reason", flat=True)
    assert "Version 1 issued" in history and any(reason.startswith("Report approved by") for reason in history)


def _written_and_issued(report, clerk, capture) -> None:
    """Every narrative section written, approved and issued, its PDF drawn."""
    from reports.papers import services

    for section in report.sections.filter(generated=""):
        services.report_section_write(section=section, by=clerk, text=section.text or "Written.",
                                      expected_version=None)
    with capture(execute=True):
        services.report_approve(report=report, by=clerk, role_words="Head of democratic services",
                                expected_version=None)
        services.report_issue(report=report, by=clerk)


def test_reissuing_makes_version_2_and_version_1_stays_as_it_was(world, clock, django_capture_on_commit_callbacks):
    from reports.papers import services

    clerk = _clerk()
    report = _report(world, clerk, "scrutiny")
    _written_and_issued(report, clerk, django_capture_on_commit_callbacks)
    first = IssuedReport.objects.get(number=1)
    kept = first.file.read()
    services.report_reopen(report=report, by=clerk)
    purpose = report.sections.get(position=1)
    services.report_section_write(section=purpose, by=clerk, text="A new purpose.", expected_version=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report=report, by=clerk, role_words="Head of democratic services",
                                expected_version=None)
        services.report_issue(report=report, by=clerk)
    second = IssuedReport.objects.get(number=2)
    first.refresh_from_db()
    assert second.status == IssuedReport.Status.DONE and second.sha256 != first.sha256
    assert first.file.open("rb").read() == kept
    from reports.papers.render import issued_report_render

    assert issued_report_render(first.pk) == "nothing to draw"  # an issued PDF is never drawn again
    assert first.file.open("rb").read() == kept


def test_a_template_renamed_and_reordered_changes_the_next_report_not_the_started_one(world, clock):
    clerk = _clerk()
    started = _report(world, clerk)
    template = world.templates["cabinet"]
    first, second = template.sections.get(position=1), template.sections.get(position=2)
    first.position, second.position = 999, 1
    first.save()
    second.save()
    first.position, first.heading = 2, "Why this report"
    first.save()
    later = _report(world, clerk)
    assert list(later.sections.values_list("heading", flat=True)[:2]) == ["Recommendations", "Why this report"]
    assert list(started.sections.values_list("heading", flat=True)[:2]) == ["Purpose of report", "Recommendations"]


def test_another_areas_people_get_404_on_every_report_url(client, world, clock):
    report = _report(world, _clerk())
    elsewhere = LocalAreaFactory(name="Elsewhere")
    for role in (Role.ADMINISTRATOR, Role.DEMOCRATIC_SERVICES, Role.REGIONAL_ADVISER):
        client.force_login(UserFactory(roles=[role], roles__areas=[elsewhere]))
        for name, args in _report_urls(report):
            for method in ("get", "post"):
                assert getattr(client, method)(reverse(name, args=args)).status_code in (404, 405), (role, name)


def _report_urls(report) -> list[tuple[str, list]]:
    return [("reports:report", [report.pk]), ("reports:report_title", [report.pk]),
            ("reports:report_section", [report.pk, 1]), ("reports:report_approve", [report.pk]),
            ("reports:report_issue", [report.pk]), ("reports:report_reopen", [report.pk]),
            ("reports:report_preview", [report.pk]), ("reports:issue_download", [report.pk, 1]),
            ("reports:issue_status", [report.pk, 1]), ("reports:issue_retry", [report.pk, 1])]


def test_officers_get_403_and_readers_cannot_write_or_approve(client, world, clock):
    report = _report(world, _clerk())
    client.force_login(OfficerFactory())
    assert "Your role does not include them" in client.get(reverse("reports:index")).content.decode()
    assert client.get(reverse("reports:report", args=[report.pk])).status_code == 403
    client.force_login(UserFactory(roles=[Role.REGIONAL_ADVISER]))
    assert client.get(reverse("reports:report", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:report_section", args=[report.pk, 1])).status_code == 403
    assert client.post(reverse("reports:report_approve", args=[report.pk]), {"role_words": "x"}).status_code == 403
    assert client.get(reverse("reports:report_start")).status_code == 403


def test_bad_input_is_a_form_error_and_nothing_typed_is_lost(client, world, clock):
    clerk = _clerk()
    client.force_login(clerk)
    answer = client.post(reverse("reports:report_start"), {
        "inspection": "999999", "template": "x", **_dates("meeting_on", MEETING_DAY),
        "data_on_0": "31", "data_on_1": "2", "data_on_2": "2025",
    })
    assert answer.status_code == 400
    assert "Data day" not in answer.content.decode() and "must be a real date" in answer.content.decode()
    answer = client.post(reverse("reports:report_start"), {
        "inspection": world.inspection.pk, "template": world.templates["cabinet"].pk,
        **_dates("meeting_on", MEETING_DAY), **_dates("data_on", date(2025, 7, 1)),
    })
    assert answer.status_code == 400 and "The data day must be today or earlier" in answer.content.decode()
    report = _report(world, clerk)
    stale = report.version
    client.post(reverse("reports:report_section", args=[report.pk, 1]), {"version": stale, "text": "First."})
    answer = client.post(reverse("reports:report_section", args=[report.pk, 1]),
                         {"version": stale, "text": "Mine, <b>typed</b> later."})
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "Someone else changed this report" in body and "Mine, &lt;b&gt;typed&lt;/b&gt; later." in body
    assert report.sections.get(position=1).text == "First."
    answer = client.post(reverse("reports:report_approve", args=[report.pk]), {"version": "x", "role_words": ""})
    assert answer.status_code == 400 and "Enter the role you approve this report as" in answer.content.decode()


def test_a_failed_drawing_says_why_and_is_tried_again_on_request(
        client, world, clock, django_capture_on_commit_callbacks, monkeypatch):
    from reports.papers import render, services

    clerk = _clerk()
    report = _report(world, clerk, "revisit")
    for section in report.sections.filter(generated="", text=""):
        services.report_section_write(section=section, by=clerk, text="Written.", expected_version=None)
    services.report_approve(report=report, by=clerk, role_words="Head of SEND", expected_version=None)

    def broken(html):
        raise RuntimeError("no fonts on this server")

    monkeypatch.setattr(render, "drawn_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_issue(report=report, by=clerk)
    issue = IssuedReport.objects.get()
    assert issue.status == IssuedReport.Status.FAILED and not issue.file
    client.force_login(clerk)
    page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "The PDF could not be drawn: no fonts on this server" in page and "Try again" in page
    assert client.get(reverse("reports:issue_download", args=[report.pk, 1])).status_code == 404
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:issue_retry", args=[report.pk, 1]))
    issue.refresh_from_db()
    assert issue.status == IssuedReport.Status.DONE and issue.number == 1 and issue.size


def test_a_pdf_missing_from_storage_is_not_found_and_logged_not_a_server_error(
        client, world, clock, django_capture_on_commit_callbacks, caplog):
    clerk = _clerk()
    report = _report(world, clerk, "scrutiny")
    _written_and_issued(report, clerk, django_capture_on_commit_callbacks)
    issue = IssuedReport.objects.get()
    issue.file.storage.delete(issue.file.name)  # a restore that left the files behind
    client.force_login(clerk)
    answer = client.get(reverse("reports:issue_download", args=[report.pk, 1]))
    assert answer.status_code == 404
    assert f"The PDF of report {report.pk} version 1 is missing from storage" in caplog.text


def test_a_title_with_line_breaks_and_a_direction_mark_is_downloaded_under_a_plain_name(
        client, world, clock, django_capture_on_commit_callbacks):
    clerk = _clerk()
    report = _report(world, clerk, "scrutiny")
    Report.objects.filter(pk=report.pk).update(title="SEND\r\nSet-Cookie: x=1 \u202efdp.exe <b>/\"progress\"")
    _written_and_issued(report, clerk, django_capture_on_commit_callbacks)
    client.force_login(clerk)
    answer = client.get(reverse("reports:issue_download", args=[report.pk, 1]))
    assert answer.status_code == 200
    plain = "SEND Set-Cookie_ x=1 fdp.exe _b_-_progress_ (version 1).pdf"
    assert answer["Content-Disposition"] == f'attachment; filename="{plain}"'
