"""Opening the data feed: ``Authorization: Bearer <token>`` names a live token of an active person, who is then
the request's user, with the roles they hold today."""
from django.utils import timezone
from ninja.security import HttpBearer

from .models import ApiToken
from .services import api_token_used
from .tokens import prefix_of, token_matches


class TokenAuth(HttpBearer):
    """A bearer token; anything else (no header, a revoked token, a person no longer active) is a 401."""

    openapi_description = "An API token made under Your API tokens in the service: `Authorization: Bearer wsoa_…`"

    def authenticate(self, request, token: str):
        prefix = prefix_of(token)
        if prefix is None:
            return None
        found = ApiToken.objects.select_related("user").filter(prefix=prefix, revoked_at__isnull=True).first()
        if found is None or not found.user.is_active or not token_matches(token, found.hashed):
            return None
        api_token_used(token=found, at=timezone.now())
        request.user = found.user
        return found
