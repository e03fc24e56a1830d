"""Workflow's JSON API."""

from services.workflow.api import calendar, pairings, routing_rules, tickets


def init_api(openapi) -> None:
    openapi.register_blueprint(tickets.bp)
    openapi.register_blueprint(pairings.bp)
    openapi.register_blueprint(routing_rules.bp)
    openapi.register_blueprint(calendar.bp)
