"""The service's shell pages: health, errors, accessibility, and the sign-in views in the service's look."""

import functools

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseNotAllowed, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import URLResolver, get_resolver, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .client_address import client_ip
from .forms import ResetPasswordForm, SignInForm
from .health import broker_status, database_status
from .refusals import reason_of
from .roles import Role
from .sso import password_sign_in_enabled, sso_enabled
from .throttle import within_limit

TOO_MANY_RESETS = "Too many requests to reset a password. Wait an hour, then try again."


@login_not_required
@never_cache
@require_GET
def health(request):
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(value in {"ok", "in-process"} for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


class SignInView(auth_views.LoginView):
    """E-mail and password, single sign-on, or both (wsoa.sso): the page offers what is switched on."""

    form_class = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not password_sign_in_enabled():
            return HttpResponseNotAllowed(["GET"])
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": sso_enabled(),
            "password_sign_in": password_sign_in_enabled(),
            "sso_provider_name": settings.SSO_PROVIDER_NAME,
        }


class ResetPasswordView(auth_views.PasswordResetView):
    """Sends the link, at most a few times an hour for one e-mail address and for one client address.

    Every request counts, for known and unknown addresses alike, so the refusal tells nothing about accounts.
    """

    form_class = ResetPasswordForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        per_account = within_limit(
            "password-reset-account", form.cleaned_data["email"], limit=settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT
        )
        per_address = within_limit(
            "password-reset-address", client_ip(self.request) or "", limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        )
        if per_account and per_address:
            return super().form_valid(form)
        form.add_error(None, TOO_MANY_RESETS)
        response = self.form_invalid(form)
        response.status_code = 429
        return response


def error_403(request, exception=None):
    return render(request, "403.html", {"reason": reason_of(exception)}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
@require_GET
def accessibility(request):
    # Read from where they are decided, so that the statement stays true when they change.
    return render(request, "wsoa/accessibility.html", {
        "roles": Role.values, "session_minutes": settings.SESSION_COOKIE_AGE // 60,
        "addresses": _addresses(),
    })


@functools.cache
def _addresses() -> int:
    """Counted once a process: the URL patterns do not change while it runs."""
    return _address_count(get_resolver().url_patterns)


def _address_count(patterns) -> int:
    """How many named URL patterns the service has outside the administrators' site: the every-page walk
    (tests/browser/test_every_page_accessible.py) fails unless it opens, or accounts for, each of them."""
    count = 0
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            count += 0 if pattern.namespace == "admin" else _address_count(pattern.url_patterns)
        elif pattern.name:
            count += 1
    return count


def error_500(request):
    # No request context: the failure may be the database the context processors read.
    context = {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "service_phase": settings.PHASE,
    }
    return HttpResponseServerError(loader.get_template("500.html").render(context))
