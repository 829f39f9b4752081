"""Dashboards' read models, committee reports and their PDFs (reads every layer below it)."""
