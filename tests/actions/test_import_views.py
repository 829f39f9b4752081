"""The import pages (upload, row-by-row check, confirm) and the export downloads: who may use them, what they show."""

import html
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.forms import MAX_PLAN_UPLOAD_BYTES
from actions.models import Action, Strand
from actions.views_import import PENDING_KEY
from tests.actions.conftest import World
from tests.actions.factories import ActionFactory, OfficerFactory, PlanFactory, StrandFactory, UserFactory
from tests.actions.import_sheets import sheet_file
from wsoa.models import Upload
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).with_name("fixtures")
EVERYONE_WITH_A_ROLE = [
    "administrator", "action lead officer", "other officer", "strand's subgroup lead", "other subgroup lead",
    "board chair", "democratic services",
]  # fmt: skip
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def messy_rows(*, fixed: bool) -> dict[int, list]:
    """A plan with a title block, two strands, a continuation row, and (unless fixed) bad rows 7 and 11 and an
    unreadable timescale on row 10 (a warning)."""
    return {
        4: ["Strand 1: Leadership and governance"],
        5: ["1.1", "Set up a SEND Partnership Board", "Jo Smith", "Council", None, "Sept 2023", "G",
            "Board meets monthly", None],
        6: [None, None, None, None, None, None, None, "Strand leads report to it"],
        7: ["1.2", "Publish a SEND strategy", "Head of SEND", "Council", None, "31/03/2024",
            "Amber" if fixed else "R/A", "Strategy published", None],
        9: ["Area of significant weakness 2: Preparing for adulthood"],
        10: ["2.1", "Increase supported internships", "Head of Employment", "Council", None,
             "Ongoing" if fixed else "TBC", "Complete", "20 internships a year", None],
        11: ["2.2", "Agree a housing pathway", "Head of Housing", "Housing", None if fixed else "01/06/2024",
             "Q4 2023/24", "Not started", "Pathway published", None],
    }  # fmt: skip


def upload_file(rows, name="wsoa.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sheet_file(rows).getvalue(), content_type=XLSX)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin_client(world: World) -> Client:
    client = Client()
    client.force_login(world.people["administrator"])
    return client


def kept_files(media_root: Path) -> list[int]:
    """The uploads waiting to be checked or confirmed (the file itself goes once it is read)."""
    return sorted(Upload.objects.values_list("pk", flat=True))


def upload(client, plan, rows_or_file):
    """Post the file and look at the waiting page once its reading task has run (when the request's work commits):
    the check page it sends on to, or why the file could not be read."""
    file = rows_or_file if isinstance(rows_or_file, SimpleUploadedFile) else upload_file(rows_or_file)
    with TestCase.captureOnCommitCallbacks(execute=True):
        posted = client.post(reverse("actions:plan_import", args=[plan.pk]), {"spreadsheet": file})
    return client.get(posted["Location"]) if posted.status_code == 302 else posted


# --- who may ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("person", EVERYONE_WITH_A_ROLE + ["no role"])
def test_only_administrators_may_import(client, world, person):
    client.force_login(world.people[person])
    plan = world.plan
    allowed = person == "administrator"
    refused = 404 if person == "no role" else 403  # no role in the plan's area: the plan is not there for them

    response = client.get(reverse("actions:plan_import", args=[plan.pk]))
    assert response.status_code == (200 if allowed else refused)
    response = upload(client, plan, messy_rows(fixed=True))
    assert response.status_code == (302 if allowed else refused)
    response = client.get(reverse("actions:plan_import_preview", args=[plan.pk]))
    assert response.status_code == (200 if allowed else refused)
    response = client.post(reverse("actions:plan_import_confirm", args=[plan.pk]))
    assert response.status_code == (302 if allowed else refused)
    assert Action.objects.filter(plan=plan).count() == (4 if allowed else 2)  # 1.1 and 2.1 are updated


@pytest.mark.parametrize("person", EVERYONE_WITH_A_ROLE + ["no role"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_everyone_who_may_see_the_plan_may_export_it(client, world, person, fmt):
    client.force_login(world.people[person])
    response = client.get(reverse("actions:plan_export", args=[world.plan.pk, fmt]))
    assert response.status_code == (404 if person == "no role" else 200)


def test_signed_out_people_are_sent_to_sign_in(client, world):
    for url in (
        reverse("actions:plan_import", args=[world.plan.pk]),
        reverse("actions:plan_export", args=[world.plan.pk, "csv"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_confirming_needs_a_post_and_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.people["administrator"])
    confirm = reverse("actions:plan_import_confirm", args=[world.plan.pk])
    assert client.get(confirm).status_code == 405
    assert client.post(confirm).status_code == 403
    assert upload(client, world.plan, messy_rows(fixed=True)).status_code == 403


def test_a_plan_that_does_not_exist_is_not_found(admin_client):
    assert admin_client.get(reverse("actions:plan_import", args=[999999])).status_code == 404
    assert admin_client.get(reverse("actions:plan_export", args=[999999, "csv"])).status_code == 404


def test_an_unknown_export_format_is_not_found(admin_client, world):
    assert admin_client.get(reverse("actions:plan_export", args=[world.plan.pk, "pdf"])).status_code == 404


# --- the journey ------------------------------------------------------------------------------------------


def test_the_check_shows_each_problem_by_its_row_and_offers_no_confirm(admin_client, world, media_root):
    response = upload(admin_client, world.plan, messy_rows(fixed=False))
    assert response["Location"] == reverse("actions:plan_import_preview", args=[world.plan.pk])
    assert len(kept_files(media_root)) == 1

    page = html.unescape(admin_client.get(response["Location"]).content.decode())

    assert "govuk-error-summary" in page
    assert 'Row 7: rating "R/A" gives more than one rating (Red, Amber): choose one' in page
    assert "Row 11: start date 01/06/2024 is after the due date 31/03/2024" in page
    assert 'Row 10: timescale "TBC" is not a date, month, quarter or "Ongoing", so it is left blank' in page
    problem_rows = re.findall(r'id="problem-\d+">\s*<td[^>]*>(\d+)</td>', page)
    assert problem_rows == ["7", "11"]
    assert "Upload a corrected file" in page
    assert reverse("actions:plan_import_confirm", args=[world.plan.pk]) not in page
    assert Strand.objects.filter(plan=world.plan).count() == 2  # the world's own: nothing imported


def test_the_check_of_the_messy_blackpool_plan_lists_its_bad_rows(admin_client, world):
    data = (FIXTURES / "messy_wsoa.xlsx").read_bytes()
    upload(admin_client, world.plan, SimpleUploadedFile("Blackpool WSOA.xlsx", data, content_type=XLSX))
    response = admin_client.get(reverse("actions:plan_import_preview", args=[world.plan.pk]))
    page = response.content.decode()
    # Row 16 makes the plan's own action 1.1 (green) worse with no reason given, which the rating rule refuses.
    assert re.findall(r'id="problem-\d+">\s*<td[^>]*>(\d+)</td>', page) == ["16", "24", "31"]
    assert html.escape(
        'Row 16: Explain why the rating is worse than before (it was Green – on track) (in the '
        '"Why the rating got worse" column)'
    ) in page
    assert "Blackpool WSOA.xlsx" in page
    assert "Row 12: has no ref or action, so its text was added to the action on row 11" in page
    assert "Strand 4: Inclusive access to services" in page


def test_a_clean_file_is_shown_row_by_row_then_imported_in_one_go(admin_client, world, media_root):
    jo = world.people["action lead officer"]  # Jo Smith
    upload(admin_client, world.plan, messy_rows(fixed=True))
    page = admin_client.get(reverse("actions:plan_import_preview", args=[world.plan.pk])).content.decode()

    assert "govuk-error-summary" not in page
    assert "govuk-warning-text" in page
    assert "Row 6: has no ref or action, so its text was added to the action on row 5" in page
    # 1.1 is the world's own action, so it is updated.
    assert "Update: action, lead organisation, start date, due date, success criteria" in page
    assert "Amber – some risk" in page and "Blue – complete" in page
    assert "Head of Employment" in page and "(no account)" in page
    confirm = reverse("actions:plan_import_confirm", args=[world.plan.pk])
    assert f'action="{confirm}"' in page and "Import 4 actions" in page

    response = admin_client.post(confirm, follow=True)

    assert response.redirect_chain == [(reverse("actions:plan", args=[world.plan.pk]), 302)]
    page = response.content.decode()
    assert "wsoa.xlsx is imported. Added 0 strands and 2 actions; updated 2 strands and 2 actions." in page
    strands = dict(Strand.objects.filter(plan=world.plan).values_list("number", "title"))
    assert strands == {1: "Leadership and governance", 2: "Preparing for adulthood"}
    actions = {a.reference: a for a in Action.objects.filter(plan=world.plan)}
    assert sorted(actions) == ["1.1", "1.2", "2.1", "2.2"]  # 1.1 and 2.1 were the world's
    assert actions["1.1"].lead_officer == jo
    assert actions["1.1"].success_criteria == "Board meets monthly\nStrand leads report to it"
    assert actions["2.2"].due_date == date(2024, 3, 31)
    assert all(
        record.history_user == world.people["administrator"]
        for record in Action.history.filter(plan_id=world.plan.pk, history_change_reason="Imported from a spreadsheet")
    )
    assert kept_files(media_root) == []
    assert PENDING_KEY not in admin_client.session
    # The kept file is gone, so confirming again imports nothing twice.
    again = admin_client.post(confirm)
    assert again["Location"] == reverse("actions:plan_import", args=[world.plan.pk])


def test_confirming_a_file_with_problems_is_refused(admin_client, world):
    upload(admin_client, world.plan, messy_rows(fixed=False))
    response = admin_client.post(reverse("actions:plan_import_confirm", args=[world.plan.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("actions:plan_import_preview", args=[world.plan.pk])
    assert "The file has 2 problems. Fix them in the spreadsheet and upload it again" in response.content.decode()
    assert Action.objects.filter(plan=world.plan).count() == 2


def test_a_new_upload_replaces_the_one_waiting(admin_client, world, media_root):
    upload(admin_client, world.plan, messy_rows(fixed=False))
    first = kept_files(media_root)
    upload(admin_client, world.plan, messy_rows(fixed=True))
    second = kept_files(media_root)
    assert len(first) == len(second) == 1 and first != second


def test_the_check_needs_an_upload_for_this_plan(admin_client, world):
    other_plan = PlanFactory()
    upload(admin_client, other_plan, messy_rows(fixed=True))
    response = admin_client.get(reverse("actions:plan_import_preview", args=[world.plan.pk]))
    assert response["Location"] == reverse("actions:plan_import", args=[world.plan.pk])


def test_a_path_in_the_session_is_never_read(admin_client, world, media_root, tmp_path_factory):
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.csv"
    secret.write_text("Ref,Action\n1.1,Leaked\n")
    session = admin_client.session
    session[PENDING_KEY] = {"plan": world.plan.pk, "token": f"../../{secret.parent.name}/secret", "extension": ".csv"}
    session.save()
    response = admin_client.get(reverse("actions:plan_import_preview", args=[world.plan.pk]))
    assert response.status_code == 302
    assert secret.exists()


# --- files that cannot be read at all -----------------------------------------------------------------


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = OLE + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.xlsx", b"", "The selected file is empty"),
        ("plan.csv", b"   \r\n  ", "plan.csv is empty."),
        ("letter.pdf", b"%PDF-1.7 not a spreadsheet", "letter.pdf is not a spreadsheet."),
        ("locked.xlsx", ENCRYPTED, "locked.xlsx is password-protected."),
        ("old.xls", OLE + b"\0" * 64, "old.xls is an older Excel 97–2003 workbook."),
        ("renamed.xlsx", b"just some text", "renamed.xlsx is not a real Excel workbook"),
        ("notes.csv", b"Minutes of the meeting\r\nNothing here\r\n", "Could not find the header row"),
        ("huge.csv", b"x" * (MAX_PLAN_UPLOAD_BYTES + 1), "The selected file must be smaller than 5 MB (it is 5.0 MB)"),
    ],
)
def test_a_file_that_is_not_a_plan_is_explained_in_the_error_summary(admin_client, world, media_root, name, data,
                                                                     message):
    response = upload(admin_client, world.plan, SimpleUploadedFile(name, data))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    start = page.index('class="govuk-error-summary"')
    summary = page[start:page.index("</ul>", start)]
    assert message in summary
    assert 'href="#id_spreadsheet"' in summary
    assert kept_files(media_root) == []


def test_no_file_chosen_says_so(admin_client, world):
    response = admin_client.post(reverse("actions:plan_import", args=[world.plan.pk]), {})
    assert "Select the spreadsheet to import" in response.content.decode()


# --- exporting ------------------------------------------------------------------------------------------


def test_export_downloads_a_dated_attachment_named_after_the_area(admin_client, world):
    today = timezone.localdate().isoformat()
    area = world.plan.inspection.area
    area.name = "Blackpool & Fylde"
    area.save()
    response = admin_client.get(reverse("actions:plan_export", args=[world.plan.pk, "xlsx"]))
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="blackpool-fylde-action-plan-{today}.xlsx"'
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A4"].value == "1.1"

    response = admin_client.get(reverse("actions:plan_export", args=[world.plan.pk, "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="blackpool-fylde-action-plan-{today}.csv"'
    assert response.content.startswith(b"\xef\xbb\xbfRef,Strand,Action")


def test_the_overview_offers_the_downloads_to_everyone_and_the_import_to_administrators(client, world):
    overview = reverse("actions:plan", args=[world.plan.pk])
    for person, sees_import in (("administrator", True), ("other officer", False), ("board chair", False)):
        client.force_login(world.people[person])
        page = client.get(overview).content.decode()
        assert reverse("actions:plan_export", args=[world.plan.pk, "xlsx"]) in page
        assert reverse("actions:plan_export", args=[world.plan.pk, "csv"]) in page
        assert (reverse("actions:plan_import", args=[world.plan.pk]) in page) is sees_import


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_written_or_kept_runs_the_same_number_of_queries_for_10_or_100_actions(client, fmt):
    plan = PlanFactory()
    strands = [StrandFactory(plan=plan, number=n) for n in range(1, 5)]
    officers = [OfficerFactory() for _ in range(3)]
    client.force_login(UserFactory(roles=[Role.BOARD_CHAIR]))
    url = reverse("actions:plan_export", args=[plan.pk, fmt])

    def queries_with(total: int) -> int:
        while Action.objects.filter(plan=plan).count() < total:
            n = Action.objects.filter(plan=plan).count() + 1
            ActionFactory(strand=strands[n % 4], reference=f"{n % 4 + 1}.{n}", lead_officer=officers[n % 3])
        with CaptureQueriesContext(connection) as written:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as kept:
            assert client.get(url).status_code == 200
        return len(written), len(kept)

    ten, hundred = queries_with(10), queries_with(100)
    assert ten == hundred
    assert hundred[1] < hundred[0]  # reading the kept file needs none of the plan's rows


def test_the_check_runs_the_same_number_of_queries_for_10_or_60_actions_to_update(admin_client, world):
    strand = world.strand
    officers = [OfficerFactory() for _ in range(3)]
    preview = reverse("actions:plan_import_preview", args=[world.plan.pk])

    def queries_with(total: int) -> int:
        while Action.objects.filter(plan=world.plan).count() < total:
            n = Action.objects.filter(plan=world.plan).count() + 1
            ActionFactory(strand=strand, reference=f"1.{n + 1}", lead_officer=officers[n % 3])
        exported = admin_client.get(reverse("actions:plan_export", args=[world.plan.pk, "xlsx"])).content
        upload(admin_client, world.plan, SimpleUploadedFile("plan.xlsx", exported, content_type=XLSX))
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(preview).status_code == 200
        return len(queries)

    assert queries_with(10) == queries_with(60)
