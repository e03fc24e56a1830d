"""Test support: a pytest plugin with real-server fixtures and factories."""
