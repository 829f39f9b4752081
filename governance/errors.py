"""Governance's domain error, which the pages turn into messages beside the fields they are about."""
from django.core.exceptions import ValidationError


class GovernanceError(ValidationError):
    """Bad board or meeting data: a message per field (named as the service's argument) for the form to show."""
