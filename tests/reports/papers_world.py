"""A committee report's world: the time-travel plan story with its board and measure (tests/reports/conftest.py),
a milestone and an approval of the plan, the area's default templates, and functions that read a PDF back."""
import io
from dataclasses import dataclass
from datetime import date

import time_machine
from pypdf import PdfReader

from inspections.models import PlanApproval
from reports.models import ReportTemplate
from reports.papers.paper import paper_html
from reports.papers.pdf import StaticOnlyFetcher, pdf_of
from reports.papers.services import area_templates
from reports.papers.specs import spec_from_template
from tests.actions.plan_story import at, story_written
from tests.inspections.factories import MilestoneFactory
from tests.reports.conftest import BoardStory, board_for

TODAY = date(2025, 6, 16)  # the story's today
DATA_DAY = date(2025, 5, 31)
MEETING_DAY = date(2025, 6, 10)
LAST_HELD = date(2025, 5, 13)


@dataclass
class PaperWorld:
    board_story: BoardStory
    templates: dict[str, ReportTemplate]

    @property
    def inspection(self):
        return self.board_story.plan.inspection

    @property
    def people(self) -> dict:
        return self.board_story.story.people


def paper_world() -> PaperWorld:
    board_story = board_for(story_written())
    inspection = board_story.plan.inspection
    MilestoneFactory(inspection=inspection, label="DfE/NHS England review meeting", due=date(2025, 7, 1))
    PlanApproval.objects.create(inspection=inspection, organisation="Barnsley Council", approved_by="Cabinet",
                                approved_on=date(2025, 1, 20))
    with time_machine.travel(at(TODAY), tick=False):
        templates = area_templates(inspection.area)
    return PaperWorld(board_story=board_story, templates=templates)


def command_spec(world: PaperWorld, kind: str):
    meeting = world.board_story.meetings[LAST_HELD] if kind == "board" else None
    return spec_from_template(world.templates[kind], inspection=world.inspection, meeting_on=MEETING_DAY,
                              data_on=DATA_DAY, meeting=meeting)


def drawn(spec, fetcher: StaticOnlyFetcher | None = None) -> tuple[str, bytes]:
    with time_machine.travel(at(TODAY), tick=False):
        html = paper_html(spec, today=TODAY)
        return html, pdf_of(html, fetcher=fetcher)


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


def outline_titles(pdf: bytes) -> list[str]:
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append(item.title)

    walk(reader(pdf).outline)
    return found


def structure_kinds(pdf: bytes) -> list[tuple[str, dict]]:
    """Every structure element's type with its attributes and alt text, in reading order."""
    root = reader(pdf).trailer["/Root"]["/StructTreeRoot"].get_object()
    found, stack = [], [root.get("/K")]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict) and "/S" in node:
            attributes = node.get("/A")
            attributes = attributes.get_object() if hasattr(attributes, "get_object") else attributes
            found.append((str(node["/S"]), {"A": dict(attributes or {}), "Alt": node.get("/Alt")}))
            if node.get("/K") is not None:
                stack.append(node["/K"])
    return found
