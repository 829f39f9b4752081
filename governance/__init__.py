"""Governance: boards, their members and meetings, the spotlight rotation, and the papers subgroups owe each meeting."""
