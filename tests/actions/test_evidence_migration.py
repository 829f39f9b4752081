"""The migration that turns typed evidence links into evidence items keeps every link and says who added it."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("actions", "0013_evidence_items")]
AFTER = [("actions", "0014_evidence_links_become_items")]
LONDON = ZoneInfo("Europe/London")


@pytest.mark.django_db(transaction=True)
def test_every_typed_link_becomes_an_item_attributed_to_who_first_saved_it():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    try:
        User = apps.get_model("wsoa", "User")
        jo = User.objects.create(email="jo@example.org", first_name="Jo", last_name="Smith")
        sam = User.objects.create(email="sam@example.org", first_name="Sam", last_name="Okafor")
        Area = apps.get_model("inspections", "LocalArea")
        Inspection = apps.get_model("inspections", "Inspection")
        area = Area.objects.create(name="Migration Borough", local_authority="Migration Borough Council")
        inspection = Inspection.objects.create(area=area, starts_on=datetime(2025, 1, 6).date(),
                                               ends_on=datetime(2025, 1, 10).date())
        plan = apps.get_model("actions", "Plan").objects.create(inspection=inspection)
        strand = apps.get_model("actions", "Strand").objects.create(plan=plan, number=1, title="EHC plans")
        Action, History = apps.get_model("actions", "Action"), apps.get_model("actions", "HistoricalAction")
        links = "https://example.org/audit.pdf\nnot a link\nhttps://example.org/minutes"
        action = Action.objects.create(plan=plan, strand=strand, reference="1.1", sort_key="1.1", title="Audit",
                                       evidence_links=links)
        first, second = datetime(2025, 3, 4, 10, tzinfo=LONDON), datetime(2025, 5, 6, 10, tzinfo=LONDON)
        for at, by, text in ((first, jo, "https://example.org/audit.pdf"), (second, sam, links)):
            History.objects.create(
                id=action.pk, plan_id=plan.pk, strand_id=strand.pk, reference="1.1", sort_key="1.1", title="Audit",
                rating="not_started", rating_reason="", version=1, updated_at=at, history_date=at,
                history_type="~", history_user_id=by.pk, ongoing=False, description="", lead_name="",
                lead_organisation="", partners="", success_criteria="", evidence_links=text,
            )
        apps.get_model("actions", "ProgressUpdate").objects.create(
            action=action, author=sam, month=datetime(2025, 6, 1).date(), rating="green", narrative="Done",
            evidence="https://example.org/minutes\nhttps://example.org/survey\nIn the shared drive",
        )

        executor.loader.build_graph()
        executor.migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        Item = apps.get_model("actions", "EvidenceItem")
        items = {item.link: item for item in Item.objects.all()}
        assert set(items) == {"https://example.org/audit.pdf", "https://example.org/minutes",
                              "https://example.org/survey"}
        assert (items["https://example.org/audit.pdf"].added_by_id, items["https://example.org/audit.pdf"].added_at) \
            == (jo.pk, first)
        assert items["https://example.org/minutes"].added_by_id == sam.pk
        assert items["https://example.org/survey"].update_id is not None
        assert all(list(item.actions.values_list("pk", flat=True)) == [action.pk] for item in items.values())
        History = apps.get_model("actions", "HistoricalEvidenceItem")
        assert History.objects.get(link="https://example.org/audit.pdf").history_user_id == jo.pk
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
