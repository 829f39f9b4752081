"""Boards, their meetings, the spotlight rotation and the subgroup reports owed to each meeting."""
from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"
