"""Sign-in and password-reset forms in the service's words, sending e-mail through Celery."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.template import loader

from .fields import BoundedTextMixin, max_length_of
from .models import OutgoingEmail, User
from .outbox import email_queue


class SignInForm(BoundedTextMixin, AuthenticationForm):
    username = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password. Both are case-sensitive.",
        "inactive": "This account is inactive. Ask an administrator to reactivate it.",
    }


class ResetPasswordForm(BoundedTextMixin, PasswordResetForm):
    email = forms.EmailField(
        label="E-mail address", max_length=max_length_of(User, "email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_queue(to=[to_email], subject=subject, body=body, reason=OutgoingEmail.Reason.PASSWORD_RESET)


class NewPasswordForm(BoundedTextMixin, SetPasswordForm):
    """The new password, from a reset link."""
