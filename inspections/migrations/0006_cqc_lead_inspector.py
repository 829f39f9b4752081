"""The CQC's lead inspector, read from the report's team table beside Ofsted's."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inspections", "0005_area_send_milestones_from_publication")]

    operations = [
        migrations.AddField(
            model_name=model_name,
            name="cqc_lead_inspector",
            field=models.CharField(blank=True, max_length=200, verbose_name="CQC lead inspector"),
        )
        for model_name in ("historicalinspection", "inspection")
    ]
