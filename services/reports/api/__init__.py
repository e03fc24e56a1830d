"""Reports' JSON API."""

from services.reports.api import tickets


def init_api(openapi) -> None:
    openapi.register_blueprint(tickets.bp)
