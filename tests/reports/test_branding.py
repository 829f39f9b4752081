"""A council's branding on its reports: heading colours that keep AA contrast, a logo checked and drawn again as a
plain PNG, set by the area's administrators, printed on every report with alt text and no checker failure."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pdfua import Severity, validate
from PIL import Image

from reports.models import ReportBranding
from reports.papers.branding import AA_TEXT, COLOURS, LogoRefused, contrast, logo_redrawn
from tests.actions.factories import UserFactory
from tests.inspections.factories import LocalAreaFactory
from tests.reports.papers_world import command_spec, drawn, paper_world, structure_kinds, text_of
from wsoa.roles import Role


def _picture(fmt: str = "PNG", size=(1200, 400), **save) -> bytes:
    made = io.BytesIO()
    Image.new("RGB", size, (0, 48, 120)).save(made, format=fmt, **save)
    return made.getvalue()


@pytest.mark.parametrize("key", sorted(COLOURS))
def test_every_heading_colour_keeps_aa_contrast_on_white(key):
    assert contrast(COLOURS[key][1]) >= AA_TEXT


def test_contrast_is_wcag_s_ratio():
    assert round(contrast("#000000"), 1) == 21.0
    assert round(contrast("#767676"), 2) == 4.54


def test_a_logo_is_drawn_again_as_a_png_without_its_metadata_and_at_most_600_wide():
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    logo = logo_redrawn(_picture("JPEG", exif=exif.tobytes()))
    with Image.open(io.BytesIO(logo.png)) as image:
        assert image.format == "PNG" and image.size == (600, 200) == (logo.width, logo.height)
        assert not image.getexif() and "exif" not in image.info
    assert b"secret description" not in logo.png


@pytest.mark.parametrize(("data", "reason"), [
    (b"<svg onload='alert(1)'/>", "could not be read as one"),
    (b"%PDF-1.7 not a picture", "could not be read as one"),
    (_picture("PNG")[:60], "could not be read as one"),
    (b"x" * (3 * 1024 * 1024), "smaller than 2 MB"),
    (_picture("BMP", size=(10, 10)), "must be a PNG, JPEG, GIF or WebP"),
])
def test_what_is_not_a_picture_is_refused_in_words(data, reason):
    with pytest.raises(LogoRefused, match=reason):
        logo_redrawn(data)


@pytest.mark.django_db
def test_an_administrator_sets_the_branding_and_the_report_prints_it(client):
    world = paper_world()
    area = world.inspection.area
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    answer = client.post(reverse("reports:branding", args=[area.pk]), {
        "council_name": "Barnsley Metropolitan Borough Council", "colour": "dark-blue",
        "logo": SimpleUploadedFile("logo.png", _picture(), content_type="image/png"),
    })
    assert answer.status_code == 302
    branding = ReportBranding.objects.get(area=area)
    assert branding.colour == "dark-blue" and bytes(branding.logo_png).startswith(b"\x89PNG")
    assert branding.history.first().history_change_reason == "Report branding changed"
    html, pdf = drawn(command_spec(world, "cabinet"))
    assert 'class="paper paper--cabinet paper--colour-dark-blue"' in html
    assert "BARNSLEY METROPOLITAN BOROUGH COUNCIL" in text_of(pdf)
    figures = [attributes["Alt"] for kind, attributes in structure_kinds(pdf) if kind == "/Figure"]
    assert "Barnsley Metropolitan Borough Council logo" in figures


@pytest.mark.django_db
def test_the_branded_report_has_no_checker_failures(tmp_path):
    world = paper_world()
    from reports.papers.services import branding_save

    branding_save(area=world.inspection.area, by=world.people["admin"], council_name="", colour="green",
                  logo=_picture())
    _, pdf = drawn(command_spec(world, "scrutiny"))
    path = tmp_path / "branded.pdf"
    path.write_bytes(pdf)
    assert [(f.rule_id, f.message) for f in validate(str(path)).findings
            if f.severity in (Severity.ERROR, Severity.WARNING)] == []


@pytest.mark.django_db
def test_a_bad_upload_is_a_form_error_and_other_roles_and_areas_are_kept_out(client):
    world = paper_world()
    area = world.inspection.area
    url = reverse("reports:branding", args=[area.pk])
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    answer = client.post(url, {"colour": "pink", "logo": SimpleUploadedFile("x.png", b"<script>", "image/png")})
    assert answer.status_code == 400 and "Select a valid choice" in answer.content.decode()
    answer = client.post(url, {"colour": "blue", "logo": SimpleUploadedFile("x.png", b"<script>", "image/png")})
    assert answer.status_code == 400 and "could not be read as one" in answer.content.decode()
    assert not ReportBranding.objects.exists()
    client.force_login(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[LocalAreaFactory(name="Elsewhere")]))
    assert client.get(url).status_code == 404
