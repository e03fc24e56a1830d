"""The forms web app: definitions, versions, intake pages and submissions."""

from flask import Flask

from services.forms import api, web
from services.forms.bootstrap import NAME, bootstrap
from shared.config import Settings
from shared.web import create_service_app


def create_app(settings: Settings | None = None, runtime=None, **overrides) -> Flask:
    """Create the forms app; ``runtime`` lets the embedded run share one."""
    settings = (settings or Settings.from_env()).with_overrides(**overrides)
    app, openapi = create_service_app(NAME, settings, __name__, runtime or bootstrap(settings))
    web.init_app(app)
    api.init_api(app, openapi)
    return app
