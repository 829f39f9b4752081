"""Plans, subgroups, strands, actions, monthly progress updates and impact measures, with their history."""
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .ratings import DEFAULT_LEGEND, RATING_KEYS, Legend, LegendError, legend_from_json, legend_to_json


class IndexedHistoricalRecords(HistoricalRecords):
    """django-simple-history's records with indexes of our own on the historical table (it takes none)."""

    def __init__(self, *args, indexes: tuple[models.Index, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_indexes = indexes

    def get_meta_options(self, model):
        meta = super().get_meta_options(model)
        meta["indexes"] = [*meta.get("indexes", ()), *self.extra_indexes]
        return meta


def default_rating_legend() -> list[dict]:
    return legend_to_json(DEFAULT_LEGEND)


def validate_rating_legend(value) -> None:
    try:
        legend_from_json(value)
    except LegendError as error:
        raise ValidationError(str(error)) from None


def evidence_link_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def validate_evidence_links(text: str) -> None:
    """One web address per line, http or https only (a javascript: link must never reach a page)."""
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(evidence_link_lines(text), start=1):
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                f"Line {number} of the evidence links is not a web address starting with http:// or https://"
            ) from None


class Plan(models.Model):
    """The Written Statement of Action (or priority action plan) answering one inspection."""

    class SectionLabel(models.TextChoices):
        STRAND = "strand", "Strand"
        WORKSTREAM = "workstream", "Workstream"
        THEME = "theme", "Theme"
        PRIORITY = "priority", "Priority"
        IMPROVEMENT_AREA = "improvement_area", "Improvement area"

    inspection = models.OneToOneField("inspections.Inspection", on_delete=models.PROTECT, related_name="plan")
    section_label = models.CharField(
        "name for the plan's sections", max_length=20, choices=SectionLabel.choices, default=SectionLabel.STRAND
    )
    rating_legend = models.JSONField(default=default_rating_legend, validators=[validate_rating_legend])
    # Words the plan's spreadsheets use for its ratings that the legend does not know ("Progressing and on
    # track"), each with the rating key an administrator chose for it on an import's check page.
    import_rating_words = models.JSONField(default=dict, blank=True)
    # The monthly update cycle: leads are reminded on this day of the month; the subgroup lead hears what is
    # still missing this many working days later.
    reminder_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="Day of the month when action leads are reminded to post their update.",
    )
    escalation_working_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days after the reminder before subgroup leads get a summary of missing updates."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-inspection__starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reminder_day__gte=1, reminder_day__lte=28), name="plan_reminder_day_in_every_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection.area} {self.inspection.plan_name}"

    @cached_property
    def legend(self) -> Legend:
        return legend_from_json(self.rating_legend)

    @property
    def section_word(self) -> str:
        """"Strand", "Workstream"…: the council's own word for the plan's sections."""
        return self.get_section_label_display()

    @property
    def section_word_plural(self) -> str:
        word = self.section_word
        return f"{word[:-1]}ies" if word.endswith("y") else f"{word}s"


class Subgroup(models.Model):
    """A subgroup of the improvement board; its lead (chair) is accountable for its strands' actions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="subgroups")
    name = models.CharField(max_length=200)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="subgroups_led",
        verbose_name="subgroup lead",
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="subgroups")
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="subgroup_name_unique_per_plan")]

    def __str__(self) -> str:
        return self.name


class Strand(models.Model):
    """A section of the plan (strand, workstream, theme…) grouping actions that answer one or more weaknesses."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strands")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    weaknesses = models.ManyToManyField(
        "inspections.SignificantWeakness", blank=True, related_name="strands", verbose_name="weaknesses it answers"
    )
    subgroup = models.ForeignKey(
        Subgroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="strands"
    )
    # With the actions' own, tells when a kept export of the plan is out of date.
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[weaknesses])

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="strand_number_unique_per_plan")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


# What a person may change on an action (edit form, action_update); the plan, version and completion date
# follow from these. The spreadsheet columns (sheet_columns.py) declare how each is written and read.
ACTION_EDITABLE_FIELDS = (
    "strand", "reference", "title", "description", "lead_officer", "lead_name", "lead_organisation", "partners",
    "start_date", "due_date", "ongoing", "success_criteria", "rating", "rating_reason", "evidence_links",
    "evidence_of_impact", "notes",
)


class Action(models.Model):
    """One action of the plan. ``version`` goes up by one on every save, so two people's edits never collide."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    strand = models.ForeignKey(Strand, on_delete=models.CASCADE, related_name="actions")
    reference = models.CharField(max_length=20, help_text="For example, 2.3")
    # The reference with its numbers zero-padded, so 2.10 sorts after 2.9.
    sort_key = models.CharField(max_length=100, editable=False, default="")
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_led",
    )
    lead_name = models.CharField(
        "lead (as written)", max_length=200, blank=True,
        help_text="The lead's name when they have no account, as the plan gives it.",
    )
    lead_organisation = models.CharField(max_length=200, blank=True)
    partners = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    ongoing = models.BooleanField(default=False, help_text="Ongoing actions have no due date.")
    success_criteria = models.TextField("success criteria", blank=True)
    rating = models.CharField(max_length=20, default="not_started")
    rating_reason = models.TextField(
        "reason the rating got worse", blank=True,
        help_text="Kept while the current rating is worse than the one before it.",
    )
    evidence_links = models.TextField(blank=True, validators=[validate_evidence_links])
    evidence_of_impact = models.TextField("evidence and impact", blank=True)
    notes = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = IndexedHistoricalRecords(indexes=(
        # "The plan at the end of a day" (plan_as_of.py): each action's newest record before then, read in order;
        # with the columns that the overview's counts and the action list's filters, order and lead list read
        # (plan_parts_as_of.py), so they come from the index alone.
        models.Index(F("plan"), F("id"), F("history_date").desc(), F("history_id").desc(),
                     name="historical_action_day_idx",
                     include=["history_type", "strand", "rating", "due_date", "completed_on", "sort_key",
                              "lead_officer"]),
    ))

    class Meta:
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="action_reference_unique_per_plan"),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(ongoing=False), name="action_ongoing_has_no_due_date"
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(start_date__isnull=True) | Q(due_date__gte=F("start_date")),
                name="action_due_on_or_after_start",
            ),
            models.CheckConstraint(condition=Q(rating__in=RATING_KEYS), name="action_rating_is_a_legend_key"),
        ]
        indexes = [
            models.Index(fields=["lead_officer", "completed_on"], name="action_lead_open_idx"),
            # The action list reads a plan's actions in reference order, a page at a time.
            models.Index(fields=["plan", "sort_key", "id"], name="action_plan_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def evidence_link_list(self) -> list[str]:
        return evidence_link_lines(self.evidence_links)

    @property
    def lead_display(self) -> str:
        return str(self.lead_officer) if self.lead_officer_id else self.lead_name


class ProgressUpdate(models.Model):
    """An action lead's monthly update: one per action per month. Posting again for the month revises it, and
    ``version`` makes sure a revision is made to the text the person saw."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="progress_updates"
    )
    month = models.DateField(help_text="The first day of the month the update reports on.")
    rating = models.CharField(max_length=20)
    previous_rating = models.CharField(
        max_length=20, default="not_started", help_text="The action's rating before this month's update."
    )
    narrative = models.TextField("progress this month")
    evidence = models.TextField(blank=True)
    reason_for_worse_rating = models.TextField(blank=True)
    # A revision of the update: by whom and when (the author stays who first wrote it; history keeps each text).
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = IndexedHistoricalRecords(indexes=(
        # "The actions with the month's update by the end of a day" (past_filters.updated_for_month_by): the
        # month's creation records before then, from the index alone.
        models.Index(fields=["month", "history_type", "history_date"], include=["action"],
                     name="historical_update_month_idx"),
    ))

    class Meta:
        ordering = ["-month", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["action", "month"], name="one_update_per_action_and_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="update_month_is_first_of_month"),
            models.CheckConstraint(condition=Q(rating__in=RATING_KEYS), name="update_rating_is_a_legend_key"),
        ]
        indexes = [
            # "Which actions have this month's update" for a whole plan (the dashboard's count of who owes one):
            # the month's updates from the index alone, joined to the plan's actions in one pass.
            models.Index(fields=["month", "action"], name="update_month_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference}, {self.month:%B %Y}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Rating events are never changed: record a new event instead")


class RatingEvent(models.Model):
    """One change of an action's rating, as it happened: append-only, typed, and indexed so that a plan's
    ratings on any day, and every change between two days, are one query each (``selectors.ratings_on``,
    ``selectors.rating_changes_between``).

    ``effective_on`` is the day the change counts from: the day of an edit or import, or for a monthly
    update the day it was posted, or the last day of its month when it was posted late, never before the
    action's newest event. ``recorded_at`` is when it was written. A blank ``from_rating`` means the action
    was added with ``to_rating``.
    """

    class Source(models.TextChoices):
        UPDATE = "update", "Monthly update"
        EDIT = "edit", "Edit of the action"
        IMPORT = "import", "Spreadsheet import"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rating_events")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="rating_events")
    from_rating = models.CharField(max_length=20, blank=True)
    to_rating = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.RESTRICT, related_name="rating_events"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    effective_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["effective_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(to_rating__in=RATING_KEYS), name="rating_event_to_is_a_legend_key"),
            models.CheckConstraint(
                condition=Q(from_rating__in=[*RATING_KEYS, ""]), name="rating_event_from_is_a_legend_key_or_blank"
            ),
            models.CheckConstraint(condition=~Q(from_rating=F("to_rating")), name="rating_event_changes_the_rating"),
            models.CheckConstraint(
                condition=Q(source__in=["update", "edit", "import"]), name="rating_event_source_is_known"
            ),
            models.CheckConstraint(
                condition=Q(source="update") | Q(update__isnull=True), name="rating_event_update_only_from_updates"
            ),
        ]
        indexes = [
            # "Every change in the plan between two days": a range scan.
            models.Index(fields=["plan", "effective_on", "id"], name="rating_event_plan_day_idx"),
            models.Index(fields=["plan", "recorded_at"], name="rating_event_plan_recorded_idx"),
            # "The rating of every action on day D": the newest event per action up to D, its rating in the index.
            models.Index(
                F("plan"), F("action"), F("effective_on").desc(), F("id").desc(), name="rating_event_latest_idx",
                include=["to_rating"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.from_rating or 'added'} → {self.to_rating} ({self.effective_on})"

    def save(self, *args, **kwargs):
        # Not a business rule: the guarantee that a recorded fact is never rewritten (PostgreSQL also refuses).
        if not self._state.adding:
            raise TypeError("Rating events are never changed: record a new event instead")
        super().save(*args, **kwargs)


class ImpactMeasure(models.Model):
    """A measure of impact (key performance indicator) for a strand or a weakness, with baseline and target.

    ``version`` goes up by one on every change, so that of two people editing it the second is told.
    """

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="impact_measures")
    strand = models.ForeignKey(
        Strand, null=True, blank=True, on_delete=models.CASCADE, related_name="impact_measures"
    )
    weakness = models.ForeignKey(
        "inspections.SignificantWeakness", null=True, blank=True, on_delete=models.CASCADE,
        related_name="impact_measures",
    )
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=50, blank=True, help_text="For example, %, days or plans")
    baseline = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_period = models.DateField(null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the figure comes from, for example Synergy case management",
    )
    frequency = models.CharField(
        "how often it is read", max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strand__isnull=False) | Q(weakness__isnull=False),
                name="impact_measure_has_strand_or_weakness",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["monthly", "quarterly"]), name="impact_measure_frequency_is_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeasureReading(models.Model):
    """The measure's actual value for one period (a month or quarter, stored as its first day)."""

    measure = models.ForeignKey(ImpactMeasure, on_delete=models.CASCADE, related_name="readings")
    period = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4)
    source_note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_reading_per_measure_and_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} ({self.period:%B %Y})"


class UpdateReminder(models.Model):
    """Proof that one monthly e-mail went out: the unique row is claimed before sending, so none goes twice.

    ``officer`` reminders ask an action lead for the month's updates; ``summary`` e-mails tell a subgroup
    lead which updates are still missing in their subgroup's strands some working days later (one of each per
    person, plan and month); a ``chase`` is a reminder a subgroup lead sends from their page (one per person,
    plan and day, with who sent it).
    """

    class Kind(models.TextChoices):
        OFFICER = "officer", "Reminder to an action lead"
        SUMMARY = "summary", "Summary to a subgroup lead"
        CHASE = "chase", "Reminder sent by a subgroup lead"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="update_reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="update_reminders"
    )
    month = models.DateField(help_text="The first day of the month whose updates the e-mail is about.")
    references = models.TextField(blank=True, help_text="The actions the e-mail listed, by reference.")
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_on = models.DateField(null=True, blank=True, help_text="The day a subgroup lead sent a chase.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who sent a chase (the monthly e-mails are the service's).",
    )

    class Meta:
        ordering = ["-month", "kind", "recipient_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "plan", "month"], condition=~Q(kind="chase"),
                name="one_update_reminder_per_kind_person_month",
            ),
            models.UniqueConstraint(
                fields=["recipient", "plan", "sent_on"], condition=Q(kind="chase"), name="one_chase_per_person_day",
            ),
            models.CheckConstraint(
                condition=~Q(kind="chase") | Q(sent_on__isnull=False), name="a_chase_has_its_day",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="update_reminder_month_is_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient}, {self.month:%B %Y}"


from .evidence_models import EvidenceItem  # noqa: E402, F401 (the app's models are found in this module)
