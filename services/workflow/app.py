"""Workflow's web app: service accounts, tickets, the pairing roster and routing rules."""

from flask import Flask

from services.workflow import api, web
from services.workflow.bootstrap import NAME, bootstrap
from shared.config import Settings
from shared.web import create_service_app


def create_app(settings: Settings | None = None, runtime=None, **overrides) -> Flask:
    """Create workflow's app; ``runtime`` lets the embedded run share one."""
    settings = (settings or Settings.from_env()).with_overrides(**overrides)
    app, openapi = create_service_app(NAME, settings, __name__, runtime or bootstrap(settings))
    web.init_app(app)
    api.init_api(openapi)
    return app
