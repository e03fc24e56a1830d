"""Workflow's entry points beside the web app and the event consumer: the deadline sweep."""
