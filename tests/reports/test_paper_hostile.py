"""Nothing a person typed reaches a file or the network while a paper is drawn: tags, stylesheets and scripts in
every narrative section, the title block and the plan's own words are printed as text, a canary web server on
this machine hears nothing, and no file outside the static folders and the Python installation is opened; and a
long address or word someone typed is wrapped within the page, not lost off its edge."""
import sys
import threading
import zoneinfo
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from actions.models import Action, ImpactMeasure, MeasureReading, Strand, Subgroup
from governance.models import SubgroupReport
from inspections.models import SignificantWeakness
from reports.papers.kinds import DEFAULTS, TITLE_FIELDS
from reports.papers.paper import paper_html
from reports.papers.pdf import StaticOnlyFetcher
from tests.actions.plan_story import at
from tests.reports.papers_world import LAST_HELD, TODAY, command_spec, drawn, paper_world, text_of

pytestmark = pytest.mark.django_db


class Canary(BaseHTTPRequestHandler):
    heard: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard handler's name
        Canary.heard.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def canary():
    Canary.heard = []
    server = HTTPServer(("127.0.0.1", 0), Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def payload(port: int) -> str:
    return (
        f'<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:{port}/canary">'
        f"<style>@import url(http://127.0.0.1:{port}/import); body {{ background: url(http://127.0.0.1:{port}/bg) }}"
        f'</style><script>fetch("http://127.0.0.1:{port}/script")</script>'
        f"![picture](http://127.0.0.1:{port}/markdown) [link](file:///etc/passwd)"
    )


def short_payload(port: int) -> str:
    """For the plan's shorter fields (200 characters at most)."""
    return (f'<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:{port}/short">'
            f"<script>x()</script>")


def _everywhere(world, port: int) -> None:
    """The payloads in the plan's own words, live and in their history (the paper reads the plan's past)."""
    plan = world.board_story.plan
    for model, fields, where in (
        (Action, ("title", "rating_reason", "lead_organisation"), {"plan": plan}),
        (Strand, ("title",), {"plan": plan}),
        (Subgroup, ("name",), {"plan": plan}),
        (ImpactMeasure, ("name", "source"), {"plan": plan}),
        (SignificantWeakness, ("title", "text"), {"inspection": plan.inspection}),
    ):
        values = {name: short_payload(port) if model._meta.get_field(name).max_length else payload(port)
                  for name in fields}
        model.objects.filter(**where).update(**values)
        if hasattr(model, "history"):
            model.history.filter(**where).update(**values)
    MeasureReading.objects.filter(measure__plan=plan).update(source_note=short_payload(port))
    # What a subgroup sent the board's last meeting, which the board pack prints.
    SubgroupReport.objects.create(
        meeting=world.board_story.meetings[LAST_HELD], subgroup=Subgroup.objects.filter(plan=plan).first(),
        kind="short", status="submitted", submitted_at=timezone.now(),
        sections={"summary": payload(port), "escalations": payload(port)},
    )


class Opened:
    """The files Python opens while drawing (an audit hook stays for the process: it records only when on)."""

    on = False
    paths: list[str] = []

    @classmethod
    def hook(cls, event, args):
        if cls.on and event == "open" and isinstance(args[0], str):
            cls.paths.append(args[0])


sys.addaudithook(Opened.hook)


def _allowed(path: str) -> bool:
    roots = [*map(str, settings.STATICFILES_DIRS), str(settings.STATIC_ROOT), sys.prefix, sys.base_prefix,
             str(Path(__file__).resolve().parents[2]), *zoneinfo.TZPATH]
    return any(str(Path(path).resolve()).startswith(str(Path(root).resolve())) for root in roots)


@pytest.mark.parametrize("kind", sorted(DEFAULTS))
def test_hostile_words_in_every_field_are_printed_as_text_and_fetch_nothing(canary, kind):
    world = paper_world()
    text = payload(canary)
    _everywhere(world, canary)
    spec = command_spec(world, kind)
    spec.title = text[:200]
    spec.title_values = dict.fromkeys(TITLE_FIELDS, text)
    spec.title_fields = list(TITLE_FIELDS)
    for section in spec.sections:
        section.text = "" if section.generated else f"{text}\n\n- **bold** {text}"
    fetcher = StaticOnlyFetcher()
    Opened.paths, Opened.on = [], True
    try:
        html, pdf = drawn(spec, fetcher)
    finally:
        Opened.on = False
    assert Canary.heard == []
    assert fetcher.refused == []  # not even asked: every tag is text
    assert all(url.endswith("/static/reports/paper.css") for url in fetcher.served)
    assert "/etc/passwd" not in Opened.paths
    assert [path for path in Opened.paths if not _allowed(path)] == []
    assert '<img src="file:' not in html and "<script>" not in html and "<style>" not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    printed = text_of(pdf).replace("\n", "")
    assert '<script>fetch("http://127.0.0.1:' in printed
    if kind == "board":
        assert "Escalations to the board" in printed  # the subgroup's report, printed as text
    assert "<img src=\"file:///etc/passwd\">" in printed


def _text_past_the_right_edge(html: str) -> list[str]:
    """The words that WeasyPrint lays out beyond the page's right edge, where a printed paper loses them."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TextBox

    from reports.papers.addresses import PAPER_ORIGIN

    document = HTML(string=html, base_url=f"{PAPER_ORIGIN}/", url_fetcher=StaticOnlyFetcher()).render()
    return [box.text[:40] for page in document.pages for box in page._page_box.descendants()
            if isinstance(box, TextBox) and box.position_x + box.width > page.width]


def test_a_long_address_or_word_in_a_section_or_a_table_is_wrapped_within_the_page():
    world = paper_world()
    long_address = "https://example.org/" + "minutes-of-the-send-partnership-board-" * 12 + "final.pdf"
    Action.objects.filter(plan=world.board_story.plan).update(rating_reason="See " + long_address)
    spec = command_spec(world, "cabinet")
    for section in spec.sections:
        section.text = "" if section.generated else f"The evidence is at {long_address} and {'w' * 300}."
    with time_machine.travel(at(TODAY), tick=False):
        html = paper_html(spec, today=TODAY)
    assert long_address in html
    assert _text_past_the_right_edge(html) == []
