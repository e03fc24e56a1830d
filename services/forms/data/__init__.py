"""Reference data files shipped with the forms service."""
