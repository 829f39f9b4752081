"""Commands that load the demo data and draw a committee report's PDF."""
