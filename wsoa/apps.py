"""The project app: users, roles, sign-in and the service's shell pages."""

from django.apps import AppConfig


class WsoaConfig(AppConfig):
    name = "wsoa"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from django.core import checks
        from simple_history.signals import pre_create_historical_record

        from .history import reason_in_words
        from .sso import sign_in_configuration_check

        checks.register(sign_in_configuration_check)

        pre_create_historical_record.connect(reason_in_words, dispatch_uid="wsoa.history.reason_in_words")
