"""Notify's storage and mail adapters."""
