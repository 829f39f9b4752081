"""Every write of the data feed: a person makes and revokes their own tokens; each use is counted."""
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import ApiToken, ApiTokenUse
from .tokens import token_new

# A person with more live tokens than this has lost track of them: revoke one first.
MAX_LIVE_TOKENS = 10


class TokenRefused(ValueError):
    """A token the service will not make or revoke, with the reason in words for the form."""


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``, and its text: the only time the text exists outside its owner's hands."""
    name = " ".join(name.split())
    if not name:
        raise TokenRefused("Enter a name for the token, for example Power BI SEND dashboard")
    with transaction.atomic():
        live = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
        if len(live) >= MAX_LIVE_TOKENS:
            raise TokenRefused(f"You already have {MAX_LIVE_TOKENS} tokens: revoke one you no longer use first")
        new = token_new()
        token = ApiToken(user=user, name=name, prefix=new.prefix, hashed=new.hashed)
        token._history_user = user
        token._change_reason = "Token created"
        token.save()
    return token, new.text


def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Stop the token working from now on. Revoking a revoked token changes nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_by = by
            token._history_user = by
            token._change_reason = "Token revoked"
            token.save()
    return token


def api_token_used(*, token: ApiToken, at: datetime) -> None:
    """Count one request: the day's row and the time of last use, without a history record each time."""
    day = timezone.localdate(at)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
    if ApiTokenUse.objects.filter(token=token, day=day).update(requests=F("requests") + 1):
        return
    try:
        with transaction.atomic():
            ApiTokenUse.objects.create(token=token, day=day, requests=1)
    except IntegrityError:  # another request made the day's row first
        ApiTokenUse.objects.filter(token=token, day=day).update(requests=F("requests") + 1)
