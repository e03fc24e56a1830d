"""Notify: the in-app inbox and e-mail, fed by other services' events."""
