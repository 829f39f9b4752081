"""The read-only data feed for councils' own dashboards, and the API tokens people open it with."""
from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Data feed (API)"
