"""The data feed (read-only JSON and CSV for a council's own dashboards) and the pages that make its tokens."""
