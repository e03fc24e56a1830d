"""Pure rules of the directory service: no database, no Flask."""
