"""The project app: users, roles, sign-in and the service's shell pages."""

from django.apps import AppConfig


class WsoaConfig(AppConfig):
    name = "wsoa"
    verbose_name = "Users and roles"
