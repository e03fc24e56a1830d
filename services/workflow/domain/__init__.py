"""The workflow domain: plain classes and rules, free of the database and the web."""
