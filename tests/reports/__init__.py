"""Tests of dashboards and committee reports."""
