"""The service's shell pages: health, errors, accessibility, and the sign-in views in the service's look."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import ResetPasswordForm, SignInForm
from .health import broker_status, database_status


@login_not_required
@never_cache
@require_GET
def health(request):
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(value in {"ok", "in-process"} for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


class ResetPasswordView(auth_views.PasswordResetView):
    form_class = ResetPasswordForm
    success_url = reverse_lazy("password_reset_done")


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "wsoa/accessibility.html")


def error_500(request):
    # No request context: the failure may be the database the context processors read.
    context = {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "service_phase": settings.PHASE,
    }
    return HttpResponseServerError(loader.get_template("500.html").render(context))
