"""What the reports layer keeps: the dashboard a board was sent (kept unchanged), and committee reports with their
templates and issued PDFs."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .papers.branding import COLOUR_CHOICES
from .papers.kinds import GENERATED_CHOICES, KIND_CHOICES, NUMBERED, NUMBERING_CHOICES


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


# --- committee reports: templates, reports and their issued PDFs (reports/papers/) ---------------------------


class ReportTemplate(models.Model):
    """A local area's format for one kind of report: the title block's fields and an ordered list of sections.
    Each area starts with a copy of the defaults (``reports.papers.kinds``); ``version`` counts its changes, and
    a report keeps the version it was started from."""

    area = models.ForeignKey("inspections.LocalArea", on_delete=models.CASCADE, related_name="report_templates")
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    name = models.CharField(max_length=200)
    numbering = models.CharField(max_length=10, choices=NUMBERING_CHOICES, default=NUMBERED)
    title_fields = models.JSONField(default=list, help_text="Keys of reports.papers.kinds.TITLE_FIELDS, in order")
    title_defaults = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    shipped = models.BooleanField(default=False, help_text="One of the defaults every area starts with")
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["area", "kind", "name"], name="one_template_name_per_kind")]

    def __str__(self) -> str:
        return self.name


class TemplateSection(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=200)
    generated = models.CharField(
        "filled from the data", max_length=30, choices=GENERATED_CHOICES, blank=True, default="",
        help_text="Empty for a narrative section, which the author writes",
    )
    guidance = models.TextField("guidance for the author", blank=True)
    starter = models.TextField("starter text", blank=True)
    bold = models.BooleanField("print the text in bold", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="one_section_per_template_position")
        ]

    def __str__(self) -> str:
        return self.heading


class Report(models.Model):
    """A committee report about an inspection's plan, for a meeting on a day, showing the data as it stood at the
    end of ``data_on``. Its sections are copied from the template when it is started, so editing the template
    changes the next report, not this one. Written by ``reports.papers.services``."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        ISSUED = "issued", "Issued"

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE,
                                   related_name="committee_reports")
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="reports")
    template_version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    numbering = models.CharField(max_length=10, choices=NUMBERING_CHOICES, default=NUMBERED)
    title = models.CharField(max_length=300)
    meeting_on = models.DateField("meeting date")
    data_on = models.DateField("data as it stood at the end of")
    changes_since = models.DateField("changes since", null=True, blank=True)
    meeting = models.ForeignKey("governance.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="committee_reports")
    weakness = models.ForeignKey("inspections.SignificantWeakness", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="committee_reports")
    title_fields = models.JSONField(default=list)
    title_values = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_role = models.CharField("approved as", max_length=200, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, help_text="Counts every change, so no edit overwrites another")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status="draft") | Q(approved_by__isnull=False),
                                   name="approved_report_has_approver"),
        ]

    def __str__(self) -> str:
        return self.title


class ReportSection(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=200)
    generated = models.CharField(max_length=30, choices=GENERATED_CHOICES, blank=True, default="")
    guidance = models.TextField(blank=True)
    bold = models.BooleanField(default=False)
    text = models.TextField(blank=True, help_text="Paragraphs, lists (- or 1.) and **bold**; no HTML")
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="one_section_per_report_position")]

    def __str__(self) -> str:
        return self.heading


class IssuedReport(models.Model):
    """One issue of a report as a PDF: drawn once by a background task and kept; issuing again makes the next
    ``number``, and every issue stays downloadable."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Being drawn"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="issues")
    number = models.PositiveIntegerField("version")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    failure = models.CharField("why it failed", max_length=500, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField()
    data_on = models.DateField()
    template_version = models.PositiveIntegerField()
    content = models.JSONField(help_text="The report's title block and sections as issued (specs.content_of)")
    file = models.FileField(upload_to="reports/", blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_issue_per_report_number")]

    def __str__(self) -> str:
        return f"{self.report} (version {self.number})"


class ReportBranding(models.Model):
    """A local area's look on its committee reports: the council's name, its logo (kept as the PNG the service
    drew again from the upload, ``papers.branding.logo_redrawn``) and a heading colour that keeps AA contrast."""

    area = models.OneToOneField("inspections.LocalArea", on_delete=models.CASCADE, related_name="report_branding")
    council_name = models.CharField(max_length=200, blank=True,
                                    help_text="Printed at the top of every report; the area's local authority if empty")
    colour = models.CharField("heading colour", max_length=20, choices=COLOUR_CHOICES, default="black")
    logo_png = models.BinaryField(blank=True, default=b"", editable=False)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Report branding of {self.area}"
