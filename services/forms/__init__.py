"""The forms service: form definitions, published versions and submissions."""
