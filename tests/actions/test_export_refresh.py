"""After a change to a plan commits, a background job writes its export files, so the next download is a read."""

import io

import pytest
from django.urls import reverse

from actions import export_refresh, plan_export, services, tasks
from actions.plan_export import EXPORT_FOLDER, plan_data_version, plan_exports_write
from actions.plan_sheet import read_plan_sheet
from tests.actions.factories import ActionFactory, OfficerFactory, PlanFactory, StrandFactory, UserFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def plan():
    plan = PlanFactory()
    strand = StrandFactory(plan=plan, number=1, title="Leadership")
    for n in range(1, 4):
        ActionFactory(strand=strand, reference=f"1.{n}", title=f"Action {n}", lead_officer=OfficerFactory())
    return plan


@pytest.fixture
def queued(settings, monkeypatch):
    """With a worker (tasks not run in-process): the plans whose export job was queued, in order."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    plans: list[int] = []
    monkeypatch.setattr(tasks.plan_exports_write, "apply_async", lambda args, **options: plans.append(args[0]))
    return plans


def kept(media_root, plan) -> list[str]:
    return sorted(path.name for path in (media_root / EXPORT_FOLDER).glob(f"plan-{plan.pk}-*"))


def test_an_edit_queues_the_plans_export_job_once_it_commits(plan, queued, django_capture_on_commit_callbacks):
    action = plan.actions.get(reference="1.2")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.action_update(action=action, by=UserFactory(), expected_version=action.version, title="Retitled")
    assert queued == []  # nothing before the commit: a rolled-back edit writes no file
    for callback in callbacks:
        callback()
    assert set(queued) == {plan.pk}


@pytest.mark.parametrize("change", ["add_strand", "add_action", "delete_action", "legend"])
def test_every_kind_of_change_queues_the_job(plan, queued, django_capture_on_commit_callbacks, change):
    by = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "add_strand":
            StrandFactory(plan=plan, number=2)
        elif change == "add_action":
            services.action_create(strand=plan.strands.get(), by=by, reference="1.9", title="Added")
        elif change == "delete_action":
            plan.actions.get(reference="1.3").delete()
        else:
            legend = [dict(entry, label=entry["label"].upper()) for entry in plan.rating_legend]
            services.plan_update(plan=plan, by=by, rating_legend=legend)
    assert set(queued) == {plan.pk}


def test_a_spreadsheet_import_written_in_bulk_queues_the_job(plan, queued, django_capture_on_commit_callbacks):
    from actions.plan_import import plan_import

    sheet = plan_export.plan_export(plan=plan, fmt="csv").replace(b"Action 1", b"Action 1 renamed")
    result = read_plan_sheet(io.BytesIO(sheet), filename="plan.csv", legend=plan.legend)
    assert not result.errors, result.errors
    with django_capture_on_commit_callbacks(execute=True):
        plan_import(plan=plan, by=UserFactory(), result=result)
    assert plan.pk in queued


def test_tasks_run_in_process_write_no_files_on_save(plan, settings, media_root, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        StrandFactory(plan=plan, number=2)
    assert kept(media_root, plan) == []


def test_the_job_writes_both_files_once_and_the_download_then_only_reads(plan, media_root, client, monkeypatch):
    assert plan_exports_write(plan.pk) == ["xlsx", "csv"]
    version = plan_data_version(plan)
    assert kept(media_root, plan) == [f"plan-{plan.pk}-{version}.csv", f"plan-{plan.pk}-{version}.xlsx"]
    assert plan_exports_write(plan.pk) == []  # nothing changed: nothing written

    def no_writing(**kwargs):
        raise AssertionError("the download wrote the file")

    monkeypatch.setattr(plan_export, "plan_export", no_writing)
    client.force_login(UserFactory(roles=[Role.BOARD_CHAIR]))
    response = client.get(reverse("actions:plan_export", args=[plan.pk, "csv"]))
    assert response.status_code == 200
    assert b"Action 2" in response.content


def test_after_a_change_the_job_replaces_the_files_and_a_removed_plan_leaves_none(plan, media_root):
    plan_exports_write(plan.pk)
    before = kept(media_root, plan)
    action = plan.actions.get(reference="1.1")
    services.action_update(action=action, by=UserFactory(), expected_version=action.version, title="Retitled")
    assert plan_exports_write(plan.pk) == ["xlsx", "csv"]
    after = kept(media_root, plan)
    assert len(after) == 2 and not set(before) & set(after)
    plan_id = plan.pk
    plan.delete()
    assert plan_exports_write(plan_id) == []
    assert list((media_root / EXPORT_FOLDER).glob(f"plan-{plan_id}-*")) == []


def test_a_fixture_load_queues_nothing(plan, queued):
    export_refresh._on_change(type(plan), plan, raw=True)
    assert queued == []
