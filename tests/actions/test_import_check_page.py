"""The check page of a council's own tracker: rating words to map, the columns, proposed weakness links, and
the confirm that imports it all."""

import html
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, Plan, ProgressUpdate, Strand
from tests.actions.council_sheet import MERGED, ROWS, TODAY, council_sheet
from tests.actions.factories import PlanFactory, StrandFactory, UserFactory
from tests.actions.plan_sheets import xlsx
from tests.actions.test_import_views import XLSX
from tests.inspections.factories import WeaknessFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

CHOICES = {"0": "amber", "1": "green", "2": "blue"}  # the words in the order the page lists them


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(TODAY, tick=False):
        yield


@dataclass
class World:
    plan: Plan


@pytest.fixture
def world() -> World:
    """A plan whose strand 1 is already linked to weakness 1; its inspection also has weakness 2."""
    plan = PlanFactory()
    first = WeaknessFactory(inspection=plan.inspection, number=1, title="Oversight of the local offer")
    WeaknessFactory(inspection=plan.inspection, number=2, title="Speech and language therapy waiting times")
    StrandFactory(plan=plan, number=1, title="Leaders' oversight of the local offer", weaknesses=[first])
    return World(plan=plan)


@pytest.fixture
def admin_client(world: World) -> Client:
    client = Client()
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    return client


@pytest.fixture
def uploaded(admin_client, world):
    file = SimpleUploadedFile("Northmoor tracker.xlsx", council_sheet().getvalue(), content_type=XLSX)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the task that reads it, once the upload is kept
        response = admin_client.post(reverse("actions:plan_import", args=[world.plan.pk]), {"spreadsheet": file})
    assert response["Location"] == reverse("actions:plan_import_progress", args=[world.plan.pk])
    return reverse("actions:plan_import_preview", args=[world.plan.pk])


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def cells(page: str, caption: str) -> list[list[str]]:
    table = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", page, re.S).group(1)
    body = table.split("<tbody", 1)[1]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]  # fmt: skip


def map_words(admin_client, world, choices=CHOICES, **extra):
    data = {f"word-{position}": rating for position, rating in choices.items()} | extra
    with TestCase.captureOnCommitCallbacks(execute=True):  # the file read again under the words
        return admin_client.post(reverse("actions:plan_import_ratings", args=[world.plan.pk]), data)


def test_the_check_lists_each_unknown_rating_word_with_its_rows_and_offers_no_import(admin_client, uploaded):
    page = page_text(admin_client.get(uploaded))
    assert cells(page, "Rating words to map (3)") == [
        ["Started but delayed", "3", "6, 7, 13"],
        ["Progressing and on track", "5", "6, 7, 13, 14, 15"],
        ["Embedded", "1", "6"],
    ]
    assert "Save what these ratings mean" in page
    assert "Choose what the file’s ratings mean" in page
    assert re.search(r"<button[^>]*>\s*Import \d+ action", page) is None


def test_the_check_lists_the_columns_imported_not_imported_and_the_rating_history(admin_client, uploaded):
    page = page_text(admin_client.get(uploaded))
    not_imported = re.search(r'id="not-imported">(.*?)</dd>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", " ", not_imported).split() == ["Budget", "code"]
    imported = "Ref; Action; Lead officer; Partners; Timescale; Measures of success; Evidence and impact; Notes"
    assert f"{imported}</dd>" in page
    assert ("4 dated rating columns, from May 2020 to August 2022: each becomes that month’s update of each "
            "action rated in it (14 in all), and the newest rating is the action’s current rating") in page
    assert re.search(r'id="row-13">.*?2\.1a <span[^>]*>\(written “2\.1”\)</span>', page, re.S)
    assert re.search(r'id="row-7">.*?1\.2 \(A\)</td>', page, re.S)


def test_every_problem_is_listed_at_once_grouped_by_row(admin_client, uploaded):
    page = page_text(admin_client.get(uploaded))
    rows = cells(page, "Everything to fix or check, by row")
    assert [row[0] for row in rows] == ["6", "7", "13", "14", "15"]
    # Row 7's unreadable timescale and its lead with no account are listed together.
    found = " ".join(rows[1][1].split())
    assert 'Check Row 7: timescale "TBC"' in found
    assert 'Check Row 7: no one with an account is called "Head of Commissioning" (also row 8)' in found


def test_a_word_left_unmapped_is_explained_beside_it(admin_client, world, uploaded):
    response = map_words(admin_client, world, {"0": "amber", "1": "green", "2": ""})
    page = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in page and "Choose what “Embedded” means" in page
    world.plan.refresh_from_db()
    assert world.plan.import_rating_words == {}


def test_a_rating_that_is_not_the_plans_is_refused(admin_client, world, uploaded):
    response = map_words(admin_client, world, {"0": "purple", "1": "green", "2": "blue"})
    assert response.status_code == 200
    assert "Choose what “Started but delayed” means" in page_text(response)


def test_mapping_the_words_keeps_them_and_the_check_then_offers_the_import(admin_client, world, uploaded):
    response = map_words(admin_client, world, **{"legend-2": "on"})
    progress = reverse("actions:plan_import_progress", args=[world.plan.pk])
    assert response["Location"] == progress  # read again under the words, then the check
    assert admin_client.get(progress)["Location"] == uploaded
    world.plan.refresh_from_db()
    assert world.plan.import_rating_words == {"started but delayed": "amber", "progressing and on track": "green"}
    assert "Embedded" in next(entry for entry in world.plan.legend if entry.key == "blue").synonyms

    page = page_text(admin_client.get(uploaded))
    assert "Rating words to map" not in page
    assert re.search(r"<button[^>]*>\s*Import 6 actions", page)
    # Strand 1 is the plan's own, already linked to weakness 1; the new strand 2 is proposed for weakness 2.
    boxes = re.findall(r'<input[^>]*name="(weaknesses-\d+)"[^>]*value="(\d+)"[^>]*form="confirm-import" checked>',
                       page)  # fmt: skip
    weakness_2 = world.plan.inspection.weaknesses.get(number=2)
    assert boxes == [("weaknesses-1", str(weakness_2.pk))]
    assert "2. Speech and language therapy waiting times" in page


def test_confirming_imports_the_history_and_the_ticked_weakness_links(admin_client, world, uploaded):
    map_words(admin_client, world)
    weakness_2 = world.plan.inspection.weaknesses.get(number=2)
    response = admin_client.post(
        reverse("actions:plan_import_confirm", args=[world.plan.pk]), {"weaknesses-1": str(weakness_2.pk)}
    )
    assert response["Location"] == reverse("actions:plan", args=[world.plan.pk])
    strand_2 = Strand.objects.get(plan=world.plan, number=2)
    assert (strand_2.title, list(strand_2.weaknesses.all())) == (
        "Waiting times for speech and language therapy", [weakness_2],
    )
    assert Action.objects.get(plan=world.plan, reference="1.1").rating == "blue"
    assert ProgressUpdate.objects.filter(action__plan=world.plan).count() == 14


def test_the_check_with_rating_history_runs_the_same_number_of_queries_for_few_or_many_rows(admin_client, world):
    def queries_with(extra_rows: int) -> int:
        rows = dict(ROWS)
        for n in range(extra_rows):
            rows[20 + n] = [f"2.{n + 3}", f"Action {n}", "Head of SEND", None, "Mar-21", None, None, None, "Green",
                            None, "Amber", "Red", None]  # fmt: skip
        file = SimpleUploadedFile("t.xlsx", xlsx(rows, title="WSoA", merges=MERGED).getvalue(), content_type=XLSX)
        with TestCase.captureOnCommitCallbacks(execute=True):
            admin_client.post(reverse("actions:plan_import", args=[world.plan.pk]), {"spreadsheet": file})
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(reverse("actions:plan_import_preview", args=[world.plan.pk])).status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(40)
