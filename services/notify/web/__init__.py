"""Notify's pages: the signed-in person's inbox."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Flask, current_app, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from services.notify import handlers, views
from services.notify.domain.addressing import Viewer
from services.notify.domain.commands import MarkAllRead, MarkRead
from services.notify.domain.templates import CHINA_TIME
from shared.web.i18n import current_locale

bp = Blueprint("notify", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.app_template_filter("china_time")
def china_time(moment: datetime) -> str:
    """A moment as the programme's local date and time."""
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


@bp.get("/notify/")
def index():
    return redirect("/notify/inbox")


@bp.get("/notify/inbox")
@login_required
def inbox():
    viewer = Viewer.of(current_user)
    with current_app.extensions["qinqing"].uow() as uow:
        items = views.inbox(uow, viewer, current_locale())
        unread = views.unread_count(uow, viewer)
    return render_template("notify/inbox.html", items=items, unread=unread)


@bp.post("/notify/inbox/<item_id>/read")
@login_required
def mark_read(item_id: str):
    command = MarkRead(item_id, Viewer.of(current_user))
    current_app.extensions["qinqing"].execute(handlers.mark_read, command)
    return redirect("/notify/inbox", code=303)


@bp.post("/notify/inbox/read-all")
@login_required
def mark_all_read():
    command = MarkAllRead(Viewer.of(current_user))
    count = current_app.extensions["qinqing"].execute(handlers.mark_all_read, command)
    flash(_("%(count)s messages marked as read.", count=count))
    return redirect("/notify/inbox", code=303)
