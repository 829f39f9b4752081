"""Top-level URLs: sign-in, the service's sections, health, and the administrators' site."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import sso, views, views_outbox, views_people
from .forms import NewPasswordForm
from .sso import password_sign_in_required

urlpatterns = [
    # The home page reads every app, so it lives in the top layer (reports), named without a namespace.
    path("", include("reports.home_urls")),
    path("health/", views.health, name="health"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-in/sso/", sso.sso_start, name="sso_start"),
    path("sign-in/sso/callback/", sso.sso_callback, name="sso_callback"),
    path("sign-in/sso/refused/", sso.sso_refused, name="sso_refused"),
    path("password-reset/", password_sign_in_required(views.ResetPasswordView.as_view()), name="password_reset"),
    path(
        "password-reset/sent/", password_sign_in_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        password_sign_in_required(auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm)),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/", password_sign_in_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("emails/not-sent/", views_outbox.emails_not_sent, name="emails_not_sent"),
    path("emails/<int:pk>/send-again/", views_outbox.email_send_again_view, name="email_send_again"),
    path("people/", views_people.people, name="people"),
    path("people/invite/", views_people.invite, name="person_invite"),
    path("people/<int:pk>/", views_people.person, name="person"),
    path("people/<int:pk>/roles/add/", views_people.role_add, name="person_role_add"),
    path("people/<int:pk>/active/", views_people.person_active, name="person_active"),
    path("people/roles/<int:pk>/", views_people.membership_edit, name="membership_edit"),
    path("people/roles/<int:pk>/remove/", views_people.membership_remove_view, name="membership_remove"),
    path("invitation/<uidb64>/<token>/", views_people.InvitationAcceptView.as_view(), name="invitation_accept"),
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
