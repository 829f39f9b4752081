"""The action plan's management commands."""
