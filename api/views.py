"""Your API tokens: a signed-in person makes, sees and revokes their own (a session page, with CSRF)."""
from datetime import timedelta

from django.contrib import messages
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wsoa.roles import role_required

from .forms import TokenForm
from .models import ApiToken
from .services import TokenRefused, api_token_create, api_token_revoke

USE_DAYS = 30  # the rate of use the page shows: requests over this many days


def tokens_of(user) -> list[ApiToken]:
    """The person's tokens, newest first, each with ``recent_requests`` over the last USE_DAYS days. One query."""
    since = timezone.localdate() - timedelta(days=USE_DAYS - 1)
    return list(
        ApiToken.objects.filter(user=user).select_related("revoked_by")
        .annotate(recent_requests=Sum("uses__requests", filter=Q(uses__day__gte=since), default=0))
    )


# The new token's text between the POST that makes it and the page that shows it, once: popped as it is shown, so
# a refresh neither shows it again nor makes a second token.
NEW_TOKEN = "api_token_just_made"  # noqa: S105 (a session key, not a secret)


@role_required()  # a person with no role in any area would read nothing with a token
@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, text = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except TokenRefused as refused:
            form.add_error("name", str(refused))
        else:
            request.session[NEW_TOKEN] = {"pk": token.pk, "text": text}
            return redirect("api_tokens:list")
    tokens = tokens_of(request.user)
    just_made = request.session.pop(NEW_TOKEN, None) if request.method == "GET" else None
    made = None
    if just_made:
        made = {"token": next((token for token in tokens if token.pk == just_made["pk"]), None),
                "text": just_made["text"]}
    # never_cache: the new token is on this answer only, and no cache may keep a copy of it.
    return render(request, "api/tokens.html", {"form": form, "made": made, "tokens": tokens, "use_days": USE_DAYS})


@role_required()
@require_POST
def token_revoke(request, pk: int):
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404
    api_token_revoke(token=token, by=request.user)
    messages.success(request, f"The token {token.name} is revoked: it no longer opens the data feed.")
    return redirect("api_tokens:list")
