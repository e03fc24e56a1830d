"""Notify's plain classes and rules."""
