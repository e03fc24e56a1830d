"""One place that turns errors into responses: JSON problems for APIs, pages for people."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from shared.errors import DomainError
from shared.web.i18n import current_locale, translate_messages


def wants_json() -> bool:
    """API paths and JSON-asking clients get JSON; browsers get pages."""
    if "/api/" in request.path or request.path.endswith("/healthz"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not request.accept_mimetypes["text/html"]


def titles() -> dict[int, str]:
    return {
        400: _("The request is not valid."),
        401: _("Please sign in first."),
        403: _("You do not have access to this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with the current state."),
        413: _("The request is too large."),
        422: _("Some answers are not valid."),
        429: _("Too many requests; please wait a moment."),
        500: _("Something went wrong on our side."),
    }


def problem(status: int, detail: str | None = None, errors=None, headers=None):
    """A response for ``status`` in the user's language, as JSON or as a page."""
    title = titles().get(status, _("The request is not valid."))
    if wants_json():
        body = {"status": status, "title": title}
        if detail:
            body["detail"] = detail
        if errors is not None:
            body["errors"] = errors
        response = make_response(jsonify(body), status)
        response.content_type = "application/problem+json"
    else:
        page = render_template(
            "qq/error.html",
            status=status,
            title=title,
            detail=detail,
            errors=errors,
            notes=error_notes(status),
        )
        response = make_response(page, status)
    response.headers.update(headers or {})
    return response


#: Where an app keeps the notes its error pages add (see :func:`add_error_note`).
ERROR_NOTES = "qq_error_notes"


def add_error_note(app: Flask, note: Callable[[int], str | None]) -> None:
    """Let a service add a sentence of its own to ``app``'s error pages (not to JSON
    problems), e.g. that a draft of what the person typed was saved.

    :param note: called with the status while an error page is rendered, in the request
        that failed; returns the sentence in the user's language, or None to add nothing.
        If it raises, the error is logged and the page is shown without the sentence.
    """
    app.extensions.setdefault(ERROR_NOTES, []).append(note)


def error_notes(status: int) -> list[str]:
    """The sentences the current app's notes add to an error page of ``status``."""
    notes = []
    for note in current_app.extensions.get(ERROR_NOTES, ()):
        try:
            text = note(status)
        except Exception:  # an error page must be shown whatever a note does
            current_app.logger.exception("a note of the error page failed")
            continue
        if text:
            notes.append(text)
    return notes


def init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        detail = _("The form has expired or its security token is invalid; reload and try again.")
        return problem(400, detail, {"csrf_token": [_("Missing or invalid security token.")]})

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        if errors and "json" in errors and len(errors) == 1:
            errors = errors["json"]
        detail = data.get("message")
        if error.code == 413:
            limit = request.max_content_length or 0
            detail = _("The body is larger than %(limit)s bytes.", limit=limit)
            errors = {"body": [_("Larger than %(limit)s bytes.", limit=limit)]}
        return problem(error.code or 500, detail, translate_messages(errors), data.get("headers"))

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        locale = current_locale()
        return problem(error.status, error.message(locale), error.field_errors(locale))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error")
        return http_error(InternalServerError())
