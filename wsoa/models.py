"""People who use the service: signed in by e-mail address."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from simple_history.models import HistoricalRecords

from .roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    email = models.EmailField("e-mail address", unique=True)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    # When the latest invitation was sent: its link carries this, so a new invitation ends the one before.
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Who changed a person's details, activity and name, and why; the password and each sign-in are not kept.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.name_of(first_name=self.first_name, last_name=self.last_name, email=self.email)

    @staticmethod
    def name_of(*, first_name: str, last_name: str, email: str) -> str:
        """A person's name as pages show it (their address if they have no name), from plain values too."""
        return f"{first_name} {last_name}".strip() or email


class Membership(models.Model):
    """A person's role in one local area: they see that area's data and do there what the role allows."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    # By name, not import: the project package sits below the apps and imports none of them.
    area = models.ForeignKey("inspections.LocalArea", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area_id", "role", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "area", "role"], name="one_membership_per_person_area_role"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_is_a_role"),
        ]
        indexes = [models.Index(fields=["area", "role"], name="membership_area_role_idx")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} in {self.area}"


class OutgoingEmail(models.Model):
    """An e-mail the service decided to send: written in the transaction that decides it, sent by a task after
    that commits, and marked sent only once the mail server has accepted it (docs/decisions/0018-outbox.md)."""

    class Reason(models.TextChoices):
        MILESTONE_REMINDER = "milestone_reminder", "Deadline reminder"
        UPDATE_REMINDER = "update_reminder", "Monthly update reminder"
        REPORT_DUE = "report_due", "Subgroup report due"
        PASSWORD_RESET = "password_reset", "Password reset"
        INVITATION = "invitation", "Invitation"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent"

    # The decision it comes from ("milestone-reminder:41"): the same decision twice is still one e-mail.
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    reason = models.CharField(max_length=30, choices=Reason.choices)
    area = models.ForeignKey(
        "inspections.LocalArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="outgoing_emails"
    )
    to = models.JSONField("recipients")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    next_try_at = models.DateTimeField("try again from", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "sent", "failed"]), name="outgoing_email_status_is_known"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "area"], name="outgoing_email_status_idx"),
            models.Index(fields=["status", "next_try_at"], name="outgoing_email_next_try_idx"),
        ]

    def __str__(self) -> str:
        return self.subject


class Upload(models.Model):
    """A file someone uploaded, waiting to be read by a background task, and what reading it gave.

    Working state, not a record: an upload lives minutes, is removed once used, and one abandoned is removed by
    the periodic clean-up after a day (docs/decisions/0030-uploads-read-in-the-background.md). So it keeps no
    history; what is saved from it is recorded where it is saved.
    """

    class Kind(models.TextChoices):
        LETTER = "letter", "Inspection letter"
        PLAN_SHEET = "plan_sheet", "Action plan spreadsheet"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be read"
        READING = "reading", "Being read"
        READ = "read", "Read"
        REFUSED = "refused", "Could not be read"

    by = models.ForeignKey("wsoa.User", on_delete=models.CASCADE, related_name="uploads")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    plan = models.ForeignKey("actions.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    # The file's name under MEDIA_ROOT/uploads/: a random token made here, never anything the browser sent.
    stored_as = models.CharField(max_length=60, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    stage = models.CharField("what it is doing", max_length=200, blank=True)
    message = models.TextField("why it could not be read", blank=True)
    result = models.JSONField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["waiting", "reading", "read", "refused"]), name="upload_status_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["letter", "plan_sheet"]), name="upload_kind_is_known"
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="upload_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.get_status_display()})"
