"""Tests of inspections, letters, the working-day calendar and deadlines."""
