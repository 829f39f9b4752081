"""Boards overseeing a plan, their members and meetings, what each meeting records, and the reports owed to it."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .cadence import MAX_INTERVAL_WEEKS, MAX_REPORT_DUE_WORKING_DAYS

MINUTES_LINK_SCHEMES = ["http", "https"]


class Board(models.Model):
    """A board that oversees one plan and meets on a cadence, taking a spotlight from one subgroup each meeting."""

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", "SEND Improvement Board"
        PARTNERSHIP = "partnership", "SEND Partnership Board"
        EXECUTIVE = "executive", "SEND Executive Board"
        OTHER = "other", "Other board"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        WEEKS = "weeks", "Every few weeks"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"

    class WeekOfMonth(models.TextChoices):
        FIRST = "first", "First"
        SECOND = "second", "Second"
        THIRD = "third", "Third"
        FOURTH = "fourth", "Fourth"
        LAST = "last", "Last"

    area = models.ForeignKey("inspections.LocalArea", on_delete=models.CASCADE, related_name="boards")
    plan = models.ForeignKey(
        "actions.Plan", on_delete=models.CASCADE, related_name="boards", verbose_name="plan it oversees"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.IMPROVEMENT)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="boards_chaired"
    )
    chair_name = models.CharField(
        "chair (as written)", max_length=200, blank=True, help_text="The chair's name when they have no account."
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    interval_weeks = models.PositiveSmallIntegerField(
        "weeks between meetings", null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INTERVAL_WEEKS)],
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.TUESDAY)
    week_of_month = models.CharField(
        "week of the month", max_length=10, choices=WeekOfMonth.choices, blank=True, default=WeekOfMonth.SECOND
    )
    usual_time = models.TimeField("usual start time", default="10:00")
    starts_on = models.DateField("first meeting on or after", help_text="The cadence counts from this day.")
    report_due_working_days = models.PositiveSmallIntegerField(
        "reports due, working days before the meeting", default=5,
        validators=[MaxValueValidator(MAX_REPORT_DUE_WORKING_DAYS)],
    )
    reminders_on = models.BooleanField("e-mail subgroup leads the reports they owe", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="board_name_unique_per_plan"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=4), name="board_meets_on_a_weekday"),
            models.CheckConstraint(
                condition=Q(report_due_working_days__lte=MAX_REPORT_DUE_WORKING_DAYS),
                name="board_report_due_days_in_range",
            ),
            models.CheckConstraint(
                condition=(Q(frequency="monthly") & ~Q(week_of_month="") & Q(interval_weeks__isnull=True))
                | (Q(frequency="weeks") & Q(interval_weeks__gte=1, interval_weeks__lte=MAX_INTERVAL_WEEKS)),
                name="board_cadence_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(week_of_month__in=["", "first", "second", "third", "fourth", "last"]),
                name="board_week_of_month_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def chair_display(self) -> str:
        return str(self.chair) if self.chair_id else self.chair_name


class BoardMember(models.Model):
    """Someone who sits on the board: a person with an account, or a name as the terms of reference give it."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="board_seats"
    )
    name = models.CharField("name (as written)", max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    role_on_board = models.CharField(
        "role on the board", max_length=200, blank=True, help_text="For example, Director of Children's Services"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user"], condition=Q(user__isnull=False), name="one_seat_per_person_per_board"
            ),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(name=""), name="board_member_is_named"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.user) if self.user_id else self.name


class Meeting(models.Model):
    """One meeting of a board: the day the cadence gives, the day it is held (a working day), what it recorded."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    scheduled_on = models.DateField("date the cadence gives")
    held_on = models.DateField("date")
    moved_reason = models.CharField(max_length=300, blank=True)
    time = models.TimeField("start time")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    spotlight = models.ForeignKey(
        "actions.Subgroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="spotlight_meetings",
        verbose_name="spotlight subgroup",
    )
    # A person's changes win over the cadence and the rotation: the schedule leaves these alone from then on.
    date_set_by_hand = models.BooleanField(default=False)
    spotlight_set_by_hand = models.BooleanField(default=False)
    minutes_link = models.URLField(max_length=500, blank=True, validators=[URLValidator(schemes=MINUTES_LINK_SCHEMES)])
    minutes_text = models.TextField("minutes", blank=True)
    reports_due_on = models.DateField("subgroup reports due")
    # The meeting pack, issued when the reports are frozen for the meeting.
    pack_issued_at = models.DateTimeField(null=True, blank=True)
    pack_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "scheduled_on"], name="one_meeting_per_board_and_cadence_day"),
            models.CheckConstraint(condition=Q(reports_due_on__lte=F("held_on")), name="meeting_reports_due_by_it"),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "held", "cancelled"]), name="meeting_status_is_known"
            ),
            models.CheckConstraint(
                condition=Q(minutes_link="") | Q(minutes_link__startswith="http://")
                | Q(minutes_link__startswith="https://"),
                name="meeting_minutes_link_is_a_web_address",
            ),
        ]
        indexes = [models.Index(fields=["board", "held_on"], name="meeting_board_day_idx")]

    def __str__(self) -> str:
        return f"{self.board} meeting, {self.held_on:%d/%m/%Y}"

    @property
    def moved(self) -> bool:
        return self.held_on != self.scheduled_on


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    presenter_name = models.CharField("presented by", max_length=200, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.TextField("decision")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionArising(models.Model):
    """Something the meeting asked someone to do; it may become an action of the plan."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions_arising")
    text = models.TextField("action")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_arising"
    )
    owner_name = models.CharField("owner (as written)", max_length=200, blank=True)
    due_on = models.DateField("due", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    plan_action = models.ForeignKey(
        "actions.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="arising_from",
        verbose_name="plan action",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "actions arising"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["open", "done"]), name="action_arising_status_is_known"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner_display(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name


class SubgroupReport(models.Model):
    """What one subgroup owes one meeting: the spotlight report, or a short report from the other subgroups."""

    class Kind(models.TextChoices):
        SPOTLIGHT = "spotlight", "Spotlight report"
        SHORT = "short", "Short report"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    subgroup = models.ForeignKey("actions.Subgroup", on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The narrative, section by section (report_sections.SECTIONS declares each kind's): key → plain text.
    sections = models.JSONField("narrative", default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The figures the report was prefilled with, kept as they were when it was written.
    data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Goes up by one on every save, so that of two people writing the report the second is told (as actions).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "kind", "subgroup__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "subgroup"], name="one_report_per_subgroup_and_meeting"),
            models.CheckConstraint(condition=Q(kind__in=["spotlight", "short"]), name="subgroup_report_kind_is_known"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="submitted_report_has_a_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subgroup} for {self.meeting}"

    @property
    def written(self) -> bool:
        """Someone has put work into it: the schedule never deletes it with its meeting."""
        return self.status == self.Status.SUBMITTED or any(str(text).strip() for text in self.sections.values())


class ReportDueReminder(models.Model):
    """Proof that a subgroup lead was told what they owe a meeting: claimed before sending, so it goes once."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="report_reminders")
    subgroup = models.ForeignKey("actions.Subgroup", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "subgroup", "recipient"], name="one_report_reminder_per_meeting_subgroup_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subgroup} for {self.meeting}"
