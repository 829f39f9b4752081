"""Dashboards' read models, committee report definitions and PDF rendering."""
from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
