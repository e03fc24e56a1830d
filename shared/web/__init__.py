"""The web frame every service shares: layout, languages, CSRF, headers, errors, OpenAPI."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, request
from flask_smorest import Api
from werkzeug.middleware.proxy_fix import ProxyFix

from shared.auth import current_user, init_auth
from shared.config import Settings
from shared.web.errors import init_errors
from shared.web.i18n import LOCALES, current_locale, init_i18n, localized
from shared.web.security import init_security

NAV = (
    # (service, path, zh_CN label, en label)
    ("forms", "/forms/", "表单", "Forms"),
    ("workflow", "/workflow/tickets", "工单", "Tickets"),
    ("notify", "/notify/inbox", "消息", "Inbox"),
    ("reports", "/reports/", "报表", "Reports"),
    ("directory", "/directory/", "组织与人员", "Directory"),
)


class ServiceApi(Api):
    """flask-smorest's Api, leaving error responses to :mod:`shared.web.errors`."""

    def _register_error_handlers(self):
        return None


#: The signed session cookie every service reads (one sign-in for all of them).
SESSION_COOKIE = "qinqing_session"


def create_service_app(
    name: str, settings: Settings, import_name: str, runtime=None
) -> tuple[Flask, Api]:
    """Create a service's Flask app with the shared frame and its OpenAPI document.

    :param name: the service name; its pages and API live under ``/<name>/``.
    :param settings: the process settings.
    :param import_name: the service package, for its own templates and static files.
    :param runtime: the service's :class:`~shared.runtime.ServiceRuntime`; views find it in
        ``app.extensions["qinqing"]``, and ``/<name>/healthz`` checks its database.
    :returns: the app and its flask-smorest ``Api`` (served at ``/<name>/api/openapi.json``).
    """
    app = Flask(import_name, static_url_path=f"/{name}/static")
    if settings.behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_content_length,
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        TESTING=settings.testing,
        API_TITLE=f"Qinqing {name}",
        API_VERSION="1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=f"/{name}/api",
        OPENAPI_JSON_PATH="openapi.json",
        QQ_SERVICE=name,
    )
    app.config["API_SPEC_OPTIONS"] = {
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE},
                "bearer": {"type": "http", "scheme": "bearer"},
            }
        },
        "security": [{"session": []}, {"bearer": []}],
    }
    app.register_blueprint(
        Blueprint(
            "qq",
            __name__,
            template_folder="templates",
            static_folder="static",
            static_url_path=f"/{name}/static/qq",
        )
    )
    init_i18n(app, settings.default_locale)
    init_auth(app)
    init_body_limits(app)
    init_security(app)
    init_errors(app)
    app.jinja_env.globals.update(
        nav=NAV,
        localized=localized,
        current_locale=current_locale,
        locales=LOCALES,
        current_user=current_user,
        service_name=name,
    )
    app.jinja_env.filters["localized"] = localized
    api = ServiceApi(app)
    if runtime is not None:
        app.extensions["qinqing"] = runtime
        add_health(app, name, runtime.check_health)
    return app, api


#: ``app.config`` key: request body limits of single endpoints, ``{endpoint: bytes}``.
BODY_LIMITS = "QQ_BODY_LIMITS"


def init_body_limits(app: Flask) -> None:
    """Let an endpoint take larger bodies than ``MAX_CONTENT_LENGTH`` (an upload route):
    ``app.config[BODY_LIMITS][endpoint] = bytes``. The limit is set before anything reads
    the body (the CSRF check reads the form)."""
    app.config[BODY_LIMITS] = {}

    @app.before_request
    def apply_body_limit():
        limit = app.config[BODY_LIMITS].get(request.endpoint)
        if limit is not None:
            request.max_content_length = limit


def add_health(app: Flask, name: str, check) -> None:
    """Serve ``/<name>/healthz``: 200 with ``{"status": "ok"}`` when ``check()`` passes."""

    @app.get(f"/{name}/healthz", endpoint="healthz")
    def healthz():
        try:
            check()
        except Exception as error:  # a health check reports any failure
            return jsonify({"service": name, "status": "error", "detail": str(error)}), 503
        return jsonify({"service": name, "status": "ok"})
