"""Local areas, inspections, findings, weaknesses, the working-day calendar, deadline rules, milestones."""
from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
