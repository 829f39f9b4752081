"""Evidence items: a link or an uploaded file that shows an action was done, or made a difference, and which
actions, impact measures and weaknesses it supports."""
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


def evidence_storage():
    """The private storage uploads are kept in: never served as files, only through the evidence view."""
    return storages["evidence"]


def evidence_file_name(instance, filename: str) -> str:
    """A random name under the year: what a person called the file is kept in ``original_name`` only."""
    return f"{timezone.now():%Y}/{uuid.uuid4().hex}"


class EvidenceItem(models.Model):
    """One piece of evidence in one plan: exactly one of ``link`` or ``file``.

    ``original_name`` is the file's name as the person's computer had it, cleaned (``evidence_files``); the file
    itself is kept under a random name, so nothing a person types reaches a path.
    """

    class Kind(models.TextChoices):
        DOCUMENT = "document", "Document"
        DATA = "data", "Data"
        CASE_AUDIT = "case_audit", "Case audit"
        SURVEY = "survey", "Survey"
        MINUTES = "minutes", "Minutes"
        OTHER = "other", "Other"

    plan = models.ForeignKey("actions.Plan", on_delete=models.CASCADE, related_name="evidence_items")
    title = models.CharField(max_length=300)
    dated = models.DateField("date", help_text="The day the evidence is from, for example a meeting or a survey.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    note = models.TextField("what it shows", blank=True)
    link = models.URLField(max_length=2000, blank=True)
    file = models.FileField(storage=evidence_storage, upload_to=evidence_file_name, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    actions = models.ManyToManyField("actions.Action", blank=True, related_name="evidence_items")
    impact_measures = models.ManyToManyField("actions.ImpactMeasure", blank=True, related_name="evidence_items")
    weaknesses = models.ManyToManyField(
        "inspections.SignificantWeakness", blank=True, related_name="evidence_items"
    )
    update = models.ForeignKey(
        "actions.ProgressUpdate", null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence_items",
        help_text="The monthly update it was posted with, if any.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField()
    history = HistoricalRecords(m2m_fields=[actions, impact_measures, weaknesses])

    class Meta:
        ordering = ["-dated", "-added_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(link="") & ~Q(file="")) | (~Q(link="") & Q(file="")),
                name="evidence_is_a_link_or_a_file",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["document", "data", "case_audit", "survey", "minutes", "other"]),
                name="evidence_kind_is_known",
            ),
        ]
        indexes = [models.Index(fields=["plan", "-dated", "-added_at"], name="evidence_plan_newest_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)
