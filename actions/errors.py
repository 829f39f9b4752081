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


class MeasureChanged(Exception):
    """The impact measure changed since the person opened it: their save is refused. ``current`` is the measure
    as it is saved now, for the page to show beside what the person typed."""

    message = "Someone else changed this measure while you were editing it"

    def __init__(self, *, current):
        super().__init__(self.message)
        self.current = current


class ReadingsChanged(Exception):
    """Readings changed since the person opened the table, and their save would have replaced them: nothing
    is saved. ``current`` maps each such period to its reading as saved now (None: removed)."""

    def __init__(self, *, current: dict):
        super().__init__("Someone else changed readings in this table while you were editing it")
        self.current = current
