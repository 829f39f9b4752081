"""What the board was sent: the dashboard of a meeting as it stood when its pack was issued, kept unchanged."""
from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class DashboardSnapshot(models.Model):
    """The dashboard's data (``reports.dashboard.Dashboard`` as plain data) stored when the meeting's pack was
    issued, so that what the board saw never changes when the plan is corrected later. Written once, by
    ``services.meeting_pack_issue``; never edited."""

    meeting = models.OneToOneField("governance.Meeting", on_delete=models.CASCADE, related_name="dashboard_snapshot")
    day = models.DateField("position at the end of")
    data = models.JSONField()
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    code_version = models.PositiveSmallIntegerField(
        "version of the dashboard's data", help_text="reports.dashboard.SHAPE_VERSION when it was stored"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"Dashboard sent to {self.meeting}"
