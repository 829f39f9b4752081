"""The project app: users, roles, sign-in and the service's shell pages."""

from django.apps import AppConfig


class WsoaConfig(AppConfig):
    name = "wsoa"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import roles_sync

        # Permissions of every app exist only once the last app's post_migrate has run, so sync then.
        post_migrate.connect(roles_sync, dispatch_uid="wsoa.roles_sync")
