"""Notify's entry points beside the web app: dramatiq actors and the delivery sweep."""
