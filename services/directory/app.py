"""Directory's web app: sign-in for every service, org tree, people, enterprises, tokens."""

from flask import Flask

from services.directory import api, web
from services.directory.bootstrap import NAME, bootstrap
from shared.config import Settings
from shared.web import create_service_app


def create_app(settings: Settings | None = None, runtime=None, **overrides) -> Flask:
    """Create directory's app; ``runtime`` lets the embedded run share one."""
    settings = (settings or Settings.from_env()).with_overrides(**overrides)
    app, openapi = create_service_app(NAME, settings, __name__, runtime or bootstrap(settings))
    web.init_app(app)
    api.init_api(openapi)
    return app
