"""The tests, mirroring the apps: one folder each, and browser and integration journeys."""
