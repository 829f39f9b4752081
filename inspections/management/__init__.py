"""The inspections' management commands."""
