"""Notify's JSON API."""

from services.notify.api import inbox


def init_api(openapi) -> None:
    openapi.register_blueprint(inbox.bp)
