"""A paper from its parts: the title block, then each section in order, numbered as its template says, narrative
sections as their author wrote them and generated ones from the data on the paper's day. One HTML document is
drawn for the preview in the service, for the PDF an issue keeps and for ``manage.py render_report``."""
import base64
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static

from governance.models import Meeting
from inspections.dates import long_date
from inspections.models import Inspection, SignificantWeakness

from ..models import ReportBranding
from .addresses import static_url
from .facts import Facts
from .generated import BUILDERS
from .kinds import KIND_WORDS, NUMBERED, TITLE_FIELDS
from .text import paragraphs_of

STYLESHEET = "reports/paper.css"


@dataclass
class PaperSection:
    heading: str
    generated: str = ""
    bold: bool = False
    text: str = ""


@dataclass
class PaperSpec:
    """Everything a paper is drawn from: a saved report's (``specs.spec_of``) or one made on the command line."""

    kind: str
    title: str
    inspection: Inspection
    meeting_on: date
    data_on: date
    numbering: str = NUMBERED
    title_fields: list[str] = field(default_factory=list)
    title_values: dict = field(default_factory=dict)
    sections: list[PaperSection] = field(default_factory=list)
    meeting: Meeting | None = None
    weakness: SignificantWeakness | None = None
    changes_since: date | None = None
    state: str = "Draft"  # "Draft", "Approved by …", "Issued: version 2"


def title_rows(spec: PaperSpec) -> list[tuple[str, str]]:
    """The title block as (label, value) rows, in the template's order, leaving out fields with nothing in them."""
    values = {**spec.title_values, "meeting": spec.title_values.get("meeting") or long_date(spec.meeting_on)}
    return [(TITLE_FIELDS[key], values[key].strip()) for key in spec.title_fields
            if key in TITLE_FIELDS and str(values.get(key) or "").strip()]


def running_header(spec: PaperSpec) -> str:
    """What every page after the first says at its top: the meeting, its day and the item."""
    meeting = spec.title_values.get("report_to") or KIND_WORDS.get(spec.kind, "")
    item = str(spec.title_values.get("item") or "").strip()
    return f"{meeting}, {long_date(spec.meeting_on)}: {f'item {item}, ' if item else ''}{spec.title}"


def _section(section: PaperSection, number: int | None, facts: Facts) -> dict:
    made = {"heading": section.heading, "number": f"{number}.0" if number else "", "bold": section.bold,
            "generated": section.generated, "paragraphs": paragraphs_of(section.text, section_number=number)}
    if section.generated in BUILDERS:
        made["template"] = f"reports/papers/sections/{section.generated}.html"
        made["data"] = BUILDERS[section.generated](facts)
    return made


def branding_of(spec: PaperSpec) -> dict:
    """The council's name, heading colour and logo (a ``data:`` image) on the paper."""
    area = spec.inspection.area
    branding = ReportBranding.objects.filter(area_id=area.pk).first()
    logo = bytes(branding.logo_png) if branding else b""
    return {
        "council": (branding.council_name if branding else "") or area.local_authority or str(area),
        "colour": branding.colour if branding else "black",
        "logo": "data:image/png;base64," + base64.b64encode(logo).decode() if logo else "",
    }


def paper_context(spec: PaperSpec, *, today: date, for_print: bool) -> dict:
    facts = Facts(inspection=spec.inspection, day=spec.data_on, today=today, meeting=spec.meeting,
                  weakness=spec.weakness, changes_since=spec.changes_since)
    numbered = spec.numbering == NUMBERED
    return {
        "spec": spec, **branding_of(spec),
        "kind_words": KIND_WORDS.get(spec.kind, ""), "title_rows": title_rows(spec),
        "running": running_header(spec), "data_words": long_date(spec.data_on),
        "author": str(spec.title_values.get("author") or "").strip(),
        "contact": str(spec.title_values.get("contact") or "").strip(),
        "sections": [_section(section, number if numbered else None, facts)
                     for number, section in enumerate(spec.sections, start=1)],
        "stylesheet": static_url(STYLESHEET) if for_print else static(STYLESHEET),
        "for_print": for_print, "service_name": settings.SERVICE_NAME,
    }


def paper_html(spec: PaperSpec, *, today: date, for_print: bool = True, back_url: str = "") -> str:
    """The paper as one HTML document; in the service's preview (not for print) with a way back to the report."""
    context = paper_context(spec, today=today, for_print=for_print)
    if for_print:
        return render_to_string("reports/papers/paper.html", context)
    return render_to_string("reports/papers/preview.html", {**context, "back_url": back_url})
