"""Local areas, their inspections, findings and weaknesses, deadline rules, local closures and milestones."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class LocalArea(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="For example, Barnsley")
    local_authority = models.CharField(max_length=200, help_text="For example, Barnsley Metropolitan Borough Council")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerOrganisation(models.Model):
    """An NHS or other body jointly responsible with the council, for the dates it existed."""

    class Kind(models.TextChoices):
        CCG = "ccg", "Clinical Commissioning Group"
        ICB = "icb", "Integrated Care Board"
        OTHER = "other", "Other partner"

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessors")
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="partner_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def active_on(self, day) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (self.ends_on is None or day <= self.ends_on)


class Inspection(models.Model):
    class Framework(models.TextChoices):
        JOINT_2016 = "2016", "Joint local area SEND inspection (2016 framework)"
        AREA_SEND_2023 = "2023", "Area SEND inspection (2023 framework)"

    class Outcome(models.TextChoices):
        UNKNOWN = "", "Not known yet"
        WSOA_REQUIRED = "wsoa_required", "Written Statement of Action required"
        NO_WSOA = "no_wsoa", "No Written Statement of Action required"
        OUTCOME_1 = "1", "Outcome 1: typically positive experiences and outcomes"
        OUTCOME_2 = "2", "Outcome 2: inconsistent experiences and outcomes"
        OUTCOME_3 = "3", "Outcome 3: widespread and/or systemic failings"

    class Status(models.TextChoices):
        DRAFT = "draft", "Plan in draft"
        APPROVED = "approved", "Approved by partners"
        SUBMITTED = "submitted", "Submitted"
        FIT = "fit", "Fit for purpose"
        NOT_FIT = "not_fit", "Not fit for purpose"
        RESUBMITTED = "resubmitted", "Resubmitted"
        ACCEPTED = "accepted", "Accepted"
        MONITORING = "monitoring", "Monitoring"
        REVISIT = "revisit", "Revisited"
        ACCELERATED = "accelerated", "Accelerated Progress Plan"
        CLOSED = "closed", "Closed"

    class Decision(models.TextChoices):
        NONE = "", "No decision yet"
        FIT = "fit", "Fit for purpose"
        FIT_WITH_MINOR = "fit_with_minor", "Fit for purpose with minor amendments"
        NOT_FIT = "not_fit", "Not fit for purpose"

    area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="inspections")
    framework = models.CharField(max_length=4, choices=Framework.choices)
    starts_on = models.DateField("inspection started")
    ends_on = models.DateField("inspection ended")
    letter_dated = models.DateField("date on the letter", null=True, blank=True)
    received_on = models.DateField("final letter received", null=True, blank=True)
    published_on = models.DateField("letter published", null=True, blank=True)
    official_deadline = models.DateField(
        "official deadline", null=True, blank=True, help_text="Only if Ofsted's covering letter gives one."
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default="")
    lead_inspector = models.CharField(max_length=200, blank=True)
    cqc_lead_inspector = models.CharField("CQC lead inspector", max_length=200, blank=True)
    report_url = models.URLField("published report", blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True, default="")
    decided_on = models.DateField(null=True, blank=True)
    resubmitted_on = models.DateField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    revisit_published_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    responsible_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="responsible_for_inspections",
        help_text="They receive reminders before each milestone.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[responsible_people])

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="inspection_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.area} – {self.get_framework_display()}, {self.starts_on:%B %Y}"

    @property
    def plan_name(self) -> str:
        return (
            "priority action plan" if self.framework == self.Framework.AREA_SEND_2023 else "Written Statement of Action"
        )

    @property
    def plan_required(self) -> bool:
        return self.outcome in {self.Outcome.WSOA_REQUIRED, self.Outcome.OUTCOME_3}


class PlanApproval(models.Model):
    """One partner's approval of the plan before submission (e.g. cabinet member under delegated authority)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="approvals")
    organisation = models.CharField(max_length=200)
    approved_by = models.CharField(max_length=300, help_text="Who approved it, e.g. the ICB board")
    approved_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["approved_on"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "organisation"], name="one_approval_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: approved by {self.approved_by} on {self.approved_on:%d/%m/%Y}"


class LifecycleEvent(models.Model):
    """A dated step of the plan's lifecycle: who moved it, from what, to what."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="lifecycle_events")
    from_status = models.CharField(max_length=20, choices=Inspection.Status.choices)
    to_status = models.CharField(max_length=20, choices=Inspection.Status.choices)
    happened_on = models.DateField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.happened_on:%d/%m/%Y}: {self.get_to_status_display()}"


class Finding(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", "Main finding"
        STRENGTH = "strength", "Strength"
        AREA_FOR_DEVELOPMENT = "development", "Area for development"
        AREA_FOR_IMPROVEMENT = "improvement", "Area for improvement"

    class Section(models.TextChoices):
        NONE = "", "No section"
        IDENTIFYING = "identifying", "Identifying children and young people's needs"
        MEETING = "meeting", "Meeting children and young people's needs"
        IMPROVING = "improving", "Improving outcomes for children and young people"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    section = models.CharField(max_length=20, choices=Section.choices, blank=True, default="")
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "section", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class SignificantWeakness(models.Model):
    """An area of significant weakness (2016) or area for priority action (2023): what the plan must answer."""

    class Kind(models.TextChoices):
        SIGNIFICANT_WEAKNESS = "asw", "Area of significant weakness"
        PRIORITY_ACTION = "priority", "Area for priority action"

    class Judgement(models.TextChoices):
        NOT_JUDGED = "", "Not judged yet"
        SUFFICIENT = "sufficient", "Sufficient progress"
        NOT_SUFFICIENT = "not_sufficient", "Not sufficient progress"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="weaknesses")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SIGNIFICANT_WEAKNESS)
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    revisit_judgement = models.CharField(max_length=20, choices=Judgement.choices, blank=True, default="")
    judged_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="weakness_number_unique_per_inspection")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class NonWorkingDay(models.Model):
    """A local closure day that does not count as a working day (for one area, or every area if blank)."""

    day = models.DateField()
    name = models.CharField(max_length=200)
    area = models.ForeignKey(LocalArea, null=True, blank=True, on_delete=models.CASCADE, related_name="closures")
    history = HistoricalRecords()

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["day", "area"], name="one_closure_per_day_and_area")]

    def __str__(self) -> str:
        return f"{self.day:%d %B %Y}: {self.name}"


class DeadlineRuleSetting(models.Model):
    """One editable row of the deadline table; `inspections.deadline_table.DEFAULT_RULES` seeds it."""

    key = models.SlugField(max_length=100, unique=True)
    position = models.PositiveIntegerField(help_text="Rules earlier in the list win for the same milestone.")
    milestone = models.CharField(max_length=50)
    framework = models.CharField(max_length=4, choices=Inspection.Framework.choices)
    label = models.CharField(max_length=200)
    anchor = models.CharField(max_length=30)
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=20)
    repeat_every_months = models.PositiveIntegerField(null=True, blank=True)
    repeat_within_months = models.PositiveIntegerField(null=True, blank=True)
    repeat_at_least = models.PositiveIntegerField(default=0)
    conditions = models.JSONField(
        default=dict, blank=True, help_text="Outcomes, decisions and revisit progress it applies to."
    )
    requires_wsoa = models.BooleanField(default=False)
    official_deadline_overrides = models.BooleanField(default=False)
    estimated = models.BooleanField(default=False)
    approximate = models.BooleanField(
        default=False, help_text="The rule itself is approximate, such as 'about 18 months'."
    )
    roll = models.CharField(max_length=30, default="previous_working_day")
    source = models.TextField()
    confidence = models.CharField(max_length=30)
    note = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.label} ({self.framework})"


class Milestone(models.Model):
    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"
        MET = "met", "Met"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="milestones")
    key = models.CharField(max_length=50)
    sequence = models.PositiveIntegerField(default=1)
    label = models.CharField(max_length=200)
    due = models.DateField()
    rule_key = models.CharField(max_length=100)
    rule_label = models.CharField(max_length=200)
    source = models.TextField()
    confidence = models.CharField(max_length=30)
    estimated = models.BooleanField(default=False)
    approximate = models.BooleanField(default=False)
    official = models.BooleanField(default=False)
    explanation = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPCOMING)
    met_on = models.DateField(null=True, blank=True)
    marked_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "key", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "key", "sequence"], name="one_milestone_per_key_and_sequence")
        ]

    def __str__(self) -> str:
        return self.label


class MilestoneReminder(models.Model):
    """Proof that one reminder was sent, so no threshold is ever e-mailed twice for the same due date."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.CharField(max_length=10)  # "30", "10", "5", "1" working days before, or "overdue"
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["milestone", "threshold", "due"], name="one_reminder_per_threshold")
        ]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.threshold} ({self.due:%d/%m/%Y})"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """A private token in a person's calendar feed address, so Outlook can subscribe without signing in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar address of {self.user}"
