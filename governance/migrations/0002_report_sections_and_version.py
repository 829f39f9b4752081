"""A subgroup report's narrative becomes sections (a short text becomes the summary), and the report a version."""
from django.db import migrations, models


def narrative_to_summary(apps, schema_editor):
    for model_name in ("SubgroupReport", "HistoricalSubgroupReport"):
        model = apps.get_model("governance", model_name)
        for row in model.objects.exclude(narrative="").only("pk", "narrative").iterator():
            model.objects.filter(pk=row.pk).update(sections={"summary": row.narrative})


def summary_to_narrative(apps, schema_editor):
    for model_name in ("SubgroupReport", "HistoricalSubgroupReport"):
        model = apps.get_model("governance", model_name)
        for row in model.objects.exclude(sections={}).only("pk", "sections").iterator():
            text = "\n\n".join(str(value) for value in row.sections.values() if str(value).strip())
            model.objects.filter(pk=row.pk).update(narrative=text)


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalsubgroupreport",
            name="sections",
            field=models.JSONField(blank=True, default=dict, verbose_name="narrative"),
        ),
        migrations.AddField(
            model_name="subgroupreport",
            name="sections",
            field=models.JSONField(blank=True, default=dict, verbose_name="narrative"),
        ),
        migrations.AddField(
            model_name="historicalsubgroupreport",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="subgroupreport",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.RunPython(narrative_to_summary, summary_to_narrative),
        migrations.RemoveField(
            model_name="historicalsubgroupreport",
            name="narrative",
        ),
        migrations.RemoveField(
            model_name="subgroupreport",
            name="narrative",
        ),
    ]
