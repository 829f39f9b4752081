"""Template tags every app's pages share: Django forms drawn as GOV.UK components."""
