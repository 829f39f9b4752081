"""An area's administrator copies a default report template and changes the copy in the service pages (rename,
reorder, remove and add sections): the next report follows it, a report already started and what was issued do
not. Other roles get 403, other areas' administrators 404, and the shipped defaults stay as shipped."""
import pytest
import time_machine
from django.urls import reverse

from reports.models import ReportTemplate
from reports.papers.services import area_templates, report_start
from tests.actions.factories import UserFactory
from tests.actions.plan_story import at
from tests.inspections.factories import LocalAreaFactory
from tests.reports.papers_world import DATA_DAY, MEETING_DAY, TODAY, paper_world
from wsoa.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return paper_world()


@pytest.fixture
def admin(client, world):
    person = UserFactory(roles=[Role.ADMINISTRATOR])
    client.force_login(person)
    return person


def _headings(report) -> list[str]:
    return list(report.sections.order_by("position").values_list("heading", flat=True))


def _start(world, by):
    template = area_templates(world.inspection.area)["cabinet"]
    return report_start(template=template, inspection=world.inspection, by=by, meeting_on=MEETING_DAY,
                        data_on=DATA_DAY, today=TODAY)


def _version(template) -> int:
    return ReportTemplate.objects.get(pk=template.pk).version


def test_an_administrator_copies_and_edits_a_template_and_the_next_report_follows_it(client, world, admin):
    with time_machine.travel(at(TODAY), tick=False):
        before = _start(world, admin)
        default = world.templates["cabinet"]
        assert "Cabinet report" in client.get(reverse("reports:templates")).content.decode()
        client.post(reverse("reports:template_copy", args=[default.pk]), {"name": "Our cabinet report"})
        copy = ReportTemplate.objects.get(name="Our cabinet report")
        client.post(reverse("reports:template_section", args=[copy.pk, 1]),
                    {"version": _version(copy), "heading": "Why this report", "guidance": "", "starter": "Why."})
        client.post(reverse("reports:template_section_move", args=[copy.pk, 2]),
                    {"version": _version(copy), "direction": "up"})
        client.post(reverse("reports:template_section_remove", args=[copy.pk, 3]), {"version": _version(copy)})
        client.post(reverse("reports:template_section_add", args=[copy.pk]),
                    {"version": _version(copy), "heading": "Glossary again", "generated": "glossary"})
        after = _start(world, admin)
    headings = _headings(after)
    assert headings[:3] == ["Recommendations", "Why this report", "Inspection summary"]
    assert headings[-1] == "Glossary again" and "Introduction" not in headings
    assert after.template == copy and after.template_version == _version(copy) == 5
    assert _headings(before)[:3] == ["Purpose of report", "Recommendations", "Introduction"]
    reasons = list(copy.history.values_list("history_change_reason", flat=True))
    assert "Section “Why this report” moved down" in reasons or "Section “Recommendations” moved up" in reasons


def test_the_defaults_stay_as_shipped(client, world, admin):
    default = world.templates["cabinet"]
    answer = client.post(reverse("reports:template_section", args=[default.pk, 1]),
                         {"version": default.version, "heading": "Renamed"})
    assert answer.status_code == 400 and "copy it, then change the copy" in answer.content.decode()
    assert default.sections.get(position=1).heading == "Purpose of report"


def test_a_stale_page_changes_nothing_and_says_so(client, world, admin):
    copy = ReportTemplate.objects.get(pk=world.templates["scrutiny"].pk)
    client.post(reverse("reports:template_copy", args=[copy.pk]), {"name": "Ours"})
    ours = ReportTemplate.objects.get(name="Ours")
    stale = ours.version
    client.post(reverse("reports:template_section_move", args=[ours.pk, 2]), {"version": stale, "direction": "up"})
    answer = client.post(reverse("reports:template_section_remove", args=[ours.pk, 1]), {"version": stale},
                         follow=True)
    assert "Someone else changed this template" in answer.content.decode()
    assert ours.sections.count() == world.templates["scrutiny"].sections.count()


def test_other_roles_get_403_and_other_areas_404(client, world):
    template = world.templates["cabinet"]
    urls = [reverse("reports:template", args=[template.pk]), reverse("reports:template_edit", args=[template.pk]),
            reverse("reports:template_section", args=[template.pk, 1])]
    client.force_login(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    assert client.get(reverse("reports:templates")).status_code == 403
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[LocalAreaFactory(name="Elsewhere")]))
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]


def test_bad_input_is_a_form_error(client, world, admin):
    client.post(reverse("reports:template_copy", args=[world.templates["board"].pk]), {"name": "Pack"})
    pack = ReportTemplate.objects.get(name="Pack")
    answer = client.post(reverse("reports:template_section_add", args=[pack.pk]),
                         {"version": pack.version, "heading": "", "generated": "nonsense"})
    assert answer.status_code == 400 and "Enter the section&#x27;s heading" in answer.content.decode()
    answer = client.post(reverse("reports:template_copy", args=[world.templates["board"].pk]), {"name": "Pack"})
    assert answer.status_code == 400 and "already has a template of this kind with that name" in answer.content.decode()


def test_the_title_block_and_its_defaults_are_the_templates_to_change(client, world, admin):
    client.post(reverse("reports:template_copy", args=[world.templates["scrutiny"].pk]), {"name": "Ours"})
    ours = ReportTemplate.objects.get(name="Ours")
    answer = client.post(reverse("reports:template_edit", args=[ours.pk]), {
        "version": ours.version, "name": "Ours", "numbering": "none", "title_fields": ["report_to", "wards"],
        "default_report_to": "Scrutiny Management Board", "default_wards": "All wards",
    })
    assert answer.status_code == 302
    ours.refresh_from_db()
    assert ours.numbering == "none" and ours.title_fields == ["report_to", "wards"]
    assert ours.title_defaults == {"report_to": "Scrutiny Management Board", "wards": "All wards"}
    with time_machine.travel(at(TODAY), tick=False):
        report = report_start(template=ours, inspection=world.inspection, by=admin, meeting_on=MEETING_DAY,
                              data_on=DATA_DAY, today=TODAY)
    assert report.title_values["report_to"] == "Scrutiny Management Board" and report.numbering == "none"


def test_the_templates_page_has_a_plain_title_and_its_branding_links_once_in_the_main_content(client, world, admin):
    page = client.get(reverse("reports:templates")).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.startswith("Report templates – ") and "<" not in title
    main = page.split('<main class="govuk-main-wrapper" id="main-content">')[1].split("</main>")[0]
    branding = '<h2 class="govuk-heading-m">Branding</h2>'
    assert page.count(branding) == main.count(branding) == 1
