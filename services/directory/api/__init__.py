"""Directory's JSON API."""

from services.directory.api import enterprises, tokens


def init_api(openapi) -> None:
    openapi.register_blueprint(tokens.bp)
    openapi.register_blueprint(enterprises.bp)
