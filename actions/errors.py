"""The action plan's domain errors, which the pages turn into messages beside the fields they are about."""
from django.core.exceptions import ValidationError

from .models import Action, ProgressUpdate


class ActionPlanError(ValidationError):
    """Bad action-plan data: a message per field (named as the service's argument) for the form to show."""


class StaleEdit(Exception):
    """The action changed since the person opened it: their save is refused, and this says what changed."""

    message = "Someone else changed this action while you were editing it"

    def __init__(self, *, current: Action, changes: list):
        super().__init__(self.message)
        self.current = current
        self.changes = changes


class UpdateConflict(Exception):
    """The month already has an update the person did not start from: nothing is replaced. ``current`` is the
    update as saved, for the page to show beside what the person typed."""

    def __init__(self, message: str, *, current: ProgressUpdate):
        super().__init__(message)
        self.message = message
        self.current = current
