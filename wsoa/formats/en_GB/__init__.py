"""British English formats: dates as "17 November 2021"."""
