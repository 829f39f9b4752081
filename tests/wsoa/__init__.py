"""Tests of the project package, and of the service as a whole: sign-in, areas kept apart, hostile input."""
