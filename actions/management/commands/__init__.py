"""Commands that import a plan from a spreadsheet and export one to it."""
