"""Every kind of committee report as an accessible PDF: tagged, titled, in English, with bookmarks from its
headings, table headers that say what they head, charts with alt text, and no PDF/UA failure the ``pdfua``
checker can find."""
import pytest
from pdfua import Severity, validate

from reports.papers.kinds import DEFAULTS
from tests.reports.papers_world import (
    command_spec,
    drawn,
    outline_titles,
    paper_world,
    reader,
    structure_kinds,
    text_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return paper_world()


@pytest.mark.parametrize("kind", sorted(DEFAULTS))
def test_every_kind_is_a_tagged_pdf_ua_document_with_no_checker_failures(world, kind, tmp_path):
    spec = command_spec(world, kind)
    spec.title_values |= {"item": "4", "author": "Dee Clerk", "contact": "dee.clerk@example.gov.uk"}
    spec.title_fields = [*spec.title_fields, "author"]
    _, pdf = drawn(spec)
    document = reader(pdf)
    root = document.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean object, equal to True
    assert root["/Lang"] == "en-GB"
    assert document.metadata.title == spec.title
    assert outline_titles(pdf)[0] == spec.title
    assert "1.0 Purpose" in " ".join(outline_titles(pdf)).replace("PURPOSE", "Purpose")
    headers = [attributes["A"] for kind_, attributes in structure_kinds(pdf) if kind_ == "/TH"]
    assert headers and all(header.get("/Scope") in ("/Column", "/Row") for header in headers)
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdf)
    findings = [(f.rule_id, f.message) for f in validate(str(path)).findings
                if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert findings == []


def test_pages_say_page_x_of_y_and_carry_the_running_header_after_the_first(world):
    spec = command_spec(world, "cabinet")
    spec.title_values |= {"item": "7", "author": "Nina Sleight", "contact": "nina.sleight@example.gov.uk"}
    _, pdf = drawn(spec)
    pages = reader(pdf).pages
    assert len(pages) >= 3
    assert f"Page 2 of {len(pages)}" in pages[1].extract_text()
    assert "Cabinet, 10 June 2025: item 7," in pages[1].extract_text()
    assert "Report author: Nina Sleight, nina.sleight@example.gov.uk" in pages[-1].extract_text()


def test_the_cabinet_report_prints_ratings_in_words_and_each_chart_with_alt_text_and_its_table(world):
    spec = command_spec(world, "cabinet")
    html, pdf = drawn(spec)
    words = text_of(pdf)
    assert "Red – significant risk/off track" in words
    assert "EHC plans issued within 20 weeks: the figures" in words
    figures = [attributes for kind, attributes in structure_kinds(pdf) if kind == "/Figure"]
    assert len(figures) == 1
    assert figures[0]["Alt"].startswith("Line chart of EHC plans issued within 20 weeks.")
    assert '<strong>' not in html.split("2.0 Recommendations")[0]
    assert 'paper-section--bold' in html


def test_the_generated_sections_show_the_plan_as_it_stood_on_the_data_day_not_today(world):
    from datetime import date

    spec = command_spec(world, "cabinet")
    spec.data_on = date(2025, 3, 10)
    march = text_of(drawn(spec)[1])
    # On 10 March (tests/actions/plan_story.py): 1.1 amber with its reason, the joint panel still in the plan, the
    # strand not yet renamed, 1.3 not yet added.
    assert "Amber – some riskWhy: Two auditors left" in march.replace("\n", "")
    assert "Joint panel" in march and "Strand 1: EHC plans\n" in march
    assert "Publish the guide" not in march and "EHC plans and reviews" not in march
    spec.data_on = date(2025, 5, 31)
    may = text_of(drawn(spec)[1])
    assert "Joint panel" not in may and "Publish the guide" in may and "Strand 1: EHC plans and reviews" in may
    assert "Blue – complete" in may


def test_the_revisit_pack_prints_each_weaknesss_evidence_as_it_stood_on_the_data_day_and_its_gaps(world, settings,
                                                                                                 tmp_path):
    from datetime import date

    import time_machine

    from actions.evidence import evidence_add
    from actions.models import Action
    from tests.actions.plan_story import at

    settings.EVIDENCE_ROOT = tmp_path
    plan = world.inspection.plan
    weakness = world.inspection.weaknesses.get(number=1)
    second = Action.objects.get(plan=plan, reference="1.2")
    admin = plan.inspection.area.memberships.filter(role="Administrator").first().user
    with time_machine.travel(at(date(2025, 4, 2)), tick=False):
        evidence_add(plan=plan, by=admin, title="Audit panel minutes, March", dated=date(2025, 3, 28),
                     kind="minutes", note="The panel's findings on twelve plans", link="https://example.org/m.pdf",
                     actions=[second], weaknesses=[weakness])
    with time_machine.travel(at(date(2025, 6, 12)), tick=False):  # after the report's day: not in it
        evidence_add(plan=plan, by=admin, title="June case audit", dated=date(2025, 6, 10), kind="case_audit",
                     link="https://example.org/june.pdf", actions=[Action.objects.get(plan=plan, reference="1.1")])
    words = " ".join(text_of(drawn(command_spec(world, "revisit"))[1]).split())
    assert "Evidence for weakness 1" in words
    assert "Audit panel minutes, March" in words and "The panel's findings on twelve plans" in words
    assert "June case audit" not in words
    assert "1 complete action with no evidence: 1.1." in words  # 1.1 was complete by 31 May; June's came later
