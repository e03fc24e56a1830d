"""Directory's pages: sign-in and sign-out for every service, and the admin overview."""

from __future__ import annotations

import json
import urllib.request

from flask import (
    Blueprint,
    Flask,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from services.directory import handlers, views
from services.directory.domain.errors import BadCredentials
from shared.auth import ADMIN_ROLES, roles_required, sign_in
from shared.web.i18n import current_locale

bp = Blueprint("directory", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    runtime = app.extensions["qinqing"]
    checks = app.extensions.setdefault("qinqing_health", {"directory": runtime.check_health})
    for name, url in runtime.settings.service_urls.items():
        checks.setdefault(name, _http_check(url.rstrip("/") + f"/{name}/healthz"))


def _http_check(url: str):
    def check() -> None:
        with urllib.request.urlopen(url, timeout=3) as response:
            if json.load(response).get("status") != "ok":
                raise RuntimeError(f"{url} is not healthy")

    return check


@bp.get("/healthz")
def healthz():
    """Every service's health: 200 when all are healthy, 503 otherwise."""
    report, healthy = {}, True
    for name, check in current_app.extensions["qinqing_health"].items():
        try:
            check()
            report[name] = "ok"
        except Exception as error:  # any failure makes the service unhealthy
            report[name], healthy = f"error: {error}", False
    return jsonify({"status": "ok" if healthy else "error", "services": report}), (
        200 if healthy else 503
    )


def home_of(principal) -> str:
    if principal.is_enterprise:
        return "/forms/"
    if principal.has_role(*ADMIN_ROLES, "department_staff", "liaison", "contact_leader"):
        return "/workflow/tickets"
    return "/notify/inbox"


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.get("/")
def index():
    """The start page: one's home when signed in, else the sign-in page itself."""
    if current_user.is_authenticated:
        return redirect(home_of(current_user))
    return render_template("directory/login.html", errors={}, username="")


@bp.route("/login", methods=["GET", "POST"])
def login():
    errors, username = {}, ""
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        if not username:
            errors["username"] = _("Enter your username.")
        if not password:
            errors["password"] = _("Enter your password.")
        if not errors:
            try:
                principal = current_app.extensions["qinqing"].execute(
                    handlers.authenticate, username, password
                )
            except BadCredentials as error:
                errors["password"] = error.message(current_locale())
            else:
                sign_in(principal)
                return redirect(_safe_next(request.args.get("next")) or home_of(principal))
    status = 401 if errors.get("password") and username else (400 if errors else 200)
    return render_template("directory/login.html", errors=errors, username=username), status


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    return redirect("/login")


@bp.get("/directory/")
@login_required
@roles_required(*ADMIN_ROLES)
def overview():
    runtime = current_app.extensions["qinqing"]
    with runtime.uow() as uow:
        data = views.overview(uow, current_user.org_path)
    return render_template("directory/overview.html", **data)
