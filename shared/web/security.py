"""CSRF protection and security headers."""

from __future__ import annotations

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from shared.auth import is_token_request

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def init_security(app: Flask) -> None:
    """Check CSRF on every state-changing request made with the session cookie.

    Requests with a bearer API token carry no cookie and need no CSRF token. Browser
    scripts send the token in the ``X-CSRFToken`` header; forms in ``csrf_token``.
    """
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.config["WTF_CSRF_TIME_LIMIT"] = None
    csrf.init_app(app)

    @app.before_request
    def check_csrf():
        if request.method in ("GET", "HEAD", "OPTIONS") or is_token_request():
            return
        if not app.config.get("WTF_CSRF_ENABLED", True):
            return
        csrf.protect()

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
