"""The reports layer's domain error: a refused write, in words the page shows."""
from django.core.exceptions import ValidationError


class ReportsError(ValidationError):
    """Raised by a reports service; ``message_dict`` maps a form field (or ``__all__``) to its problems."""
