"""Journeys in a real browser (Chromium), and every page of the service checked for accessibility."""
