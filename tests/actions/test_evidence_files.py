"""What an evidence file must be: its type read from its content whatever it is called, its size, the virus scan,
and the name it is sent back under."""
import stat

import pytest

from actions.evidence_files import EvidenceFileRefused, download_name, file_checked, file_scanned
from tests.actions import evidence_samples as sample


@pytest.mark.parametrize(("upload", "content_type", "extension"), [
    (sample.pdf(), "application/pdf", "pdf"),
    (sample.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    (sample.png(), "image/png", "png"),
    (sample.csv(), "text/csv", "csv"),
    # The content decides, not the name: a PDF called .docx is a PDF.
    (sample.pdf(name="minutes.docx"), "application/pdf", "pdf"),
])  # fmt: skip
def test_allowed_files_are_known_by_their_content(upload, content_type, extension):
    checked = file_checked(upload)
    assert (checked.content_type, checked.extension) == (content_type, extension)


@pytest.mark.parametrize("upload", [
    sample.named(sample.HTML, "minutes.pdf"),
    sample.named(sample.HTML, "figures.csv", "text/csv"),
    sample.named(b"month,value\n<script>alert(1)</script>\n", "figures.csv", "text/csv"),
    sample.named(sample.SVG, "chart.png", "image/png"),
    sample.named(sample.SVG, "chart.svg", "image/svg+xml"),
    sample.named(sample.EXE, "minutes.pdf"),
    sample.named(sample.EXE, "figures.csv", "text/csv"),
    sample.named(b"just some words", "notes.txt", "text/plain"),
    sample.zip_of_html(),
], ids=["html as pdf", "html as csv", "script in csv", "svg as png", "svg", "exe as pdf", "exe as csv", "text",
        "zip of html as docx"])  # fmt: skip
def test_markup_programs_and_other_types_are_refused_whatever_their_name(upload):
    with pytest.raises(EvidenceFileRefused, match="must be a PDF, a Word, Excel or PowerPoint document"):
        file_checked(upload)


def test_an_empty_file_is_refused():
    with pytest.raises(EvidenceFileRefused, match="The selected file is empty"):
        file_checked(sample.named(b"", "minutes.pdf"))


def test_a_file_over_the_limit_is_refused_with_its_size(settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    big = sample.named(b"%PDF-1.4\n" + b"0" * (3 * 2**20 // 2), "big.pdf")
    with pytest.raises(EvidenceFileRefused, match=r"smaller than 1 MB \(it is 1.5 MB\)"):
        file_checked(big)


@pytest.mark.parametrize(("original", "extension", "sent_as"), [
    ("minutes.pdf", "pdf", "minutes.pdf"),
    ('evil"; filename="x.html', "pdf", "evil__ filename=_x.pdf"),
    ("line\r\nSet-Cookie: a=b.pdf", "pdf", "lineSet-Cookie_ a=b.pdf"),
    ("../../etc/passwd", "csv", "passwd.csv"),
    ("C:\\Users\\jo\\report.docx", "docx", "report.docx"),
    ("invoice\u202egnp.exe", "png", "invoicegnp.png"),
    ("Réunion du comité – mars 2026 📎.pdf", "pdf", "Réunion du comité – mars 2026 📎.pdf"),
    ("page.html", "pdf", "page.pdf"),
    ("...", "pdf", "evidence.pdf"),
    ("", "csv", "evidence.csv"),
    ("x" * 300 + ".pdf", "pdf", "x" * 100 + ".pdf"),
])  # fmt: skip
def test_the_download_name_has_no_line_breaks_quotes_paths_or_direction_marks_and_the_contents_extension(
    original, extension, sent_as
):
    assert download_name(original, extension) == sent_as


@pytest.fixture
def fake_scanner(tmp_path):
    """A scanner that refuses any file containing the word INFECTED, and one that never answers."""
    def script(name: str, body: str) -> str:
        path = tmp_path / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
        return str(path)

    return {
        "checks": script("scan", 'if grep -q INFECTED "$1"; then exit 1; fi\nexit 0'),
        "hangs": script("hang", "sleep 30"),
    }


def test_with_no_scanner_configured_nothing_is_run(settings):
    settings.EVIDENCE_SCAN_COMMAND = ""
    file_scanned(sample.csv(text="INFECTED\n"))


def test_the_configured_scanner_passes_a_clean_file_and_refuses_an_infected_one(settings, fake_scanner):
    settings.EVIDENCE_SCAN_COMMAND = fake_scanner["checks"]
    file_scanned(sample.csv())
    with pytest.raises(EvidenceFileRefused, match="The virus check refused the selected file"):
        file_scanned(sample.csv(text="month,value\nINFECTED,1\n"))


def test_a_scanner_that_does_not_answer_in_time_refuses_the_file(settings, fake_scanner):
    settings.EVIDENCE_SCAN_COMMAND = fake_scanner["hangs"]
    settings.EVIDENCE_SCAN_TIMEOUT_SECONDS = 1
    with pytest.raises(EvidenceFileRefused, match="took too long"):
        file_scanned(sample.csv())


def test_a_scanner_that_cannot_run_refuses_the_file(settings, tmp_path):
    settings.EVIDENCE_SCAN_COMMAND = str(tmp_path / "no-such-scanner")
    with pytest.raises(EvidenceFileRefused, match="could not run"):
        file_scanned(sample.csv())
