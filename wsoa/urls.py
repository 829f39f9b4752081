"""Top-level URLs: sign-in, the service's sections, health, and the administrators' site."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views, views_outbox
from .forms import NewPasswordForm

urlpatterns = [
    # The home page reads every app, so it lives in the top layer (reports), named without a namespace.
    path("", include("reports.home_urls")),
    path("health/", views.health, name="health"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.ResetPasswordView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path("password-reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("emails/not-sent/", views_outbox.emails_not_sent, name="emails_not_sent"),
    path("emails/<int:pk>/send-again/", views_outbox.email_send_again_view, name="email_send_again"),
    path("inspections/", include("inspections.urls")),
    path("plan/", include("actions.urls")),
    path("governance/", include("governance.urls")),
    path("", include("reports.urls")),
    path("api/v1/", include("api.urls")),
    path("account/api-tokens/", include("api.token_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "wsoa.views.error_403"
handler404 = "wsoa.views.error_404"
handler500 = "wsoa.views.error_500"
