"""The reports' management commands."""
