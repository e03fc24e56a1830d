"""Plain rules of forms: the definition format, its JSON Schema and submission checks."""
