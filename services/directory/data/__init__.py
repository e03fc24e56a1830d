"""Reference data files shipped with the directory service."""
