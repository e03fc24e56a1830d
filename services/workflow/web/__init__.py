"""Workflow's pages: the inbox of queues, a ticket's page with the actions open to the
viewer, and an enterprise user's own matters.

The routes live in :mod:`.inbox` (lists) and :mod:`.tickets` (one ticket); this module
holds the blueprint, the labels every template uses and the time filter.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, redirect, url_for
from flask_login import current_user, login_required

from services.workflow.domain.calendar import LOCAL_ZONE
from services.workflow.web.labels import labels

bp = Blueprint(
    "workflow",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/workflow/static/web",
)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(calendar.bp)
    app.register_blueprint(admin.bp)


@bp.context_processor
def label_tables() -> dict:
    return labels()


@bp.app_template_filter("local_time")
def local_time(moment) -> str:
    """A moment as Asia/Shanghai local date and time, to the minute."""
    return moment.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M")


def runtime():
    return current_app.extensions["qinqing"]


@bp.get("/workflow/")
@login_required
def index():
    return redirect(url_for("workflow.my" if current_user.is_enterprise else "workflow.inbox"))


# The routes register themselves on ``bp``; the calendar's page and the administrative
# pages (routing rules, the pairing roster) have blueprints of their own.
from services.workflow.web import admin, calendar, inbox, tickets  # noqa: E402, F401
