"""API tokens: each person's own, named, shown once and stored hashed, with when and how much each is used."""
from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ApiToken(models.Model):
    """A person's token for the data feed: it reads exactly what its owner's pages show, today's roles included.

    Revoking keeps the row (and its history says who revoked it and when); a revoked token never opens again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, for example Power BI SEND dashboard")
    prefix = models.CharField(max_length=16, unique=True)
    hashed = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Each use would otherwise add a history record: when it was last used is kept on the row alone.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_user_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiTokenUse(models.Model):
    """How many requests a token made on one day (Europe/London): the rate of use its owner and the
    administrators see, one row a token a day however busy it is."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    day = models.DateField()
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["token", "day"], name="one_use_row_per_token_and_day"),
        ]

    def __str__(self) -> str:
        return f"{self.token}: {self.requests} on {self.day}"
