"""The project package's management commands."""
