"""Commands that back the database up and restore it."""
