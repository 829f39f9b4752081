"""Tests with a real Celery worker: uploads read and reports drawn in the background."""
