"""The project app: users, roles, sign-in and the service's shell pages."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class WsoaConfig(AppConfig):
    name = "wsoa"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks
        from simple_history.signals import pre_create_historical_record

        from .history import reason_in_words
        from .sso import sign_in_configuration_check

        checks.register(sign_in_configuration_check)

        pre_create_historical_record.connect(reason_in_words, dispatch_uid="wsoa.history.reason_in_words")
        # A sign-in is not a change to the person: record it without a history row (see record_sign_in).
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_sign_in, dispatch_uid="wsoa.record_sign_in")


def record_sign_in(sender, user, **kwargs) -> None:
    from django.utils import timezone

    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)


class SuperuserAdminConfig(admin_apps.AdminConfig):
    """Django's administration site, for superusers only (``wsoa.admin_site``)."""

    default = False  # named in INSTALLED_APPS; the project's own app is WsoaConfig

    default_site = "wsoa.admin_site.SuperuserAdminSite"
