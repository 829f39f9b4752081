"""Tests of the data feed."""
