"""Benchmarks that print their results against a baseline measured in the same run."""
