"""Benchmarks and their data generators (./scripts/run-benchmarks runs each file not starting with "_")."""
