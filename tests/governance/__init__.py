"""Tests of boards, meetings and subgroup reports."""
